import { loadSchema } from './schema.js';
import { isRecord } from '../json.js';

/*
 * What protobuf JSON makes of `null` (the types decoded as protobuf messages: Mesh, Dataplane, the
 * zone proxies, the 2.x policies, ...): a field set to null is unset, as if absent, but a null value in
 * a string map (`tags: {version: }`) is the empty string, which Kuma's rules then see
 * ("tag value must be non-empty"). The schema says which objects are string maps.
 */

type Schema = Record<string, unknown>;

/** A copy of `value` with protobuf JSON's reading of nulls applied. */
export function withProtoNulls(typeName: string, value: unknown): Record<string, unknown> {
  const root = loadSchema(typeName);
  return walk(value, root, root) as Record<string, unknown>;
}

function resolve(node: unknown, root: Schema | undefined): Schema | undefined {
  let n = isRecord(node) ? node : undefined;
  for (let i = 0; i < 16 && n && typeof n.$ref === 'string' && root; i++) {
    const m = /^#\/definitions\/(.+)$/.exec(n.$ref);
    const defs = root.definitions;
    n = m && isRecord(defs) && isRecord(defs[m[1]!]) ? (defs[m[1]!] as Schema) : undefined;
  }
  return n;
}

function isStringMap(node: Schema | undefined): boolean {
  const ap = node?.additionalProperties;
  return isRecord(ap) && ap.type === 'string' && !isRecord(node?.properties);
}

function walk(value: unknown, node: unknown, root: Schema | undefined): unknown {
  const schema = resolve(node, root);
  if (Array.isArray(value)) return value.map((x) => walk(x, schema?.items, root));
  if (value === null || typeof value !== 'object') return value;
  const map = isStringMap(schema);
  const props = isRecord(schema?.properties) ? schema.properties : undefined;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(value)) {
    let v: unknown;
    if (x === null) {
      if (!map) continue;
      v = '';
    } else {
      const child = props?.[k] ?? (isRecord(schema?.additionalProperties) ? schema.additionalProperties : undefined);
      v = walk(x, child, root);
    }
    // defineProperty: a `__proto__` key from the input stays a key, as in the input
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
