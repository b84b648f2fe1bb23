import { typeByName } from '../../resources/registry.js';
import type { StoredResource } from '../store/types.js';
import { destinationPorts } from './layout.js';
import { displayName, kriOfResource, kriString, noSection, NAMESPACE_LABEL, DISPLAY_NAME_LABEL, targetRefToKri, type Kri } from './kri.js';
import { canonicalJson, mergeConfs } from './merge.js';
import { compareDataplaneKind, compareKinds, compareOrigins, compareRoles, compareStrings } from './order.js';
import { arr, rec, str, strMap, type Snapshot } from './snapshot.js';
import { targetRefOf, type TargetRef } from './targetref.js';

/**
 * The confs Kuma computes from the policies matching a proxy (pkg/plugins/policies/core/rules):
 * single-item rules (policies with one top-level `default`), inbound rules (`rules`, or `from` for
 * MeshTimeout and MeshCircuitBreaker) and outbound resource rules (`to` entries resolved to real
 * resources: Mesh, MeshService and its ports, MeshExternalService, MeshMultiZoneService, MeshHTTPRoute).
 */

/** Which policy (and which of its entries) a conf comes from. */
export interface Origin {
  policy: StoredResource;
  ruleIndex: number;
}

interface Entry {
  policy: StoredResource;
  topLevel: TargetRef;
  ruleIndex: number;
  targetRef: TargetRef;
  default: unknown;
  matches: unknown[];
}

/** Types whose policies are one top-level `default` (Kuma's PolicyWithSingleItem). */
export function isSingleItemType(type: string): boolean {
  const p = typeByName(type)?.policy;
  return p !== undefined && p.isTargetRef && !p.hasTo && !p.hasFrom && !p.hasRules;
}

/** Kuma's IsFromAsRules: `from` entries read as inbound rules (the types whose descriptor says so). */
export function isFromAsRules(type: string): boolean {
  return ['MeshAccessLog', 'MeshCircuitBreaker', 'MeshRateLimit', 'MeshTimeout', 'MeshTLS'].includes(type);
}

function uniqueOrigins(entries: readonly Entry[], withRuleIndex: boolean): Origin[] {
  const seen = new Set<string>();
  const out: Origin[] = [];
  for (const e of entries) {
    const key = `${e.policy.mesh}\u0000${e.policy.name}\u0000${withRuleIndex ? e.ruleIndex : 0}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ policy: e.policy, ruleIndex: e.ruleIndex });
  }
  return out;
}

/** The merged `default` of single-item policies (sorted, least specific first) and where it comes from. */
export function singleItemRule(type: string, policies: readonly StoredResource[]): { conf: unknown; origins: Origin[] } | undefined {
  if (!isSingleItemType(type) || policies.length === 0) return undefined;
  const entries: Entry[] = policies.map((p) => ({ policy: p, topLevel: targetRefOf(p), ruleIndex: 0, targetRef: { kind: 'Mesh' }, default: p.spec.default ?? {}, matches: [] }));
  const merged = mergeConfs(entries.map((e) => e.default));
  if (merged.length === 0) return undefined;
  return { conf: merged[0], origins: uniqueOrigins(entries, false) };
}

/** Kuma's order of entries (sort.CompareByPolicyAttributes): top-level kind, Dataplane specificity, origin, role. */
function compareAttributes(a: Entry, b: Entry): number {
  return compareKinds(a.topLevel.kind, b.topLevel.kind) || compareDataplaneKind(a.topLevel, b.topLevel) || compareOrigins(a.policy, b.policy) || compareRoles(a.policy, b.policy);
}

/** Inbound entries: attributes, then display name descending (stable). */
function compareEntries(a: Entry, b: Entry): number {
  return compareAttributes(a, b) || compareStrings(displayName(b.policy), displayName(a.policy));
}

export interface InboundRule {
  match?: unknown;
  conf: unknown;
  origin: Origin;
}

/** Inbound rules of one type for the policies selecting one inbound (Kuma's inbound.BuildRules). */
export function inboundRules(type: string, policies: readonly StoredResource[]): InboundRule[] {
  const entries: Entry[] = [];
  for (const p of policies) {
    const rules = arr(p.spec.rules);
    const from = arr(p.spec.from);
    if (rules.length > 0) {
      rules.forEach((r, j) => entries.push({ policy: p, topLevel: targetRefOf(p), ruleIndex: j, targetRef: {}, default: rec(r).default, matches: arr(rec(r).matches) }));
    } else if (isFromAsRules(type) && from.length > 0) {
      from.forEach((f, j) => entries.push({ policy: p, topLevel: targetRefOf(p), ruleIndex: j, targetRef: rec(rec(f).targetRef) as TargetRef, default: rec(f).default, matches: [] }));
    }
  }
  const sorted = stableSort(entries, compareEntries);
  const rules: InboundRule[] = [];
  for (const e of sorted) {
    const origin = { policy: e.policy, ruleIndex: e.ruleIndex };
    if (e.matches.length === 0) rules.push({ conf: e.default ?? null, origin });
    else for (const m of e.matches) rules.push({ match: m, conf: e.default ?? null, origin });
  }
  return stableSort(rules, (a, b) => compareMatch(rec(a.match), rec(b.match)));
}

function compareMatch(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const sa = a.spiffeID === undefined || a.spiffeID === null ? undefined : rec(a.spiffeID);
  const sb = b.spiffeID === undefined || b.spiffeID === null ? undefined : rec(b.spiffeID);
  if (sa && !sb) return -1;
  if (!sa && sb) return 1;
  if (sa && sb) {
    const score = (m: Record<string, unknown>) => (m.type === 'Exact' ? 2 : m.type === 'Prefix' ? 1 : 0);
    const c = score(sb) - score(sa);
    if (c !== 0) return c;
  }
  const na = a.sni !== undefined && a.sni !== null;
  const nb = b.sni !== undefined && b.sni !== null;
  if (na && !nb) return -1;
  if (!na && nb) return 1;
  return 0;
}

function stableSort<T>(list: readonly T[], cmp: (a: T, b: T) => number): T[] {
  return list.map((v, i) => ({ v, i })).sort((a, b) => cmp(a.v, b.v) || a.i - b.i).map((x) => x.v);
}

export interface ResourceRule {
  resource: StoredResource;
  sectionName: string;
  conf: unknown[];
  origins: Origin[];
  /** Per MeshHTTPRoute rule `matches` (JSON), the policy entry it comes from. */
  originByMatches: Map<string, Origin>;
}

/** Outbound resource rules by KRI string (Kuma's outbound.BuildRules). */
export type ResourceRules = Map<string, ResourceRule>;

const REAL_KINDS = new Set(['Mesh', 'MeshService', 'MeshExternalService', 'MeshMultiZoneService', 'MeshHTTPRoute', 'MeshTCPRoute', 'Dataplane', 'MeshGateway']);

/** Per snapshot and type, its resources by KRI string (built once). */
const KRI_INDEX = new WeakMap<Snapshot, Map<string, Map<string, StoredResource>>>();

/** A resource by KRI (Kuma's kri.ResourceReader.Get). */
export function resourceByKri(snapshot: Snapshot, id: Kri): StoredResource | undefined {
  let byType = KRI_INDEX.get(snapshot);
  if (!byType) KRI_INDEX.set(snapshot, (byType = new Map()));
  let index = byType.get(id.type);
  if (!index) {
    index = new Map();
    for (const r of snapshot.of(id.type)) {
      const k = baseKri(r);
      if (k !== '' && !index.has(k)) index.set(k, r);
    }
    byType.set(id.type, index);
  }
  return index.get(kriString(noSection(id)));
}

const BASE_KRI = new WeakMap<StoredResource, string>();

/** The KRI of a resource without a section (memoised). */
function baseKri(r: StoredResource): string {
  let k = BASE_KRI.get(r);
  if (k === undefined) {
    const id = kriOfResource(r.type, r);
    k = id ? kriString(id) : '';
    BASE_KRI.set(r, k);
  }
  return k;
}

/** Kuma's resolve.TargetRef: the real resources (and sections) a `to` targetRef names. */
export function resolveTargetRef(snapshot: Snapshot, ref: TargetRef, policy: StoredResource): Array<{ resource: StoredResource; sectionName: string }> {
  const kind = str(ref.kind);
  if (!REAL_KINDS.has(kind)) return [];
  let byLabels: Record<string, string> | undefined;
  let byKri: Kri | undefined;
  let sectionName = str(ref.sectionName);
  let port = 0;
  const labels = strMap(ref.labels);
  if (Object.keys(labels).length > 0) byLabels = labels;
  else byKri = targetRefToKri(kriOfResource(kind, policy) ?? { type: kind, mesh: policy.mesh, zone: policy.labels['kuma.io/zone'] ?? '', namespace: policy.labels[NAMESPACE_LABEL] ?? '', name: displayName(policy), sectionName: '' }, ref);
  if (kind === 'MeshService' && sectionName === '') {
    const parts = str(ref.name).split('_');
    if ((parts.length === 4 && /^\d+$/.test(parts[3]!)) || parts.length === 3) {
      byLabels = { [NAMESPACE_LABEL]: parts[1]!, [DISPLAY_NAME_LABEL]: parts[0]! };
      byKri = undefined;
      port = parts.length === 4 ? Number(parts[3]) : 0;
      sectionName = '';
    }
  }
  let resources: StoredResource[] = [];
  if (byLabels) {
    resources = snapshot.of(kind).filter((r) => Object.entries(byLabels!).every(([k, v]) => r.labels[k] === v));
  } else if (byKri) {
    const r = resourceByKri(snapshot, byKri);
    if (r) resources = [r];
  }
  if (resources.length === 0) return [];
  if (port === 0 && sectionName === '') return resources.map((resource) => ({ resource, sectionName: '' }));
  const out: Array<{ resource: StoredResource; sectionName: string }> = [];
  for (const r of resources) {
    if (!['MeshService', 'MeshExternalService', 'MeshMultiZoneService'].includes(r.type)) {
      out.push({ resource: r, sectionName: '' });
      continue;
    }
    const ports = destinationPorts(r);
    const found = port !== 0 ? ports.find((p) => p.port === port) : ports.find((p) => p.name === sectionName);
    if (found) out.push({ resource: r, sectionName: found.name });
  }
  return out;
}

function kriOfSection(r: StoredResource, sectionName: string): string {
  const base = baseKri(r);
  return base === '' ? '' : `${base}${sectionName}`;
}

function isRelevant(item: { resource: StoredResource; sectionName: string }, other: StoredResource, sectionName: string): boolean {
  const t = item.resource.type;
  if (t === 'Mesh') return other.type === 'Mesh' ? item.resource.name === other.name : item.resource.name === other.mesh;
  if (t === 'MeshService' || t === 'MeshMultiZoneService') {
    if (other.type !== t) return false;
    if (kriOfSection(item.resource, item.sectionName) === kriOfSection(other, sectionName)) return true;
    return kriOfSection(item.resource, '') === kriOfSection(other, '') && item.sectionName === '' && sectionName !== '';
  }
  if (t === 'MeshExternalService' || t === 'MeshHTTPRoute') return other.type === t && kriOfSection(item.resource, '') === kriOfSection(other, '');
  return false;
}

/** Outbound resource rules of one type from the policies matching a proxy (top-level MeshHTTPRoute excluded). */
export function resourceRules(snapshot: Snapshot, type: string, policies: readonly StoredResource[]): ResourceRules {
  const entries: Entry[] = [];
  for (const p of policies) {
    const top = targetRefOf(p);
    if (top.kind === 'MeshHTTPRoute') continue;
    arr(p.spec.to).forEach((t, j) => entries.push({ policy: p, topLevel: top, ruleIndex: j, targetRef: rec(rec(t).targetRef) as TargetRef, default: toDefault(type, rec(t)), matches: [] }));
  }
  const sorted = stableSort(entries, (a, b) => {
    const attrs = compareAttributes(a, b);
    if (attrs !== 0) return attrs;
    const kinds = compareKinds(a.targetRef.kind, b.targetRef.kind);
    if (kinds !== 0) return kinds;
    if (a.targetRef.kind === 'MeshService') {
      const s = (t: TargetRef) => (str(t.sectionName) !== '' ? 1 : 0);
      const c = s(a.targetRef) - s(b.targetRef);
      if (c !== 0) return c;
    }
    return compareStrings(displayName(b.policy), displayName(a.policy));
  });
  const resolved: Array<{ entry: Entry; resource: StoredResource; sectionName: string }> = [];
  for (const e of sorted) for (const r of resolveTargetRef(snapshot, e.targetRef, e.policy)) resolved.push({ entry: e, ...r });
  const indexed = new Map<string, { resource: StoredResource; sectionName: string }>();
  for (const r of resolved) indexed.set(kriOfSection(r.resource, r.sectionName), { resource: r.resource, sectionName: r.sectionName });
  const rules: ResourceRules = new Map();
  for (const [uri, target] of indexed) {
    const relevant = resolved.filter((r) => isRelevant(r, target.resource, target.sectionName)).map((r) => r.entry);
    if (relevant.length === 0) continue;
    const originByMatches = new Map<string, Origin>();
    for (const o of uniqueOrigins(relevant, true)) {
      const e = relevant.find((x) => x.policy === o.policy && x.ruleIndex === o.ruleIndex)!;
      for (const rule of arr(rec(e.default).rules)) originByMatches.set(canonicalJson(rec(rule).matches ?? null), o);
    }
    rules.set(uri, {
      resource: target.resource,
      sectionName: target.sectionName,
      conf: mergeConfs(relevant.map((e) => e.default), { httpRoute: type === 'MeshHTTPRoute' }),
      origins: uniqueOrigins(relevant, true),
      originByMatches,
    });
  }
  return rules;
}

/** A `to` entry's conf: `default`, or for routes the entry's `rules` (and `hostnames`). */
function toDefault(type: string, to: Record<string, unknown>): unknown {
  if (type === 'MeshHTTPRoute') {
    const d: Record<string, unknown> = {};
    if (to.rules !== undefined) d.rules = to.rules;
    if (to.hostnames !== undefined) d.hostnames = to.hostnames;
    return d;
  }
  if (type === 'MeshTCPRoute') return rec(arr(to.rules)[0]);
  return to.default ?? {};
}

/** Kuma's ResourceRules.Compute: the rule of the KRI, else of its resource without section, else of its mesh. */
export function computeRule(rules: ResourceRules, id: Kri, snapshot: Snapshot): ResourceRule | undefined {
  const hit = rules.get(kriString(id));
  if (hit) return hit;
  if (!['MeshService', 'MeshExternalService', 'MeshMultiZoneService', 'MeshHTTPRoute'].includes(id.type)) return undefined;
  if (id.sectionName !== '') return computeRule(rules, noSection(id), snapshot);
  const mesh = snapshot.get('Mesh', id.mesh);
  return mesh ? rules.get(kriOfSection(mesh, '')) : undefined;
}

/** Kuma's ResourceContext: the first of these identifiers (most specific first) that has a rule, else the mesh's. */
export function contextRule(rules: ResourceRules, ids: readonly Kri[], snapshot: Snapshot): ResourceRule | undefined {
  for (const id of ids) {
    const hit = rules.get(kriString(id));
    if (hit) return hit;
  }
  const mesh = snapshot.meshResource;
  return mesh ? rules.get(kriOfSection(mesh, '')) : undefined;
}
