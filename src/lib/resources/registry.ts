import { editDistance, farLongerThanAll } from '../text.js';

/**
 * The one registry of Kuma resource types (Kuma 2.14). Everything that needs to know about a type
 * (URLs, CLI names, validation, table columns, the local control plane's routes) reads it from here.
 * Adding a type is one row in TYPES below.
 */

export type Scope = 'Global' | 'Mesh';
/** `spec`: `{type, mesh, name, labels, spec}`; `flat`: the spec's fields sit next to the meta. */
export type Shape = 'spec' | 'flat';
export type Category = 'core' | 'policy' | 'resource' | 'insight' | 'legacy-policy' | 'legacy';
export type ColumnId = 'MESH' | 'NAME' | 'mTLS' | 'LOCALITY' | 'ZONEEGRESS' | 'TAGS' | 'ADDRESS' | 'AGE';

export interface PolicyTraits {
  hasTo: boolean;
  hasFrom: boolean;
  hasRules: boolean;
  isTargetRef: boolean;
}

export interface ResourceType {
  /** The `type` field value, e.g. `MeshTimeout`. */
  name: string;
  /** CLI singular name (`get meshtimeout NAME`, `delete meshtimeout NAME`). */
  singular: string;
  /** CLI plural name (`get meshtimeouts`). */
  plural: string;
  /** Other CLI names for the singular form (`global-secret`). */
  aliases: string[];
  /** Other CLI names for the plural form (`global-secrets`). */
  pluralAliases: string[];
  /** API path segment (`/meshes/{mesh}/meshtimeouts`). */
  path: string;
  /** A second API path serving the same type (`global-secrets`). */
  altPath?: string;
  scope: Scope;
  shape: Shape;
  category: Category;
  /** KRI short name; empty when the type has none (no `kri` field is shown). */
  shortName: string;
  /** System-managed: PUT and DELETE are refused. */
  readOnly: boolean;
  /** Secrets: only an admin may read them. */
  adminOnly: boolean;
  hasStatus: boolean;
  policy?: PolicyTraits;
  /** Shown by `get` and `delete` (kumactl's commands). */
  cli: boolean;
  /** Why the type should not be used any more, if so. */
  deprecated?: string;
  columns: ColumnId[];
  singularDisplayName: string;
  pluralDisplayName: string;
}

interface Row {
  name: string;
  plural?: string;
  path?: string;
  altPath?: string;
  singular?: string;
  aliases?: string[];
  pluralAliases?: string[];
  scope?: Scope;
  shape?: Shape;
  category: Category;
  shortName?: string;
  hasStatus?: boolean;
  policy?: Partial<PolicyTraits>;
  cli?: boolean;
  adminOnly?: boolean;
  deprecated?: string;
  columns?: ColumnId[];
}

const LEGACY_POLICY =
  'a Kuma 2.x legacy policy, removed in Kuma 3.0; use the targetRef policies (MeshTrafficPermission, MeshHTTPRoute, MeshTimeout, ...) instead';

const ROWS: Row[] = [
  // Global core types
  { name: 'Mesh', plural: 'meshes', scope: 'Global', shape: 'flat', category: 'core', shortName: 'm', columns: ['NAME', 'mTLS', 'LOCALITY', 'ZONEEGRESS', 'AGE'] },
  { name: 'Zone', scope: 'Global', shape: 'flat', category: 'core', shortName: 'z' },
  { name: 'GlobalSecret', altPath: 'global-secrets', aliases: ['global-secret'], pluralAliases: ['global-secrets'], scope: 'Global', shape: 'flat', category: 'core', adminOnly: true },
  { name: 'HostnameGenerator', scope: 'Global', category: 'resource', shortName: 'hg' },
  { name: 'MeshInsight', path: 'mesh-insights', scope: 'Global', shape: 'flat', category: 'insight', cli: false },
  { name: 'ZoneInsight', path: 'zone-insights', scope: 'Global', shape: 'flat', category: 'insight', cli: false },
  // Mesh-scoped core types
  { name: 'Dataplane', shape: 'flat', category: 'core', shortName: 'dp', columns: ['MESH', 'NAME', 'TAGS', 'ADDRESS', 'AGE'] },
  { name: 'DataplaneInsight', path: 'dataplane-insights', shape: 'flat', category: 'insight', cli: false },
  { name: 'ServiceInsight', path: 'service-insights', shape: 'flat', category: 'insight', cli: false },
  { name: 'Secret', shape: 'flat', category: 'core', adminOnly: true },
  // New (spec-wrapped) resources
  { name: 'MeshService', category: 'resource', shortName: 'msvc', hasStatus: true },
  { name: 'MeshExternalService', category: 'resource', shortName: 'extsvc', hasStatus: true },
  { name: 'MeshMultiZoneService', category: 'resource', shortName: 'mzsvc', hasStatus: true },
  { name: 'MeshIdentity', plural: 'meshidentities', category: 'resource', shortName: 'mid', hasStatus: true },
  { name: 'MeshTrust', category: 'resource', shortName: 'mtrust', hasStatus: true },
  { name: 'MeshOpenTelemetryBackend', category: 'resource', shortName: 'motb', hasStatus: true },
  { name: 'MeshZoneAddress', plural: 'meshzoneaddresses', category: 'resource', shortName: 'mza' },
  { name: 'Workload', category: 'resource', shortName: 'wl', hasStatus: true },
  // New (targetRef) policies
  { name: 'MeshAccessLog', category: 'policy', shortName: 'mal', hasStatus: true, policy: { hasTo: true, hasFrom: true, hasRules: true } },
  { name: 'MeshCircuitBreaker', category: 'policy', shortName: 'mcb', policy: { hasTo: true, hasFrom: true, hasRules: true } },
  { name: 'MeshFaultInjection', category: 'policy', shortName: 'mfi', policy: { hasTo: true, hasFrom: true, hasRules: true } },
  { name: 'MeshHTTPRoute', category: 'policy', shortName: 'mhttpr', policy: { hasTo: true } },
  { name: 'MeshHealthCheck', category: 'policy', shortName: 'mhc', policy: { hasTo: true } },
  { name: 'MeshLoadBalancingStrategy', plural: 'meshloadbalancingstrategies', category: 'policy', shortName: 'mlbs', policy: { hasTo: true } },
  { name: 'MeshMetric', category: 'policy', shortName: 'mm', hasStatus: true, policy: {} },
  { name: 'MeshPassthrough', category: 'policy', shortName: 'mp', policy: {} },
  { name: 'MeshProxyPatch', plural: 'meshproxypatches', category: 'policy', shortName: 'mpp', policy: {} },
  { name: 'MeshRateLimit', category: 'policy', shortName: 'mrl', policy: { hasTo: true, hasFrom: true, hasRules: true } },
  { name: 'MeshRetry', plural: 'meshretries', category: 'policy', shortName: 'mr', policy: { hasTo: true } },
  { name: 'MeshTCPRoute', category: 'policy', shortName: 'mtcpr', policy: { hasTo: true } },
  { name: 'MeshTLS', plural: 'meshtlses', category: 'policy', shortName: 'mtls', policy: { hasFrom: true, hasRules: true } },
  { name: 'MeshTimeout', category: 'policy', shortName: 'mt', policy: { hasTo: true, hasFrom: true, hasRules: true } },
  { name: 'MeshTrace', category: 'policy', shortName: 'mtr', hasStatus: true, policy: {} },
  { name: 'MeshTrafficPermission', category: 'policy', shortName: 'mtp', policy: { hasFrom: true, hasRules: true } },
  // Kuma 2.x legacy types (flat)
  { name: 'ExternalService', singular: 'external-service', plural: 'external-services', path: 'external-services', shape: 'flat', category: 'legacy', deprecated: 'removed in Kuma 3.0; use MeshExternalService instead' },
  { name: 'MeshGateway', shape: 'flat', category: 'legacy', shortName: 'mgw', deprecated: 'removed in Kuma 3.0' },
  { name: 'ZoneIngress', plural: 'zoneingresses', altPath: 'zone-ingresses', aliases: ['zone-ingress'], pluralAliases: ['zone-ingresses'], scope: 'Global', shape: 'flat', category: 'legacy', shortName: 'zi' },
  { name: 'ZoneEgress', plural: 'zoneegresses', scope: 'Global', shape: 'flat', category: 'legacy', shortName: 'ze' },
  { name: 'ZoneIngressInsight', path: 'zone-ingress-insights', scope: 'Global', shape: 'flat', category: 'insight', cli: false },
  { name: 'ZoneEgressInsight', path: 'zoneegressinsights', scope: 'Global', shape: 'flat', category: 'insight', cli: false },
  { name: 'CircuitBreaker', singular: 'circuit-breaker', plural: 'circuit-breakers', category: 'legacy-policy' },
  { name: 'FaultInjection', singular: 'fault-injection', plural: 'fault-injections', category: 'legacy-policy' },
  { name: 'HealthCheck', singular: 'healthcheck', plural: 'healthchecks', path: 'health-checks', category: 'legacy-policy' },
  { name: 'MeshGatewayRoute', category: 'legacy-policy' },
  { name: 'ProxyTemplate', category: 'legacy-policy' },
  { name: 'RateLimit', singular: 'rate-limit', plural: 'rate-limits', category: 'legacy-policy' },
  { name: 'Retry', singular: 'retry', plural: 'retries', category: 'legacy-policy' },
  { name: 'Timeout', singular: 'timeout', plural: 'timeouts', category: 'legacy-policy' },
  { name: 'TrafficLog', singular: 'traffic-log', plural: 'traffic-logs', category: 'legacy-policy' },
  { name: 'TrafficPermission', singular: 'traffic-permission', plural: 'traffic-permissions', category: 'legacy-policy' },
  { name: 'TrafficRoute', singular: 'traffic-route', plural: 'traffic-routes', category: 'legacy-policy' },
  { name: 'TrafficTrace', singular: 'traffic-trace', plural: 'traffic-traces', category: 'legacy-policy' },
  { name: 'VirtualOutbound', singular: 'virtual-outbound', plural: 'virtual-outbounds', category: 'legacy-policy' },
];

function displayName(typeName: string): string {
  return typeName.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
}

function pluralOf(word: string): string {
  return word.endsWith('s') || word.endsWith('x') ? `${word}es` : `${word}s`;
}

function build(row: Row): ResourceType {
  const scope = row.scope ?? 'Mesh';
  const isLegacyPolicy = row.category === 'legacy-policy';
  const singular = row.singular ?? row.name.toLowerCase();
  const plural = row.plural ?? pluralOf(singular);
  const type: ResourceType = {
    name: row.name,
    singular,
    plural,
    aliases: row.aliases ?? [],
    pluralAliases: row.pluralAliases ?? [],
    path: row.path ?? plural,
    scope,
    shape: row.shape ?? (isLegacyPolicy ? 'flat' : 'spec'),
    category: row.category,
    shortName: row.shortName ?? '',
    readOnly: row.category === 'insight',
    adminOnly: row.adminOnly ?? false,
    hasStatus: row.hasStatus ?? false,
    cli: row.cli ?? true,
    columns: row.columns ?? (scope === 'Mesh' ? ['MESH', 'NAME', 'AGE'] : ['NAME', 'AGE']),
    singularDisplayName: displayName(row.name),
    pluralDisplayName: pluralOf(displayName(row.name)).replace(/ys$/, 'ies').replace(/Meshs$/, 'Meshes'),
  };
  if (row.altPath) type.altPath = row.altPath;
  if (row.policy || isLegacyPolicy) {
    type.policy = {
      hasTo: row.policy?.hasTo ?? false,
      hasFrom: row.policy?.hasFrom ?? false,
      hasRules: row.policy?.hasRules ?? false,
      isTargetRef: !isLegacyPolicy,
    };
  }
  const deprecated = row.deprecated ?? (isLegacyPolicy ? LEGACY_POLICY : undefined);
  if (deprecated) type.deprecated = deprecated;
  return type;
}

export const RESOURCE_TYPES: readonly ResourceType[] = Object.freeze(ROWS.map(build));

const byName = new Map<string, ResourceType>();
const byCliName = new Map<string, ResourceType>();
const byPath = new Map<string, ResourceType>();
for (const t of RESOURCE_TYPES) {
  byName.set(t.name, t);
  byPath.set(t.path, t);
  if (t.altPath) byPath.set(t.altPath, t);
  for (const n of [t.singular, t.plural, ...t.aliases, ...t.pluralAliases]) byCliName.set(n, t);
}

/** Look a type up by its `type` value (`MeshTimeout`), case-sensitively as Kuma does. */
export function typeByName(name: string): ResourceType | undefined {
  return byName.get(name);
}

/** Look a type up by a CLI name: singular, plural or alias (`meshtimeout`, `meshtimeouts`). */
export function typeByCliName(name: string): ResourceType | undefined {
  return byCliName.get(name);
}

/** A CLI name's type and whether it names the plural form (`get meshes`) or the singular (`get mesh NAME`). */
export function parseCliName(name: string): { type: ResourceType; plural: boolean } | undefined {
  const type = byCliName.get(name);
  if (!type) return undefined;
  return { type, plural: name === type.plural || type.pluralAliases.includes(name) };
}

/** Look a type up by its API path segment (`meshtimeouts`, `global-secrets`). */
export function typeByPath(path: string): ResourceType | undefined {
  return byPath.get(path);
}

/** Type names a user may have meant: same letters in another case, or a short edit away. */
export function suggestTypeNames(input: string, limit = 3): string[] {
  const lower = input.toLowerCase();
  const exactCase = RESOURCE_TYPES.filter((t) => t.name.toLowerCase() === lower).map((t) => t.name);
  if (exactCase.length > 0) return exactCase;
  if (farLongerThanAll(input, RESOURCE_TYPES.map((t) => t.name))) return [];
  return RESOURCE_TYPES.map((t) => ({ name: t.name, d: editDistance(lower, t.name.toLowerCase()) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(input.length / 4)))
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((x) => x.name);
}
