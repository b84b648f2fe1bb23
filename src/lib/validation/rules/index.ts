import type { Violation } from '../types.js';
import { validateMesh } from './mesh.js';
import { validateDataplane } from './dataplane.js';
import { validateMeshTimeout } from './meshtimeout.js';
import { validateMeshRetry } from './meshretry.js';
import { validateMeshCircuitBreaker } from './meshcircuitbreaker.js';
import { otherPolicyRules } from './policies.js';
import { validateZoneEgress, validateZoneIngress } from './zone-proxies.js';
import { validateMeshService } from './meshservice.js';
import { validateMeshExternalService } from './meshexternalservice.js';
import { validateMeshMultiZoneService } from './meshmultizoneservice.js';
import { validateMeshIdentity } from './meshidentity.js';
import { validateMeshTrust } from './meshtrust.js';
import { validateWorkload } from './workload.js';

/** A type's own checks beyond its schema, on the Universal document (Kuma's `Validate()`). */
export type Rule = (doc: Record<string, unknown>) => Violation[];

const RULES: Record<string, Rule> = {
  Mesh: validateMesh,
  Dataplane: validateDataplane,
  ZoneIngress: validateZoneIngress,
  ZoneEgress: validateZoneEgress,
  MeshService: validateMeshService,
  MeshExternalService: validateMeshExternalService,
  MeshMultiZoneService: validateMeshMultiZoneService,
  MeshIdentity: validateMeshIdentity,
  MeshTrust: validateMeshTrust,
  Workload: validateWorkload,
  MeshTimeout: validateMeshTimeout,
  MeshRetry: validateMeshRetry,
  MeshCircuitBreaker: validateMeshCircuitBreaker,
  ...otherPolicyRules,
};

export function rulesFor(typeName: string): Rule | undefined {
  return RULES[typeName];
}
