import type { ResourceType } from '../resources/registry.js';
import { checkSchema } from './schema.js';
import { checkMeta, checkLabels, deprecationOf } from './envelope.js';
import { rulesFor } from './rules/index.js';
import { withProtoNulls } from './proto-nulls.js';
import type { Strictness, Violation } from './types.js';

export type { Strictness, Violation } from './types.js';

export interface ValidateOptions {
  strictness: Strictness;
}

/**
 * Every check that needs no server, in Kuma's order: the schema (shape, types, enums, unknown
 * fields), the type's own rules (skipped when the shape is wrong, as Kuma stops there too), then the
 * meta rules for name and mesh and the label rules. `value` is the Universal document with its mesh
 * already resolved; the schema check may convert YAML 1.1 booleans in it.
 */
export function validateResource(type: ResourceType, value: Record<string, unknown>, options: ValidateOptions): Violation[] {
  if (type.readOnly) {
    return [{ severity: 'error', field: 'type', message: `${type.name} is computed by the control plane and cannot be created or changed` }];
  }
  if (type.shape === 'flat' && hasNull(value)) {
    // protobuf JSON: a null field is unset, a null in a string map is "" (callers usually did this already)
    const read = withProtoNulls(type.name, value);
    for (const k of Object.keys(value)) delete value[k];
    for (const [k, v] of Object.entries(read)) Object.defineProperty(value, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  const out: Violation[] = [...deprecationOf(type)];
  // one violation per label or tag of a huge map: appended one by one, as spreading them could overflow the stack
  const add = (vs: Violation[]) => {
    for (const v of vs) out.push(v);
  };
  const schema = checkSchema(type.name, value, options.strictness);
  add(schema.violations);
  if (!schema.shapeInvalid) {
    const rule = rulesFor(type.name);
    if (rule) add(rule(value));
  }
  const mesh = type.scope === 'Mesh' && typeof value.mesh === 'string' ? value.mesh : undefined;
  add(checkMeta(type, value.name, mesh));
  add(checkLabels(value.labels, mesh));
  return out;
}

function hasNull(v: unknown): boolean {
  if (v === null) return true;
  if (typeof v !== 'object') return false;
  return Array.isArray(v) ? v.some(hasNull) : Object.values(v as object).some(hasNull);
}
