import { asArray, asObject, asString, isRecord, type Obj } from '../json.js';
import { goCompareStrings } from '../go/sort.js';

/*
 * A proxy's rules document (kuma-cp's `GET /meshes/{mesh}/dataplanes/{name}/_rules`) cut into the
 * places a person thinks in: the whole proxy, each inbound, each outbound, each route. Each place has
 * the merged `conf` the proxy gets there and the policies it came from, in merge order. Two documents
 * of the same proxy (before and after a change) are compared place by place.
 */

export type PlaceKind = 'proxy' | 'inbound' | 'outbound' | 'route';

export interface Place {
  /** Stable identity within one proxy: policy type, section and what the section keys on. */
  key: string;
  /** The policy type whose rules these are, e.g. `MeshTimeout`. */
  policyType: string;
  kind: PlaceKind;
  /** What a person reads, e.g. `inbound 8080 (kuma.io/service: web)` or `outbound to kuma.io/service=backend`. */
  label: string;
  /** The merged conf (a list of confs for resource and inbound rules, as the document has it). */
  conf: unknown;
  /** `Type/mesh/name` of each policy the conf came from, in merge order. */
  origins: string[];
  /** For rules keyed by matchers (`toRules`, `fromRules`): the group they belong to and their matchers. */
  group?: string;
  matchers?: Matcher[];
}

export interface Matcher {
  key: string;
  value: string;
  not: boolean;
}

function matchersOf(v: unknown): Matcher[] {
  return asArray(v).map((m) => ({ key: asString(asObject(m).key), value: asString(asObject(m).value), not: asObject(m).not === true }));
}

/**
 * The rule of `candidates` that the traffic a matcher-keyed place describes was under: the first (Kuma
 * lists the most specific first) whose matchers the place's positive matchers satisfy.
 */
export function ruleCovering(place: Place, candidates: readonly Place[]): Place | undefined {
  if (place.group === undefined || place.matchers === undefined) return undefined;
  const tags = new Map(place.matchers.filter((m) => !m.not).map((m) => [m.key, m.value]));
  return candidates.find((c) => c.group === place.group && c.key !== place.key && c.matchers !== undefined && c.matchers.every((m) => (tags.get(m.key) === m.value) !== m.not));
}

/** `Type/mesh/name` of a policy, the form origins and causes are printed in. */
export const policyId = (type: string, mesh: string, name: string) => `${type}/${mesh}/${name}`;

function metaId(meta: unknown): string {
  const m = asObject(meta);
  return policyId(asString(m.type), asString(m.mesh), asString(m.name));
}

/** Rule origins: plain metas (`toRules`, `fromRules`, `proxyRule`) or `{resourceMeta, ruleIndex}`. */
function originsOf(origin: unknown): string[] {
  return asArray(origin).map((o) => (isRecord(o) && isRecord(o.resourceMeta) ? metaId(o.resourceMeta) : metaId(o)));
}

function inboundLabel(inbound: unknown): { key: string; label: string } {
  const i = asObject(inbound);
  const port = typeof i.port === 'number' ? String(i.port) : asString(i.port);
  const name = asString(i.name);
  const tags = Object.entries(asObject(i.tags)).sort(([a], [b]) => goCompareStrings(a, b));
  const service = asString(asObject(i.tags)['kuma.io/service']);
  const tagText = tags.map(([k, v]) => `${k}=${asString(v)}`).join(',');
  return { key: `${port}|${name}|${tagText}`, label: `inbound ${port}${name !== '' ? ` ${name}` : ''}${service !== '' ? ` (${service})` : ''}` };
}

/** One HTTP match as text: `PathPrefix /api`, `method GET`, `header x-env=prod`, ... */
function matchText(match: unknown): string {
  const parts: string[] = [];
  for (const m of asArray(match)) {
    const o = asObject(m);
    const each: string[] = [];
    if (isRecord(o.path)) each.push(`${asString(o.path.type)} ${asString(o.path.value)}`);
    if (typeof o.method === 'string') each.push(`method ${o.method}`);
    for (const h of asArray(o.headers)) each.push(`header ${asString(asObject(h).name)}${asObject(h).value !== undefined ? `=${asString(asObject(h).value)}` : ''}`);
    for (const q of asArray(o.queryParams)) each.push(`query ${asString(asObject(q).name)}${asObject(q).value !== undefined ? `=${asString(asObject(q).value)}` : ''}`);
    const known = new Set(['path', 'method', 'headers', 'queryParams']);
    for (const [k, v] of Object.entries(o)) if (!known.has(k)) each.push(`${k} ${JSON.stringify(v)}`);
    parts.push(each.join(' '));
  }
  return parts.join(' | ');
}

/** Matchers as text: `kuma.io/service=backend`, `!kuma.io/service=web`, `route(PathPrefix /api)`; `everything` for none. */
function matchersText(matchers: unknown, httpMatches: Map<string, string>): { text: string; route: boolean } {
  let route = false;
  const parts = asArray(matchers).map((m) => {
    const o = asObject(m);
    const not = o.not === true ? '!' : '';
    if (o.key === '__rule-matches-hash__') {
      route = true;
      const v = asString(o.value);
      return `${not}route(${httpMatches.get(v) ?? v})`;
    }
    return `${not}${asString(o.key)}=${asString(o.value)}`;
  });
  return { text: parts.length > 0 ? parts.join(' ') : 'everything', route };
}

function resourceText(meta: unknown, section: string): string {
  const m = asObject(meta);
  const type = asString(m.type);
  if (type === 'Mesh') return 'every outbound (Mesh)';
  return `${type} ${asString(m.name)}${section !== '' ? ` port ${section}` : ''}`;
}

const ROUTE_TYPES = new Set(['MeshHTTPRoute', 'MeshTCPRoute', 'MeshGRPCRoute']);

/** Every place of a rules document, in the document's order (types as kuma-cp orders them). */
export function placesOf(doc: unknown): Place[] {
  const d = asObject(doc);
  const httpMatches = new Map<string, string>();
  for (const h of asArray(d.httpMatches)) httpMatches.set(asString(asObject(h).hash), matchText(asObject(h).match));
  const out: Place[] = [];
  for (const entry of asArray(d.rules)) {
    const r = asObject(entry);
    const type = asString(r.type);
    const add = (p: Omit<Place, 'policyType'>) => out.push({ policyType: type, ...p });
    if (isRecord(r.proxyRule)) add({ key: `${type}|proxy`, kind: 'proxy', label: 'the whole proxy', conf: r.proxyRule.conf, origins: originsOf(r.proxyRule.origin) });
    // inbounds: `fromRules` (merged per matcher set), or `inboundRules` for the types that only have those
    const from = asArray(r.fromRules);
    if (from.length > 0) {
      for (const f of from) {
        const { key, label } = inboundLabel(asObject(f).inbound);
        for (const rule of asArray(asObject(f).rules)) {
          const m = matchersText(asObject(rule).matchers, httpMatches);
          const suffix = m.text === 'everything' ? '' : ` from ${m.text}`;
          const group = `${type}|from|${key}`;
          add({ key: `${group}|${m.text}`, kind: 'inbound', label: `${label}${suffix}`, conf: asObject(rule).conf, origins: originsOf(asObject(rule).origin), group, matchers: matchersOf(asObject(rule).matchers) });
        }
      }
    } else {
      for (const f of asArray(r.inboundRules)) {
        const { key, label } = inboundLabel(asObject(f).inbound);
        asArray(asObject(f).rules).forEach((rule, i, all) => {
          const o = asObject(rule);
          const match = isRecord(o.match) ? ` matching ${JSON.stringify(o.match)}` : all.length > 1 ? ` rule ${i + 1}` : '';
          add({ key: `${type}|inbound|${key}|${i}`, kind: 'inbound', label: `${label}${match}`, conf: o.conf, origins: originsOf(o.origin) });
        });
      }
    }
    const toRules = asArray(r.toRules);
    for (const rule of toRules) {
      const o = asObject(rule);
      const m = matchersText(o.matchers, httpMatches);
      const group = `${type}|to`;
      add({ key: `${group}|${m.text}`, kind: m.route ? 'route' : 'outbound', label: `outbound to ${m.text}`, conf: o.conf, origins: originsOf(o.origin), group, matchers: matchersOf(o.matchers) });
    }
    for (const rule of asArray(r.toResourceRules)) {
      const o = asObject(rule);
      const meta = asObject(o.resourceMeta);
      // the Mesh entry repeats the catch-all `toRules` entry when there is one
      if (asString(meta.type) === 'Mesh' && toRules.length > 0) continue;
      const section = asString(o.resourceSectionName);
      add({
        key: `${type}|resource|${metaId(meta)}|${section}`,
        kind: ROUTE_TYPES.has(asString(meta.type)) ? 'route' : 'outbound',
        label: `${ROUTE_TYPES.has(asString(meta.type)) ? 'route' : 'outbound to'} ${resourceText(meta, section)}`,
        conf: o.conf,
        origins: originsOf(o.origin),
      });
    }
  }
  return out;
}

/** The warnings of a rules document, per policy type (`Type: text`). */
export function warningsOf(doc: unknown): string[] {
  const out: string[] = [];
  for (const entry of asArray(asObject(doc).rules)) {
    const r = asObject(entry);
    for (const w of asArray(r.warnings)) out.push(`${asString(r.type)}: ${asString(w)}`);
  }
  return out;
}

export type { Obj };
