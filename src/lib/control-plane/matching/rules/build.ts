/*
 * Kuma 2.14's rule computation (pkg/plugins/policies/core/rules): from the policies of one type
 * that select a proxy, already in Kuma's order, build
 * - `from` rules per inbound (subsets of clients, with negations),
 * - inbound rules per inbound (`rules` entries, or `from` entries for the types that read them so),
 * - legacy `to` rules (subsets of destinations by kuma.io/service, routes' matches hashes),
 * - resource rules (`to` entries resolved to real resources: Mesh, MeshService, ...),
 * - the single-item rule of policies configured by a top-level `default`.
 */
import { createHash } from 'node:crypto';
import { isRecord, type Obj } from '../../../json.js';
import type { StoredResource } from '../../store/types.js';
import { mergeConfs, type ConfShape } from './merge.js';
import { destinationPorts } from '../layout.js';
import {
  asTargetRef,
  compareDataplaneKind,
  compareKinds,
  compareOrigins,
  compareRoles,
  compareStrings,
  displayName,
  identityOf,
  isOldKind,
  NAMESPACE_LABEL,
  policyShape,
  topLevelOf,
  ZONE_LABEL,
  type TargetRef,
} from './policy.js';
import {
  canonicalSubset,
  deduplicate,
  intersect,
  isSubset,
  numPositive,
  SERVICE_TAG,
  subsetCombinations,
  subsetFromMap,
  type Subset,
  type Tag,
} from './subset.js';

export const RULE_MATCHES_HASH_TAG = '__rule-matches-hash__';

/** Reads the resources of the proxy's mesh (and the mesh itself). */
export interface ResourceReader {
  /** Every resource of a type in the mesh (for `Mesh`: the mesh). */
  list(type: string): readonly StoredResource[];
  /** The first resource of a type with this identity (identityOf), when the reader keeps an index. */
  find?(type: string, identity: string): StoredResource | undefined;
}

export interface PolicyItem {
  targetRef: TargetRef;
  conf: unknown;
  policy: StoredResource;
  topLevel: TargetRef;
  ruleIndex: number;
}

/** A legacy rule: a subset of tags, its merged conf and the policies that made it. */
export interface SubsetRule {
  subset: Subset;
  conf: unknown;
  origin: StoredResource[];
}

export interface Origin {
  policy: StoredResource;
  ruleIndex: number;
}

export interface InboundRule {
  match?: unknown;
  conf: unknown;
  origin: Origin;
}

export interface ResourceRule {
  resourceType: string;
  resource: StoredResource;
  sectionName: string;
  conf: unknown[];
  origin: Origin[];
}

export class RuleError extends Error {}

export function confShape(type: string): ConfShape {
  return type === 'MeshHTTPRoute' ? 'httpRoute' : 'plain';
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function obj(v: unknown): Obj {
  return isRecord(v) ? v : {};
}

// ---- Go-shaped JSON of MeshHTTPRoute matches, for their hash ----

function pick(o: Obj, fields: readonly string[], omitEmpty: readonly string[] = []): Obj {
  const out: Obj = {};
  for (const f of fields) {
    const v = o[f];
    if (v === undefined || v === null) {
      if (!omitEmpty.includes(f)) out[f] = typeof v === 'string' ? v : '';
      continue;
    }
    out[f] = v;
  }
  return out;
}

function goMatch(m: unknown): Obj {
  const o = obj(m);
  const out: Obj = {};
  if (isRecord(o['path'])) out['path'] = pick(o['path'], ['value', 'type']);
  if (typeof o['method'] === 'string') out['method'] = o['method'];
  if (Array.isArray(o['queryParams'])) out['queryParams'] = o['queryParams'].map((q) => pick(obj(q), ['type', 'name', 'value']));
  if (Array.isArray(o['headers'])) out['headers'] = o['headers'].map((h) => pick(obj(h), ['type', 'name', 'value']));
  return out;
}

/** Kuma's HashMatches: sha256 of the matches as Go marshals them, in base64. */
export function hashMatches(matches: unknown): string {
  const json = Array.isArray(matches) ? JSON.stringify(matches.map(goMatch)) : 'null';
  return createHash('sha256').update(json).digest('base64');
}

// ---- the conf of an entry ----

/** What an entry (`to[i]`, `from[i]`, `rules[i]`) contributes to a merge (its GetDefault). */
export function entryConf(type: string, entry: unknown): unknown {
  const e = obj(entry);
  if (type === 'MeshHTTPRoute') {
    const conf: Obj = {};
    const rules = list(e['rules']);
    if (rules.length > 0) conf['rules'] = [...rules].reverse();
    const hostnames = list(e['hostnames']);
    if (hostnames.length > 0) conf['hostnames'] = hostnames;
    return conf;
  }
  if (type === 'MeshTCPRoute') {
    const rules = list(e['rules']);
    if (rules.length === 0) return { default: { backendRefs: [{ ...obj(e['targetRef']), weight: 1 }] } };
    return rules[0];
  }
  return e['default'] ?? {};
}

// ---- legacy subset rules ----

function asSubset(tr: TargetRef): Subset {
  switch (tr.kind) {
    case 'Mesh':
      return [];
    case 'MeshSubset':
      return subsetFromMap(tr.tags);
    case 'MeshService':
      return [{ key: SERVICE_TAG, value: tr.name ?? '', not: false }];
    case 'MeshServiceSubset':
      return [{ key: SERVICE_TAG, value: tr.name ?? '', not: false }, ...subsetFromMap(tr.tags)];
    default:
      throw new RuleError(`can't represent ${tr.kind} as tags`);
  }
}

function dedupeOrigins(items: readonly PolicyItem[], withRuleIndex: boolean): Origin[] {
  // by mesh and name: the same policy may come as different objects (decoded or not)
  const seen = new Map<string, Set<number> | true>();
  const out: Origin[] = [];
  for (const it of items) {
    const key = `${it.policy.mesh}\u0000${it.policy.name}`;
    const rules = seen.get(key);
    if (!withRuleIndex) {
      if (rules) continue;
      seen.set(key, true);
    } else if (rules instanceof Set) {
      if (rules.has(it.ruleIndex)) continue;
      rules.add(it.ruleIndex);
    } else {
      seen.set(key, new Set([it.ruleIndex]));
    }
    out.push({ policy: it.policy, ruleIndex: it.ruleIndex });
  }
  return out;
}

function createRules(ss: Subset, items: readonly PolicyItem[], shape: ConfShape): SubsetRule[] {
  const relevant = items.filter((it) => isSubset(asSubset(it.targetRef), ss));
  if (relevant.length === 0) return [];
  const origin = dedupeOrigins(relevant, false).map((o) => o.policy);
  return mergeConfs(
    relevant.map((it) => it.conf),
    shape,
  ).map((conf) => ({ subset: ss, conf, origin }));
}

/** All maximal cliques of an undirected graph given as adjacency sets (Bron–Kerbosch with pivot). */
function maximalCliques(n: number, adj: Array<Set<number>>): number[][] {
  const out: number[][] = [];
  const expand = (r: number[], p: Set<number>, x: Set<number>): void => {
    if (p.size === 0 && x.size === 0) {
      out.push([...r]);
      return;
    }
    let pivot = -1;
    let best = -1;
    for (const u of [...p, ...x]) {
      let c = 0;
      for (const v of p) if (adj[u]!.has(v)) c++;
      if (c > best) {
        best = c;
        pivot = u;
      }
    }
    for (const v of [...p]) {
      if (pivot >= 0 && adj[pivot]!.has(v)) continue;
      const nv = adj[v]!;
      expand([...r, v], new Set([...p].filter((w) => nv.has(w))), new Set([...x].filter((w) => nv.has(w))));
      p.delete(v);
      x.add(v);
    }
  };
  expand([], new Set(Array.from({ length: n }, (_, i) => i)), new Set());
  return out;
}

/**
 * Kuma's BuildRules: subsets of the entries' targetRefs, with every combination of negations when
 * asked (or when there are several tag keys), each with the merge of the entries that cover it,
 * most positive tags first.
 */
export function buildSubsetRules(all: readonly PolicyItem[], withNegations: boolean, shape: ConfShape): SubsetRule[] {
  const items = all.filter((it) => isOldKind(it.targetRef.kind));
  if (items.length === 0) return [];
  const subsets = items.map((it) => asSubset(it.targetRef));
  const keys = new Set<string>();
  for (const ss of subsets) for (const t of ss) keys.add(t.key);

  if (!withNegations && keys.size <= 1) {
    const rules = deduplicate(subsets).flatMap((ss) => createRules(ss, items, shape));
    return rules.map((r, i) => ({ r, i })).sort((a, b) => b.r.subset.length - a.r.subset.length || a.i - b.i).map((x) => x.r);
  }

  // Entries with equal subsets are twins in Kuma's intersection graph (adjacent, same neighbours):
  // its maximal cliques are those of the graph of distinct subsets, each class taken whole.
  const classOf = new Map<string, number>();
  const members: number[][] = [];
  const classSubsets: Subset[] = [];
  subsets.forEach((ss, i) => {
    const key = canonicalSubset(ss);
    let c = classOf.get(key);
    if (c === undefined) {
      c = members.length;
      classOf.set(key, c);
      members.push([]);
      classSubsets.push(ss);
    }
    members[c]!.push(i);
  });
  const adj = classSubsets.map(() => new Set<number>());
  for (let i = 0; i < classSubsets.length; i++) {
    for (let j = i + 1; j < classSubsets.length; j++) {
      if (intersect(classSubsets[i]!, classSubsets[j]!) || intersect(classSubsets[j]!, classSubsets[i]!)) {
        adj[i]!.add(j);
        adj[j]!.add(i);
      }
    }
  }
  const groups = maximalCliques(classSubsets.length, adj).map((g) => g.flatMap((c) => members[c]!).sort((a, b) => a - b));
  groups.sort((a, b) => {
    const sa = a.join(':');
    const sb = b.join(':');
    return sa > sb ? -1 : sa < sb ? 1 : 0;
  });

  const rules: SubsetRule[] = [];
  for (const group of groups) {
    const tagSet = new Map<string, Tag>();
    for (const node of group) for (const t of subsets[node]!) tagSet.set(`${t.key}\u0000${t.value}\u0000${t.not}`, t);
    const tags = [...tagSet.values()].sort((a, b) => (a.key !== b.key ? compareStrings(a.key, b.key) : compareStrings(a.value, b.value)));
    for (const ss of subsetCombinations(tags)) rules.push(...createRules(ss, items, shape));
  }
  return rules
    .map((r, i) => ({ r, i }))
    .sort((a, b) => numPositive(b.r.subset) - numPositive(a.r.subset) || a.i - b.i)
    .map((x) => x.r);
}

function itemsOf(policy: StoredResource, entries: unknown[], confOf: (e: unknown) => unknown): PolicyItem[] {
  const topLevel = topLevelOf(policy);
  return entries.map((e, i) => ({ targetRef: asTargetRef(obj(e)['targetRef']), conf: confOf(e), policy, topLevel, ruleIndex: i }));
}

/** `from` rules of one inbound, from the policies that select it (in Kuma's order). */
export function buildFromRules(type: string, policies: readonly StoredResource[]): SubsetRule[] {
  if (!policyShape(type).from) return [];
  const items = policies.flatMap((p) => itemsOf(p, list(p.spec['from']), (e) => entryConf(type, e)));
  return buildSubsetRules(items, true, confShape(type));
}

// ---- sorting of entries ----

interface Attributed {
  policy: StoredResource;
  topLevel: TargetRef;
}

function compareByPolicyAttributes(a: Attributed, b: Attributed): number {
  return (
    compareKinds(a.topLevel.kind, b.topLevel.kind) ||
    compareDataplaneKind(a.topLevel, b.topLevel) ||
    compareOrigins(a.policy, b.policy) ||
    compareRoles(a.policy, b.policy)
  );
}

function compareByDisplayName(a: Attributed, b: Attributed): number {
  return compareStrings(displayName(b.policy), displayName(a.policy));
}

function stableSort<T>(xs: T[], cmp: (a: T, b: T) => number): T[] {
  return xs
    .map((x, i) => ({ x, i }))
    .sort((a, b) => cmp(a.x, b.x) || a.i - b.i)
    .map((e) => e.x);
}

// ---- inbound rules ----

function matchScore(m: Obj | undefined): { spiffe: number; spiffeScore: number; sni: number } {
  const spiffe = m && isRecord(m['spiffeID']) ? m['spiffeID'] : undefined;
  const type = spiffe ? spiffe['type'] : undefined;
  return {
    spiffe: spiffe ? 0 : 1,
    spiffeScore: type === 'Exact' ? 2 : type === 'Prefix' ? 1 : 0,
    sni: m && isRecord(m['sni']) ? 0 : 1,
  };
}

function compareMatches(a: unknown, b: unknown): number {
  const ma = matchScore(isRecord(a) ? a : undefined);
  const mb = matchScore(isRecord(b) ? b : undefined);
  if (ma.spiffe !== mb.spiffe) return ma.spiffe - mb.spiffe;
  if (ma.spiffe === 0 && ma.spiffeScore !== mb.spiffeScore) return mb.spiffeScore - ma.spiffeScore;
  return ma.sni - mb.sni;
}

/** Inbound rules of one inbound: each `rules` entry (or `from` entry) with its own conf, in order of precedence. */
export function buildInboundRules(type: string, policies: readonly StoredResource[]): InboundRule[] {
  const shape = policyShape(type);
  if (!shape.rules && !shape.fromAsRules) return [];
  const entries: Array<Attributed & { entry: Obj; ruleIndex: number; matches: unknown[] }> = [];
  for (const policy of policies) {
    const topLevel = topLevelOf(policy);
    const rules = list(policy.spec['rules']);
    const from = list(policy.spec['from']);
    if (rules.length > 0) {
      rules.forEach((r, j) => entries.push({ policy, topLevel, entry: obj(r), ruleIndex: j, matches: list(obj(r)['matches']) }));
    } else if (shape.fromAsRules && from.length > 0) {
      from.forEach((f, j) => entries.push({ policy, topLevel, entry: obj(f), ruleIndex: j, matches: [] }));
    }
  }
  const sorted = stableSort(entries, (a, b) => compareByPolicyAttributes(a, b) || compareByDisplayName(a, b));
  const rules: InboundRule[] = [];
  for (const e of sorted) {
    const origin = { policy: e.policy, ruleIndex: e.ruleIndex };
    const conf = e.entry['default'] ?? {};
    if (e.matches.length === 0) rules.push({ conf, origin });
    else for (const m of e.matches) rules.push({ match: m, conf, origin });
  }
  return stableSort(rules, (a, b) => compareMatches(a.match, b.match));
}

// ---- legacy to rules ----

function findRoute(policy: StoredResource, name: string, reader: ResourceReader): StoredResource | undefined {
  let found: StoredResource | undefined;
  for (const r of reader.list('MeshHTTPRoute')) if (r.mesh === policy.mesh && displayName(r) === name) found = r;
  return found;
}

/** Legacy `to` rules of the policies selecting a proxy (in Kuma's order). */
export function buildLegacyToRules(type: string, policies: readonly StoredResource[], reader: ResourceReader): SubsetRule[] {
  if (!policyShape(type).to) return [];
  const items: PolicyItem[] = [];
  for (const policy of policies) {
    const to = list(policy.spec['to']);
    if (to.some((e) => asTargetRef(obj(e)['targetRef']).kind === 'MeshHTTPRoute')) continue;
    const topLevel = topLevelOf(policy);
    if (topLevel.kind !== 'MeshHTTPRoute') {
      items.push(...itemsOf(policy, to, (e) => entryConf(type, e)));
      continue;
    }
    const route = findRoute(policy, topLevel.name ?? '', reader);
    if (!route) throw new RuleError("can't resolve MeshHTTPRoute policy");
    const expanded: Array<{ targetRef: TargetRef; conf: unknown }> = [];
    for (const routeTo of list(route.spec['to'])) {
      const routeRef = asTargetRef(obj(routeTo)['targetRef']);
      for (const rule of list(obj(routeTo)['rules'])) {
        const hash = hashMatches(obj(rule)['matches']);
        for (const e of to) {
          const targetRef: TargetRef =
            routeRef.kind === 'Mesh' || routeRef.kind === 'MeshSubset'
              ? { kind: 'MeshSubset', tags: { [RULE_MATCHES_HASH_TAG]: hash } }
              : { kind: 'MeshServiceSubset', ...(routeRef.name !== undefined ? { name: routeRef.name } : {}), tags: { [RULE_MATCHES_HASH_TAG]: hash } };
          expanded.push({ targetRef, conf: entryConf(type, e) });
        }
      }
    }
    expanded.forEach((x, i) => items.push({ ...x, policy, topLevel, ruleIndex: i }));
  }
  return buildSubsetRules(items, false, confShape(type));
}

// ---- resource rules ----

interface Section {
  type: string;
  resource: StoredResource;
  sectionName: string;
}

function portsOf(type: string, r: StoredResource): Array<{ name: string; value: number }> | undefined {
  if (type !== 'MeshService' && type !== 'MeshMultiZoneService' && type !== 'MeshExternalService') return undefined;
  return destinationPorts(r).map((p) => ({ name: p.name, value: p.port }));
}

function parseService(host: string): { name: string; namespace: string; port: number } | undefined {
  const seg = host.split('_');
  if (seg.length === 4) {
    if (!/^[+-]?\d+$/.test(seg[3]!)) return undefined;
    const port = Number(seg[3]);
    if (port > 2147483647 || port < -2147483648) return undefined;
    return { name: seg[0]!, namespace: seg[1]!, port };
  }
  if (seg.length === 3) return { name: seg[0]!, namespace: seg[1]!, port: 0 };
  return undefined;
}

function labelsContain(labels: Record<string, string>, want: Record<string, string>): boolean {
  return Object.entries(want).every(([k, v]) => labels[k] === v);
}

/** The real resources (and port sections) a `to` targetRef names, as Kuma's resolve.TargetRef. */
export function resolveTargetRef(tr: TargetRef, policy: StoredResource, reader: ResourceReader): Section[] {
  const kind = tr.kind ?? 'Mesh';
  if (kind === 'MeshSubset' || kind === 'MeshServiceSubset') return [];
  let byLabels: Record<string, string> | undefined;
  let byIdentity: string | undefined;
  let port = 0;
  let sectionName = tr.sectionName ?? '';
  if (tr.labels && Object.keys(tr.labels).length > 0) {
    byLabels = tr.labels;
  } else if (kind === 'Mesh') {
    byIdentity = identityOf('Mesh', { mesh: '', name: policy.mesh, labels: {} });
  } else {
    const namespace = tr.namespace ? tr.namespace : (policy.labels[NAMESPACE_LABEL] ?? '');
    const labels: Record<string, string> = {};
    if (policy.labels[ZONE_LABEL]) labels[ZONE_LABEL] = policy.labels[ZONE_LABEL];
    if (namespace) labels[NAMESPACE_LABEL] = namespace;
    byIdentity = identityOf(kind, { mesh: policy.mesh, name: tr.name ?? '', labels });
  }
  if (kind === 'MeshService' && sectionName === '') {
    const svc = parseService(tr.name ?? '');
    if (svc) {
      byLabels = { [NAMESPACE_LABEL]: svc.namespace, 'kuma.io/display-name': svc.name };
      byIdentity = undefined;
      port = svc.port;
      sectionName = '';
    }
  }
  let found: StoredResource[];
  if (byLabels) {
    found = reader.list(kind).filter((r) => labelsContain(r.labels, byLabels));
  } else if (reader.find) {
    const hit = reader.find(kind, byIdentity ?? '');
    found = hit ? [hit] : [];
  } else {
    found = reader.list(kind).filter((r) => identityOf(kind, r) === byIdentity).slice(0, 1);
  }
  if (found.length === 0) return [];
  if (port === 0 && sectionName === '') return found.map((resource) => ({ type: kind, resource, sectionName: '' }));
  const out: Section[] = [];
  for (const resource of found) {
    const ports = portsOf(kind, resource);
    if (!ports) {
      out.push({ type: kind, resource, sectionName: '' });
      continue;
    }
    const p = port !== 0 ? ports.find((x) => x.value === port) : ports.find((x) => x.name === sectionName);
    if (p) out.push({ type: kind, resource, sectionName: p.name });
  }
  return out;
}

function isRelevant(item: Section, other: Section): boolean {
  switch (item.type) {
    case 'Mesh':
      return other.type === 'Mesh' ? item.resource.name === other.resource.name : item.resource.name === other.resource.mesh;
    case 'MeshService':
    case 'MeshMultiZoneService': {
      if (other.type !== item.type) return false;
      const a = identityOf(item.type, item.resource);
      const b = identityOf(other.type, other.resource);
      if (a !== b) return false;
      return item.sectionName === other.sectionName || (item.sectionName === '' && other.sectionName !== '');
    }
    case 'MeshExternalService':
    case 'MeshHTTPRoute':
      return other.type === item.type && identityOf(item.type, item.resource) === identityOf(other.type, other.resource);
    default:
      return false;
  }
}

/** Resource rules: the merged conf of every `to` entry for each real resource (and port) they name. */
export function buildResourceRules(type: string, matched: readonly StoredResource[], reader: ResourceReader): ResourceRule[] {
  if (!policyShape(type).to) return [];
  const policies = matched.filter((p) => topLevelOf(p).kind !== 'MeshHTTPRoute');
  const entries: Array<PolicyItem & Attributed> = policies.flatMap((p) => itemsOf(p, list(p.spec['to']), (e) => entryConf(type, e)));
  const sorted = stableSort(entries, (a, b) => {
    const c = compareByPolicyAttributes(a, b);
    if (c !== 0) return c;
    const k = compareKinds(a.targetRef.kind, b.targetRef.kind);
    if (k !== 0) return k;
    if (a.targetRef.kind === 'MeshService') {
      const s = (a.targetRef.sectionName ? 1 : 0) - (b.targetRef.sectionName ? 1 : 0);
      if (s !== 0) return s;
    }
    return compareByDisplayName(a, b);
  });
  const resolved: Array<{ item: PolicyItem; section: Section }> = [];
  for (const item of sorted) for (const section of resolveTargetRef(item.targetRef, item.policy, reader)) resolved.push({ item, section });
  const indexed = new Map<string, Section>();
  for (const r of resolved) indexed.set(identityOf(r.section.type, r.section.resource, r.section.sectionName), r.section);
  const rules: ResourceRule[] = [];
  for (const section of indexed.values()) {
    const relevant = resolved.filter((r) => isRelevant(r.section, section)).map((r) => r.item);
    if (relevant.length === 0) continue;
    rules.push({
      resourceType: section.type,
      resource: section.resource,
      sectionName: section.sectionName,
      conf: mergeConfs(
        relevant.map((it) => it.conf),
        confShape(type),
      ),
      origin: dedupeOrigins(relevant, true),
    });
  }
  return rules;
}

// ---- single item ----

/** The rule of policies configured by a top-level `default` (MeshTrace, MeshProxyPatch, ...). */
export function buildSingleItemRule(type: string, policies: readonly StoredResource[]): SubsetRule | undefined {
  if (!policyShape(type).singleItem || policies.length === 0) return undefined;
  const items = policies.map((policy) => ({
    targetRef: { kind: 'Mesh' },
    conf: policy.spec['default'] ?? {},
    policy,
    topLevel: topLevelOf(policy),
    ruleIndex: 0,
  }));
  return buildSubsetRules(items, false, confShape(type))[0];
}
