/** Defensive readers for parsed JSON/YAML values: a value of the wrong shape reads as absent. */

export type Obj = Record<string, unknown>;

export function isRecord(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asRecord(v: unknown): Obj | undefined {
  return isRecord(v) ? v : undefined;
}

/** The object, or an empty one: for reading nested fields without a check at each step. */
export function asObject(v: unknown): Obj {
  return isRecord(v) ? v : {};
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asString(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** A copy without `null` values: protobuf JSON reads `null` as "unset", as if the key were absent. */
export function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  // defineProperty: a `__proto__` key from the input stays a key, as in the input
  for (const [k, x] of Object.entries(v)) if (x !== null) Object.defineProperty(out, k, { value: dropNulls(x), enumerable: true, writable: true, configurable: true });
  return out;
}

/** Same JSON value: objects whatever their key order (a key set to undefined counts as absent), arrays in order. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = (o: Obj) => Object.keys(o).filter((k) => o[k] !== undefined);
  const ka = keys(a);
  return ka.length === keys(b).length && ka.every((k) => sameJson(a[k], b[k]));
}
