/**
 * MeshTCPRoute semantic rules (Kuma 2.14.3, pkg/plugins/policies/meshtcproute/api/v1alpha1/validator.go), in Kuma's
 * check order: top-level targetRef (kinds per policy role), then per `to[i]` its targetRef and its rules' backendRefs.
 */
import type { Violation } from '../types.js';
import { asArray, asRecord } from './policy-common.js';
import { validateBackendRef, validateRoute } from './route-common.js';

export function validateMeshTCPRoute(doc: Record<string, unknown>): Violation[] {
  return validateRoute(doc, (it, loc) => {
    const out: Violation[] = [];
    asArray(it.rules).forEach((r, j) => {
      const bl = loc.f('rules').i(j).f('default').f('backendRefs');
      const backendRefs = asArray(asRecord(asRecord(r)?.default)?.backendRefs);
      if (backendRefs.length === 0) out.push(bl.err('must be defined'));
      else backendRefs.forEach((b, k) => out.push(...validateBackendRef(b, bl.i(k))));
    });
    return out;
  });
}
