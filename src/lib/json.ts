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

/**
 * A deep copy without `null` (or undefined) values: protobuf JSON reads `null` as "unset", as if the key
 * were absent, so kumactl never prints them. Objects and arrays are new; callers may mutate the copy.
 */
export function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    if (x === null || x === undefined) continue;
    // a `__proto__` key from the input stays a key, as in the input (assignment would set the prototype)
    if (k === '__proto__') Object.defineProperty(out, k, { value: dropNulls(x), enumerable: true, writable: true, configurable: true });
    else out[k] = dropNulls(x);
  }
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
