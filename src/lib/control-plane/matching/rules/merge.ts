/*
 * Kuma's merge of policy confs (pkg/plugins/policies/core/rules/merge), in increasing precedence:
 * - confs are merged as JSON merge patches (RFC 7396): objects merge key by key, lists and scalars
 *   of a later conf replace earlier ones;
 * - lists whose Go field starts with `Append` (JSON `appendModifications`, `appendProfiles`,
 *   `appendMatch`, at any depth of nested objects) are the concatenation of every conf's list;
 * - MeshHTTPRoute's conf (`{rules, hostnames}`) is merged per hostname (`hostnames` is a
 *   mergeValues field) and its `rules` are concatenated, then merged by their `matches` (the
 *   mergeKey): rules with equal matches merge their `default`, the later one's position wins.
 */
import { isRecord, type Obj } from '../../../json.js';

export type ConfShape = 'plain' | 'httpRoute';

function clone<T>(v: T): T {
  return v === null || typeof v !== 'object' ? v : structuredClone(v);
}

/** RFC 7396 merge patch of `patch` onto `target` (both left untouched). */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return clone(patch);
  const out: Obj = isRecord(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function isAppendKey(key: string): boolean {
  return /^append[A-Z]/.test(key);
}

function clearAppendLists(v: Obj, extraKeys: readonly string[]): void {
  for (const [k, field] of Object.entries(v)) {
    if (Array.isArray(field) && (isAppendKey(k) || extraKeys.includes(k))) v[k] = [];
    else if (isRecord(field)) clearAppendLists(field, []);
  }
}

function appendLists(dst: Obj, src: unknown, extraKeys: readonly string[]): void {
  if (!isRecord(src)) return;
  for (const [k, field] of Object.entries(dst)) {
    if (Array.isArray(field) && (isAppendKey(k) || extraKeys.includes(k))) {
      const more = src[k];
      if (Array.isArray(more)) dst[k] = [...field, ...clone(more)];
    } else if (isRecord(field)) {
      appendLists(field, src[k], []);
    }
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

function omitEmpty(o: Obj, keys: readonly string[]): Obj {
  for (const k of keys) {
    const v = o[k];
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) delete o[k];
  }
  return o;
}

/** MeshHTTPRoute rules merged by their matches (the later equal matches merge in and take the position). */
function mergeRulesByMatches(rules: unknown[]): unknown[] {
  const acc: Array<{ skip: boolean; key?: unknown; defaults: unknown[] }> = [];
  for (const rule of rules) {
    const r = isRecord(rule) ? rule : {};
    const key = r['matches'];
    let defaults: unknown[] = [r['default'] ?? {}];
    for (const entry of acc) {
      if (entry.skip || !deepEqual(entry.key, key)) continue;
      defaults = [...entry.defaults, ...defaults];
      entry.skip = true;
      entry.defaults = [];
    }
    acc.push({ skip: false, key, defaults });
  }
  const out: unknown[] = [];
  for (const entry of acc) {
    if (entry.skip) continue;
    for (const merged of mergeConfs(entry.defaults, 'plain')) {
      out.push({ matches: entry.key ?? [], default: merged });
    }
  }
  return out;
}

/**
 * Merges confs given in increasing precedence. Returns one conf for plain policies; for
 * MeshHTTPRoute one per distinct hostname set, in order of first appearance.
 */
export function mergeConfs(confs: readonly unknown[], shape: ConfShape): unknown[] {
  if (confs.length === 0) return [];
  const groups: unknown[][] = [];
  if (shape === 'httpRoute') {
    const byHost = new Map<string, unknown[]>();
    for (const conf of confs) {
      const c = isRecord(conf) ? conf : {};
      const hosts = Array.isArray(c['hostnames']) && c['hostnames'].length > 0 ? (c['hostnames'] as string[]) : [''];
      for (const host of hosts) {
        const keyed: Obj = { ...c };
        if (host !== '') keyed['hostnames'] = [host];
        let list = byHost.get(host);
        if (!list) {
          list = [];
          byHost.set(host, list);
          groups.push(list);
        }
        list.push(keyed);
      }
    }
  } else {
    groups.push([...confs]);
  }
  const extra = shape === 'httpRoute' ? ['rules'] : [];
  return groups.map((group) => {
    let result: unknown = clone(group[0]);
    for (const conf of group.slice(1)) result = mergePatch(result, conf);
    const merged: Obj = isRecord(result) ? result : {};
    clearAppendLists(merged, extra);
    for (const conf of group) appendLists(merged, conf, extra);
    if (shape === 'httpRoute') {
      if (Array.isArray(merged['rules'])) merged['rules'] = mergeRulesByMatches(merged['rules']).reverse();
      omitEmpty(merged, ['rules', 'hostnames']);
    }
    return merged;
  });
}
