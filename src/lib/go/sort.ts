/* Go's string order (sort.Strings, map keys in encoding/json and fmt): the bytes of the UTF-8 text. */

const SURROGATE = /[\uD800-\uDFFF]/;

/** Compares as Go compares strings: UTF-8 byte order, which is code-unit order unless a surrogate is involved. */
export function goCompareStrings(a: string, b: string): number {
  if (SURROGATE.test(a) || SURROGATE.test(b)) return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** sort.Strings on a copy. */
export function goSortStrings(keys: Iterable<string>): string[] {
  return [...keys].sort(goCompareStrings);
}
