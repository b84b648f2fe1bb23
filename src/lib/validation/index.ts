import type { ResourceType } from '../resources/registry.js';
import { checkSchema, decodeNulls } from './schema.js';
import { checkMeta, checkLabels, deprecationOf } from './envelope.js';
import { rulesFor } from './rules/index.js';
import { checkInitialPolicies } from './initial-policies.js';
import type { Strictness, Violation } from './types.js';

export type { Strictness, Violation } from './types.js';

export interface ValidateOptions {
  strictness: Strictness;
  /** The form the document was written in: the Universal API's label rules skip Kubernetes-style ones. */
  form?: 'universal' | 'kubernetes';
}

/**
 * Every check that needs no server, in Kuma's order: the schema (shape, types, enums, unknown
 * fields), the type's own rules (skipped when the shape is wrong, as Kuma stops there too), then the
 * meta rules for name and mesh and the label rules. `value` is the Universal document with its mesh
 * already resolved; the schema check may convert YAML 1.1 booleans in it, and for the flat
 * (proto-based) types its nulls become what Kuma's decoder makes of them (see decodeNulls).
 */
export function validateResource(type: ResourceType, value: Record<string, unknown>, options: ValidateOptions): Violation[] {
  if (type.readOnly) {
    return [{ severity: 'error', field: 'type', message: `${type.name} is computed by the control plane and cannot be created or changed` }];
  }
  const out: Violation[] = [...deprecationOf(type)];
  // one violation per label or tag of a huge map: appended one by one, as spreading them could overflow the stack
  const add = (vs: Violation[]) => {
    for (const v of vs) out.push(v);
  };
  if (type.shape === 'flat') decodeNulls(type.name, value);
  const schema = checkSchema(type.name, value, options.strictness);
  add(schema.violations);
  if (!schema.shapeInvalid) {
    const rule = rulesFor(type.name);
    if (rule) add(rule(value));
    if (type.name === 'Mesh') add(checkInitialPolicies(value, options.strictness));
  }
  const mesh = type.scope === 'Mesh' && typeof value.mesh === 'string' ? value.mesh : undefined;
  add(checkMeta(type, value.name, mesh));
  // Kubernetes-style documents of global types (HostnameGenerator, ...) may carry a kuma.io/mesh label
  add(checkLabels(value.labels, mesh, options.form !== 'kubernetes' || type.scope === 'Mesh'));
  return out;
}

