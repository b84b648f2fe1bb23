import type { Violation } from '../types.js';
import { validateMesh } from './mesh.js';
import { validateDataplane } from './dataplane.js';
import { validateMeshTimeout } from './meshtimeout.js';
import { validateMeshRetry } from './meshretry.js';
import { validateMeshCircuitBreaker } from './meshcircuitbreaker.js';
import { otherPolicyRules } from './policies.js';
import { legacyRules } from './legacy/index.js';

/** A type's own checks beyond its schema, on the Universal document (Kuma's `Validate()`). */
export type Rule = (doc: Record<string, unknown>) => Violation[];

const RULES: Record<string, Rule> = {
  Mesh: validateMesh,
  Dataplane: validateDataplane,
  MeshTimeout: validateMeshTimeout,
  MeshRetry: validateMeshRetry,
  MeshCircuitBreaker: validateMeshCircuitBreaker,
  ...otherPolicyRules,
  ...legacyRules,
};

export function rulesFor(typeName: string): Rule | undefined {
  return RULES[typeName];
}
