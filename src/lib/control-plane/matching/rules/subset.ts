/*
 * Subsets of tags, as Kuma's rules use them (pkg/plugins/policies/core/rules/subsetutils): a subset
 * is a list of tags, each `key=value` or `key!=value`; an empty subset is the whole mesh.
 */
import { goCompareStrings } from '../../../go/sort.js';

export interface Tag {
  key: string;
  value: string;
  not: boolean;
}

export type Subset = Tag[];

export const SERVICE_TAG = 'kuma.io/service';

/** A subset from a map, keys in Go's string order. */
export function subsetFromMap(m: Record<string, string> | undefined): Subset {
  if (!m) return [];
  return Object.keys(m)
    .sort(goCompareStrings)
    .map((key) => ({ key, value: m[key] as string, not: false }));
}

export function numPositive(ss: Subset): number {
  let n = 0;
  for (const t of ss) if (!t.not) n++;
  return n;
}

function tagIsSubset(t1: Tag, t2: Tag): boolean {
  if (t1.key !== t2.key) return false;
  if (t1.not === t2.not) return t1.value === t2.value;
  if (t1.not) return t1.value !== t2.value;
  return false;
}

/** Whether every element of `other` is also in `ss` (Kuma's IsSubset: ss ⊇ other as sets of elements). */
export function isSubset(ss: Subset, other: Subset): boolean {
  if (ss.length === 0) return true;
  const byKey = new Map<string, Tag[]>();
  for (const t of other) {
    const list = byKey.get(t.key);
    if (list) list.push(t);
    else byKey.set(t.key, [t]);
  }
  for (const tag of ss) {
    const others = byKey.get(tag.key);
    if (!others) return false;
    for (const o of others) if (!tagIsSubset(tag, o)) return false;
  }
  return true;
}

/** Whether two subsets can share an element (positive tags only are compared). */
export function intersect(ss: Subset, other: Subset): boolean {
  if (ss.length === 0 || other.length === 0) return true;
  const positive = new Map<string, Tag[]>();
  for (const t of other) {
    if (t.not) continue;
    const list = positive.get(t.key);
    if (list) list.push(t);
    else positive.set(t.key, [t]);
  }
  for (const tag of ss) {
    if (tag.not) continue;
    const others = positive.get(tag.key);
    if (!others) continue;
    for (const o of others) if (o.value !== tag.value || o.not !== tag.not) return false;
  }
  return true;
}

/** Whether an element (a tag map) is in the subset. */
export function containsElement(ss: Subset, element: Record<string, string>): boolean {
  if (ss.length === 0) return true;
  if (Object.keys(element).length === 0) return false;
  let overlap = false;
  for (const tag of ss) {
    const v = element[tag.key];
    if (v !== undefined) {
      overlap = true;
      if (v === tag.value && tag.not) return false;
      if (v !== tag.value && !tag.not) return false;
    } else if (!tag.not) {
      return false;
    }
  }
  if (!overlap && numPositive(ss) === 0) return true;
  return overlap;
}

/** A key equal for subsets with the same tags in any order. */
export function canonicalSubset(ss: Subset): string {
  const sorted = [...ss].sort((a, b) => {
    if (a.key !== b.key) return goCompareStrings(a.key, b.key);
    if (a.value !== b.value) return goCompareStrings(a.value, b.value);
    return a.not === b.not ? 0 : a.not ? 1 : -1;
  });
  return sorted.map((t) => `${t.key}:${t.value}:${t.not ? 1 : 0}`).join('|');
}

/** Drops repeated subsets (same tags in any order), keeping the first. */
export function deduplicate(subsets: Subset[]): Subset[] {
  const seen = new Set<string>();
  const out: Subset[] = [];
  for (const s of subsets) {
    const k = canonicalSubset(s);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(s);
  }
  return out;
}

/**
 * Every combination of the tags with negations, in Kuma's order: per key, each value positive (last
 * value first) or all values negated; the combination with every tag positive comes last.
 */
export function* subsetCombinations(tags: Tag[]): Generator<Subset> {
  const dims: Array<{ key: string; vals: string[] }> = [];
  const index = new Map<string, number>();
  for (const t of tags) {
    let i = index.get(t.key);
    if (i === undefined) {
      i = dims.length;
      index.set(t.key, i);
      dims.push({ key: t.key, vals: [] });
    }
    const dim = dims[i]!;
    if (!dim.vals.includes(t.value)) dim.vals.push(t.value);
  }
  const idx = dims.map(() => 0);
  const current = (): Subset => {
    const out: Subset = [];
    dims.forEach((d, i) => {
      const ch = idx[i]!;
      if (ch === d.vals.length) {
        for (const v of d.vals) out.push({ key: d.key, value: v, not: true });
      } else {
        out.push({ key: d.key, value: d.vals[d.vals.length - ch - 1]!, not: false });
      }
    });
    return out;
  };
  for (;;) {
    let advanced = false;
    for (let i = 0; i < idx.length; i++) {
      const radix = dims[i]!.vals.length + 1;
      idx[i] = idx[i]! + 1;
      if (idx[i]! < radix) {
        advanced = true;
        break;
      }
      idx[i] = 0;
    }
    if (!advanced) {
      yield current();
      return;
    }
    yield current();
  }
}
