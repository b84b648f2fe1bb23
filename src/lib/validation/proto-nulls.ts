/**
 * `null` in a document kuma-cp decodes with protobuf JSON (golang/protobuf jsonpb), read the way jsonpb
 * reads it, before the schema sees the document: a field set to `null` is unset (the key goes), a `null`
 * value in a map or a list is that value type's zero value (`""` for a string, `{}` for a message, `0`,
 * `false`). So `kuma.io/service:` with nothing after it is an empty tag value, as kuma-cp reports it
 * ("tag value must be non-empty"), not a type error. Changes `value` in place; the metadata keys (type,
 * name, mesh, labels, ...) are left alone.
 */
import { isRecord } from '../json.js';
import { loadSchema } from './schema.js';
import { PROTO_NULL_TYPES } from './rules/legacy/index.js';

type Schema = Record<string, unknown>;

const META_KEYS = new Set(['type', 'name', 'mesh', 'labels', 'creationTime', 'modificationTime', 'kri']);

export function normaliseProtoNulls(schema: Schema, value: Record<string, unknown>): void {
  const defs = isRecord(schema.definitions) ? schema.definitions : {};
  const resolve = (s: unknown, depth = 0): Schema | undefined => {
    if (!isRecord(s)) return undefined;
    if (typeof s.$ref === 'string' && depth < 20) {
      const name = s.$ref.replace(/^#\/definitions\//, '');
      return resolve(defs[name], depth + 1);
    }
    return s;
  };
  /** The zero value of a map value or list element of this schema (undefined: leave the null as it is). */
  const zero = (s: Schema | undefined): unknown => {
    if (!s) return undefined;
    const types = new Set<string>();
    const collect = (x: Schema | undefined) => {
      if (!x) return;
      if (typeof x.type === 'string') types.add(x.type);
      if (Array.isArray(x.anyOf)) for (const alt of x.anyOf) collect(resolve(alt));
      if (Array.isArray(x.oneOf)) for (const alt of x.oneOf) collect(resolve(alt));
    };
    collect(s);
    if (types.has('object')) return {};
    if (types.has('string') && types.size === 1) return '';
    if (types.has('integer') || types.has('number')) return 0;
    if (types.has('boolean')) return false;
    if (types.has('string')) return '';
    return undefined;
  };
  const walk = (s: Schema | undefined, v: unknown, depth: number): void => {
    if (!s || depth > 64) return;
    if (Array.isArray(v)) {
      const items = resolve(s.items);
      v.forEach((el, i) => {
        if (el === null) {
          const z = zero(items);
          if (z !== undefined) v[i] = z;
        } else walk(items, el, depth + 1);
      });
      return;
    }
    if (!isRecord(v)) return;
    const props = isRecord(s.properties) ? s.properties : undefined;
    const additional = resolve(s.additionalProperties);
    for (const key of Object.keys(v)) {
      if (depth === 0 && META_KEYS.has(key)) continue;
      const prop = props && Object.prototype.hasOwnProperty.call(props, key) ? resolve(props[key]) : undefined;
      if (prop) {
        if (v[key] === null) delete v[key];
        else walk(prop, v[key], depth + 1);
      } else if (additional) {
        if (v[key] === null) {
          const z = zero(additional);
          if (z !== undefined) v[key] = z;
        } else walk(additional, v[key], depth + 1);
      }
    }
  };
  walk(resolve(schema), value, 0);
}

/** For the types listed in PROTO_NULL_TYPES: their nulls read as kuma-cp reads them, in place. */
export function readProtoNulls(typeName: string, value: Record<string, unknown>): void {
  if (!PROTO_NULL_TYPES.has(typeName)) return;
  const schema = loadSchema(typeName);
  if (schema) normaliseProtoNulls(schema, value);
}

/**
 * A flat document's copy with the nulls kuma-cp's decoder gives a meaning already read (a null tag value
 * is ""), for callers that then drop the remaining nulls. Other types: the value itself, unchanged.
 */
export function withProtoNulls(typeName: string, value: Record<string, unknown>): Record<string, unknown> {
  if (!PROTO_NULL_TYPES.has(typeName)) return value;
  const copy = structuredClone(value);
  readProtoNulls(typeName, copy);
  return copy;
}
