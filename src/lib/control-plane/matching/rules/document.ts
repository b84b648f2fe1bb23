/*
 * The document of `GET /meshes/{mesh}/dataplanes/{name}/_rules` and `.../meshgateways/{name}/_rules`
 * (kuma-cp 2.14's InspectRulesResponse): per policy type, in Kuma's plugin order, the rules the proxy
 * gets, each with the policies it comes from.
 */
import { isRecord } from '../../../json.js';
import type { StoredResource } from '../../store/types.js';
import {
  buildFromRules,
  buildInboundRules,
  buildLegacyToRules,
  buildResourceRules,
  buildSingleItemRule,
  hashMatches,
  type InboundRule,
  type Origin,
  type ResourceReader,
  type ResourceRule,
  type SubsetRule,
} from './build.js';
import { compareStrings, decodedPolicy, policyShape } from './policy.js';

/** The policies of one type that select a proxy (what the matching core computes). */
export interface PolicyTypeMatch {
  type: string;
  /** Policies selecting the proxy, in Kuma's order (the last wins). */
  policies: readonly StoredResource[];
  /** Per inbound listener (`address:port`), the policies selecting it, in Kuma's order. */
  byInbound: ReadonlyMap<string, readonly StoredResource[]>;
  warnings: readonly string[];
}

/** Kuma's policy plugin order (`+kuma:policy:order`), the order of `rules[]` in the document. */
export const RULES_PLUGIN_ORDER: readonly string[] = [
  'MeshHTTPRoute',
  'MeshTCPRoute',
  'MeshTLS',
  'MeshLoadBalancingStrategy',
  'MeshPassthrough',
  'MeshAccessLog',
  'MeshTrace',
  'MeshFaultInjection',
  'MeshRateLimit',
  'MeshTimeout',
  'MeshTrafficPermission',
  'MeshHealthCheck',
  'MeshCircuitBreaker',
  'MeshRetry',
  'MeshMetric',
  'MeshProxyPatch',
];

export interface Meta {
  labels: Record<string, string>;
  mesh: string;
  name: string;
  type: string;
}

export interface InboundRef {
  name?: string;
  port: number;
  tags: Record<string, string> | null;
}

export interface RulesSubject {
  /** The resource asked about (a Dataplane or a MeshGateway). */
  resource: StoredResource;
  /** Name and tags of the inbound on a port, as the document shows it. */
  inbound(port: number): InboundRef;
  /** Whether the mesh's MeshServices mode is Exclusive (legacy `to` rules are then left out). */
  meshServicesExclusive: boolean;
}

export function metaOf(type: string, r: { mesh: string; name: string; labels: Record<string, string> | undefined }): Meta {
  return { labels: r.labels ?? {}, mesh: r.mesh, name: r.name, type };
}

function matchersOf(rule: SubsetRule): Array<{ key: string; not: boolean; value: string }> {
  return rule.subset.map((t) => ({ key: t.key, not: t.not, value: t.value }));
}

function originsOf(type: string, origins: readonly Origin[]): Array<{ resourceMeta: Meta; ruleIndex: number }> {
  return origins.map((o) => ({ resourceMeta: metaOf(type, o.policy), ruleIndex: o.ruleIndex }));
}

function portOf(listener: string): number {
  return Number(listener.slice(listener.lastIndexOf(':') + 1));
}

function collectMatches(conf: unknown, into: Map<string, unknown>): void {
  if (!isRecord(conf) || !Array.isArray(conf['rules'])) return;
  for (const rule of conf['rules']) {
    const matches = isRecord(rule) ? rule['matches'] : undefined;
    into.set(hashMatches(matches), matches ?? null);
  }
}

/** The rules document for a proxy, from the policies of each type that select it. */
export function rulesDocument(subject: RulesSubject, matches: readonly PolicyTypeMatch[], reader: ResourceReader): Record<string, unknown> {
  const byType = new Map(matches.map((m) => [m.type, m]));
  const rules: Array<Record<string, unknown>> = [];
  const httpMatches = new Map<string, unknown>();
  for (const type of RULES_PLUGIN_ORDER) {
    const match = byType.get(type);
    if (!match || match.policies.length === 0) continue;
    const warnings = [...match.warnings];
    const decoded = new Map<StoredResource, StoredResource>();
    const decode = (p: StoredResource): StoredResource => {
      let d = decoded.get(p);
      if (!d) decoded.set(p, (d = decodedPolicy(p)));
      return d;
    };
    const policies = match.policies.map(decode);

    const inbounds = [...match.byInbound.entries()].map(([listener, ps]) => ({ port: portOf(listener), policies: ps.map(decode) }));
    let fromByInbound: Array<{ port: number; rules: SubsetRule[] }> = [];
    let inboundByInbound: Array<{ port: number; rules: InboundRule[] }> = [];
    if (policyShape(type).from) {
      try {
        fromByInbound = inbounds.map((i) => ({ port: i.port, rules: buildFromRules(type, i.policies) }));
        inboundByInbound = inbounds.map((i) => ({ port: i.port, rules: buildInboundRules(type, i.policies) }));
      } catch (err) {
        fromByInbound = [];
        inboundByInbound = [];
        warnings.push(`couldn't create From rules: ${(err as Error).message}`);
      }
    }
    let legacyTo: SubsetRule[] = [];
    let resourceRules: ResourceRule[] = [];
    try {
      legacyTo = buildLegacyToRules(type, policies, reader);
      resourceRules = buildResourceRules(type, policies, reader);
    } catch (err) {
      legacyTo = [];
      resourceRules = [];
      warnings.push(`couldn't create To rules: ${(err as Error).message}`);
    }
    let single: SubsetRule | undefined;
    try {
      single = buildSingleItemRule(type, policies);
    } catch (err) {
      warnings.push(`couldn't create top level rules: ${(err as Error).message}`);
    }

    if (type === 'MeshHTTPRoute') {
      for (const r of legacyTo) collectMatches(r.conf, httpMatches);
      for (const r of resourceRules) for (const c of r.conf) collectMatches(c, httpMatches);
    }

    const toRules = subject.meshServicesExclusive
      ? []
      : legacyTo.map((r) => ({ conf: r.conf, matchers: matchersOf(r), origin: r.origin.map((p) => metaOf(type, p)) }));
    const fromRules = fromByInbound
      .filter((i) => i.rules.length > 0)
      .map((i) => ({
        inbound: subject.inbound(i.port),
        rules: i.rules.map((r) => ({ conf: r.conf, matchers: matchersOf(r), origin: r.origin.map((p) => metaOf(type, p)) })),
      }))
      .sort((a, b) => a.inbound.port - b.inbound.port);
    const inboundRules = inboundByInbound
      .filter((i) => i.rules.length > 0)
      .map((i) => ({
        inbound: subject.inbound(i.port),
        rules: i.rules.map((r) => ({ conf: [r.conf], ...(r.match !== undefined ? { match: r.match } : {}), origin: originsOf(type, [r.origin]) })),
      }))
      .sort((a, b) => a.inbound.port - b.inbound.port);
    const toResourceRules = resourceRules
      .map((r) => ({
        conf: r.conf,
        origin: originsOf(type, r.origin),
        resourceMeta: metaOf(r.resourceType, r.resource),
        resourceSectionName: r.sectionName,
      }))
      .sort((a, b) => compareStrings(a.resourceMeta.name, b.resourceMeta.name));
    const proxyRule = single ? { conf: single.conf, origin: single.origin.map((p) => metaOf(type, p)) } : undefined;

    if (!proxyRule && fromRules.length === 0 && toRules.length === 0 && toResourceRules.length === 0 && inboundRules.length === 0) continue;
    rules.push({
      fromRules,
      inboundRules,
      ...(proxyRule ? { proxyRule } : {}),
      toResourceRules,
      toRules,
      type,
      warnings,
    });
  }
  const httpMatchList = [...httpMatches.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([hash, match]) => ({ hash, match }));
  return {
    httpMatches: httpMatchList,
    resource: metaOf(subject.resource.type, subject.resource),
    rules,
  };
}
