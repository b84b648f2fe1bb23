/**
 * MeshTCPRoute semantic rules (Kuma 2.14.3, pkg/plugins/policies/meshtcproute/api/v1alpha1/validator.go), in Kuma's
 * check order: top-level targetRef (kinds per policy role), then per `to[i]` its targetRef and its rules' backendRefs.
 */
import type { Violation } from '../types.js';
import {
  asArray,
  asRecord,
  asString,
  isSet,
  K,
  Loc,
  specOf,
  topLevelKind,
  topLevelKindDeprecationWarnings,
} from './policy-common.js';
import { plainRef, validateTopLevelTargetRef, validateTargetRefAt } from './targetref.js';

const TOP_KINDS_SYSTEM = [K.Mesh, K.MeshSubset, K.MeshGateway, K.MeshService, K.MeshServiceSubset, K.Dataplane];
const TOP_KINDS_OTHER = [K.Mesh, K.MeshSubset, K.MeshService, K.MeshServiceSubset, K.Dataplane];
const TO_KINDS_GATEWAY = [K.Mesh];
const TO_KINDS = [K.MeshService, K.MeshExternalService, K.MeshMultiZoneService];
const BACKEND_KINDS = [K.MeshService, K.MeshServiceSubset, K.MeshExternalService, K.MeshMultiZoneService];


export function validateMeshTCPRoute(doc: Record<string, unknown>): Violation[] {
  const spec = specOf(doc);
  const out: Violation[] = [];
  const spec_ = Loc.of('spec');
  out.push(...validateTopLevelTargetRef(doc, spec, { kinds: { system: TOP_KINDS_SYSTEM, other: TOP_KINDS_OTHER }, listenerTags: 'system' }));
  const gateway = topLevelKind(spec) === K.MeshGateway;
  asArray(spec.to).forEach((item, i) => {
    const loc = spec_.f('to').i(i);
    const it = asRecord(item) ?? {};
    out.push(...validateTargetRefAt(it.targetRef, loc.f('targetRef'), plainRef(gateway ? TO_KINDS_GATEWAY : TO_KINDS)));
    asArray(it.rules).forEach((r, j) => {
      const bl = loc.f('rules').i(j).f('default').f('backendRefs');
      const backendRefs = asArray(asRecord(asRecord(r)?.default)?.backendRefs);
      if (backendRefs.length === 0) {
        out.push(bl.err('must be defined'));
        return;
      }
      backendRefs.forEach((b, k) => {
        out.push(...validateTargetRefAt(b, bl.i(k), plainRef(BACKEND_KINDS)));
        const ref = asRecord(b) ?? {};
        if (asString(ref.kind) === K.MeshMultiZoneService && !isSet(ref, 'port')) {
          out.push(bl.i(k).f('port').err('must be defined with kind MeshMultiZoneService'));
        }
      });
    });
  });
  return [...out, ...topLevelKindDeprecationWarnings(spec)];
}
