import type { KumaClient } from '../client/index.js';
import { UsageError, UserError, ExitCode } from '../errors.js';
import { isRecord } from '../json.js';
import { renderOne } from '../output/resources.js';
import { formatYaml } from '../output/yaml.js';
import { typeByName, type ResourceType } from '../resources/registry.js';
import { toKubernetes } from '../resources/kubernetes.js';
import { isGeneratedSecret } from './index.js';

/*
 * kumactl 2.14's `export --profile P --format F` (app/kumactl/cmd/export): which types each profile
 * takes (from the control plane's `/_resources` catalogue), the Mesh rewritten as kumactl rewrites it,
 * the order (Meshes, then Secrets, then every other type, GlobalSecrets last), and both output formats.
 * Ours on top: `--mesh` narrows it to some meshes, and the keys and CAs a control plane generates are
 * left out unless asked for (`--include-generated-keys`).
 */

export const PROFILES = ['all', 'federation', 'federation-with-policies', 'no-dataplanes'] as const;
export type Profile = (typeof PROFILES)[number];
export const FORMATS = ['universal', 'kubernetes'] as const;
export type Format = (typeof FORMATS)[number];

export interface ProfileOptions {
  profile: Profile;
  format: Format;
  /** kumactl's `--include-admin`: admin-only types (Secret, GlobalSecret) with profiles all and no-dataplanes. */
  includeAdmin: boolean;
  /** kumactl's `--system-namespace`: the namespace of namespaced Kubernetes objects. */
  systemNamespace: string;
  /** Only these meshes (and no global type but their Mesh); undefined: every mesh and the global types. */
  meshes?: string[];
  /** Export the signing keys and builtin CAs the control plane generated (the Mesh then points at the CA as kumactl does). */
  includeGeneratedKeys: boolean;
}

/** kumactl's checks of `--profile` and `--format`, with its messages. */
export function checkProfileFlags(profile: string, format: string): { profile: Profile; format: Format } {
  if (!(PROFILES as readonly string[]).includes(profile)) throw new UsageError(`invalid profile: ${JSON.stringify(profile)}`, `profiles: ${PROFILES.join(', ')}`);
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`invalid format: ${JSON.stringify(format)}`, `formats: ${FORMATS.join(', ')}`);
  return { profile: profile as Profile, format: format as Format };
}

const MIGRATION: readonly Profile[] = ['federation', 'federation-with-policies'];

interface CatalogueEntry {
  name: string;
  includeInFederation?: boolean;
  policy?: { isTargetRef?: boolean };
}

/** The control plane's resource catalogue (`GET /_resources`). */
async function catalogue(client: KumaClient): Promise<CatalogueEntry[]> {
  const res = await client.send('GET', '/_resources');
  if (res.status !== 200) throw client.failure(res, 'could not list the resource types (GET /_resources)');
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch {
    throw new UserError('GET /_resources: the answer is not JSON (is the address a Kuma control plane?)', ExitCode.UNREACHABLE);
  }
  const list = isRecord(json) && Array.isArray(json.resources) ? json.resources : [];
  return list.filter(isRecord).filter((r) => typeof r.name === 'string') as unknown as CatalogueEntry[];
}

const PRIORITY: Record<string, number> = { Mesh: 0, Secret: 1, GlobalSecret: 99 };

/**
 * The types a profile exports, in kumactl's order: the catalogue sorted by name, then Mesh first,
 * Secret next, GlobalSecret last. Read-only types (insights) are never exported: they cannot be applied.
 */
export function typesForProfile(entries: CatalogueEntry[], options: Pick<ProfileOptions, 'profile' | 'includeAdmin'>): { types: ResourceType[]; unknown: string[] } {
  const types: ResourceType[] = [];
  const unknown: string[] = [];
  for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const type = typeByName(entry.name);
    if (!type) {
      unknown.push(entry.name);
      continue;
    }
    if (type.readOnly) continue;
    if (type.adminOnly && !MIGRATION.includes(options.profile) && !options.includeAdmin) continue;
    switch (options.profile) {
      case 'federation':
        if (!entry.includeInFederation || entry.policy?.isTargetRef || type.name === 'MeshGateway') continue;
        break;
      case 'federation-with-policies':
        if (!entry.includeInFederation) continue;
        break;
      case 'no-dataplanes':
        if (type.name === 'Dataplane') continue;
        break;
      case 'all':
        break;
    }
    types.push(type);
  }
  types.sort((a, b) => (PRIORITY[a.name] ?? 50) - (PRIORITY[b.name] ?? 50));
  return { types, unknown };
}

/** Global secrets a control plane generates: token signing keys; kumactl always drops envoy-admin-ca and inter-cp-ca. */
function isGeneratedGlobalSecret(name: string): boolean {
  return /^(user-token-signing-key|zone-token-signing-key|zone-token-signing-public-key)(-|$)/.test(name);
}

/**
 * kumactl's rewrite of a Mesh for an export: `skipCreatingInitialPolicies: ['*']` (the export holds the
 * mesh's policies), and, when its builtin CA is exported too, each builtin backend turned into a
 * provided one reading that CA's secrets (`mtls.skipValidation: true`), so the mesh keeps its CA.
 */
export function rewriteMesh(mesh: Record<string, unknown>, keepCa: boolean): Record<string, unknown> {
  const out = structuredClone(mesh);
  out.skipCreatingInitialPolicies = ['*'];
  const mtls = isRecord(out.mtls) ? out.mtls : undefined;
  if (keepCa && mtls && Array.isArray(mtls.backends)) {
    for (const backend of mtls.backends) {
      if (!isRecord(backend) || backend.type !== 'builtin') continue;
      const name = String(backend.name);
      backend.type = 'provided';
      backend.conf = { cert: { secret: `${String(mesh.name)}.ca-builtin-cert-${name}` }, key: { secret: `${String(mesh.name)}.ca-builtin-key-${name}` } };
      delete backend.dpCert;
      mtls.skipValidation = true;
    }
  }
  return out;
}

export interface ProfileExport {
  /** kumactl's first line: `# Product: ..., Version: ..., Hostname: ..., ClusterId: ..., InstanceId: ...`. */
  header: string;
  /** Comment lines kumactl prints about types it does not know. */
  comments: string[];
  /** Warnings for stderr. */
  warnings: string[];
  resources: Array<{ type: ResourceType; resource: Record<string, unknown> }>;
}

/** Read everything a profile exports, in kumactl's order. */
export async function exportProfile(client: KumaClient, options: ProfileOptions): Promise<ProfileExport> {
  const index = await client.index();
  const field = (v: unknown) => (typeof v === 'string' ? v : '');
  const header = `# Product: ${field(index.product)}, Version: ${field(index.version)}, Hostname: ${field(index.hostname)}, ClusterId: ${field(index.clusterId)}, InstanceId: ${field(index.instanceId)}`;
  const { types, unknown } = typesForProfile(await catalogue(client), options);
  const comments: string[] = [];
  const warnings: string[] = [];
  if (unknown.length > 0) {
    const msg = `The following types won't be exported because they are unknown to kumactl: ${unknown.join(',')}`;
    comments.push(`# ${msg}`);
    warnings.push(`WARNING: ${msg}. Are you using a compatible version of kumactl?`);
  }
  const meshType = typeByName('Mesh')!;
  let meshes = await client.listAll(meshType, {});
  if (options.meshes) {
    const wanted = [...new Set(options.meshes)];
    const missing = wanted.filter((m) => !meshes.some((x) => x.name === m));
    if (missing.length > 0) throw new UserError(`mesh "${missing[0]}" not found`, ExitCode.REJECTED, "'kumactl get meshes' lists the meshes");
    meshes = wanted.map((m) => meshes.find((x) => x.name === m)!);
  }
  const secretsExported = types.some((t) => t.name === 'Secret');
  const keepCa = options.includeGeneratedKeys && secretsExported;
  const first: ProfileExport['resources'] = [];
  const middle: ProfileExport['resources'] = [];
  const last: ProfileExport['resources'] = [];
  for (const type of types) {
    if (type.scope === 'Global') {
      if (type.name === 'Mesh') {
        for (const m of meshes) first.push({ type, resource: rewriteMesh(m, keepCa) });
        continue;
      }
      if (options.meshes) continue; // a tenant's export holds no cluster-wide resource
      for (const item of await client.listAll(type, {})) {
        const name = String(item.name);
        if (type.name === 'GlobalSecret') {
          if (name === 'envoy-admin-ca' || name === 'inter-cp-ca') continue;
          if (isGeneratedGlobalSecret(name) && !options.includeGeneratedKeys) continue;
          if (name.startsWith('user-token-signing-key')) {
            last.push({ type, resource: item });
            continue;
          }
        }
        middle.push({ type, resource: item });
      }
      continue;
    }
    for (const m of meshes) {
      for (const item of await client.listAll(type, { mesh: String(m.name) })) {
        if (type.name === 'Secret' && !options.includeGeneratedKeys && isGeneratedSecret(String(m.name), String(item.name))) continue;
        middle.push({ type, resource: { ...item, type: item.type ?? type.name } });
      }
    }
  }
  const excludeOrigin = MIGRATION.includes(options.profile);
  const resources = [...first, ...middle, ...last].map(({ type, resource }) => ({ type, resource: excludeOrigin ? withoutOrigin(resource) : resource }));
  return { header, comments, warnings, resources };
}

function withoutOrigin(resource: Record<string, unknown>): Record<string, unknown> {
  if (!isRecord(resource.labels) || !('kuma.io/origin' in resource.labels)) return resource;
  const labels = { ...resource.labels };
  delete labels['kuma.io/origin'];
  const out = { ...resource };
  if (Object.keys(labels).length > 0) out.labels = labels;
  else delete out.labels;
  return out;
}

/** Kubernetes' form of a timestamp: RFC 3339 in UTC, whole seconds. */
function kubernetesTime(t: unknown): string | undefined {
  if (typeof t !== 'string') return undefined;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? undefined : `${d.toISOString().slice(0, 19)}Z`;
}

/**
 * The export as kumactl prints it. Universal: the header, then `---` and the resource as `get -o yaml`
 * prints it, for each. Kubernetes: the header, then one object per resource, `---` between them.
 */
export function formatProfileExport(exp: ProfileExport, format: Format, systemNamespace: string): string {
  const head = [exp.header, ...exp.comments].map((l) => `${l}\n`).join('');
  if (format === 'universal') return head + exp.resources.map(({ type, resource }) => `---\n${renderOne(type, resource, 'yaml', new Date())}`).join('');
  const docs = exp.resources.map(({ type, resource }) => {
    const created = kubernetesTime(resource.creationTime);
    return formatYaml(toKubernetes(type, resource, { namespace: systemNamespace, ...(created ? { creationTimestamp: created } : {}) }));
  });
  return head + docs.join('---\n');
}
