import { isRecord } from '../../json.js';

/**
 * Kuma's merging of policy confs (pkg/plugins/policies/core/rules/merge): confs are applied in order
 * as JSON merge patches (RFC 7396: objects merge, anything else, lists included, is replaced, null
 * removes), except the `append*` lists (MeshMetric appendProfiles, MeshPassthrough appendMatch,
 * MeshProxyPatch appendModifications), which are concatenated, and MeshHTTPRoute's `rules`, merged
 * by their `matches` (each group's `default` merged in turn) and `hostnames`, which split the confs
 * into one merged conf per hostname.
 */

const APPEND_FIELDS = new Set(['appendProfiles', 'appendMatch', 'appendModifications']);

/** JSON with object keys sorted: equal values give equal text (Go compares the structs, not the text). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** RFC 7396 merge patch of `patch` onto `target` (copies; neither is modified). */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isRecord(target) ? structuredClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function clearAppend(value: unknown, httpRoute: boolean): void {
  if (!isRecord(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if ((APPEND_FIELDS.has(k) || (httpRoute && k === 'rules')) && Array.isArray(v)) delete value[k];
    else if (isRecord(v)) clearAppend(v, false);
  }
}

function appendFrom(dst: Record<string, unknown>, src: unknown, httpRoute: boolean): void {
  if (!isRecord(src)) return;
  for (const [k, v] of Object.entries(src)) {
    if ((APPEND_FIELDS.has(k) || (httpRoute && k === 'rules')) && Array.isArray(v)) {
      dst[k] = [...(Array.isArray(dst[k]) ? (dst[k] as unknown[]) : []), ...structuredClone(v)];
    } else if (isRecord(v) && isRecord(dst[k])) {
      appendFrom(dst[k] as Record<string, unknown>, v, false);
    }
  }
}

/** MeshHTTPRoute's rules merged by `matches`: equal matches merge their defaults, at the last one's place. */
function mergeRulesByKey(rules: unknown[]): unknown[] {
  const acc: Array<{ skip: boolean; key: string; matches: unknown; defaults: unknown[] }> = [];
  for (const r of rules) {
    const rule = isRecord(r) ? r : {};
    const key = canonicalJson(rule.matches ?? null);
    let defaults: unknown[] = [rule.default ?? {}];
    for (const a of acc) {
      if (a.skip || a.key !== key) continue;
      defaults = [...a.defaults, ...defaults];
      a.skip = true;
    }
    acc.push({ skip: false, key, matches: rule.matches, defaults });
  }
  const out: unknown[] = [];
  for (const a of acc) {
    if (a.skip) continue;
    for (const merged of mergeConfs(a.defaults)) out.push({ matches: a.matches, default: merged });
  }
  return out;
}

/**
 * Merge confs, least specific first. Most types give one conf; a MeshHTTPRoute `to` conf
 * (`httpRoute`) gives one per hostname, its rules merged by matches.
 */
export function mergeConfs(confs: readonly unknown[], options: { httpRoute?: boolean } = {}): unknown[] {
  if (confs.length === 0) return [];
  const httpRoute = options.httpRoute ?? false;
  const groups = new Map<string, unknown[]>();
  for (const conf of confs) {
    const hostnames = httpRoute && isRecord(conf) && Array.isArray(conf.hostnames) && conf.hostnames.length > 0 ? (conf.hostnames as unknown[]) : [''];
    for (const h of hostnames) {
      const keyed = h === '' ? conf : { ...(conf as Record<string, unknown>), hostnames: [h] };
      const list = groups.get(String(h));
      if (list) list.push(keyed);
      else groups.set(String(h), [keyed]);
    }
  }
  const out: unknown[] = [];
  for (const group of groups.values()) {
    let result: unknown = undefined;
    for (const c of group) result = result === undefined ? structuredClone(c) : mergePatch(result, c);
    if (isRecord(result)) {
      clearAppend(result, httpRoute);
      for (const c of group) appendFrom(result, c, httpRoute);
      if (httpRoute && Array.isArray(result.rules)) result.rules = mergeRulesByKey(result.rules);
    }
    out.push(result);
  }
  return out;
}
