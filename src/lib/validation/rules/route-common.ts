/**
 * What MeshHTTPRoute and MeshTCPRoute validate alike (Kuma 2.14.3, the validators of both route policies): the
 * top-level targetRef (kinds per policy role), each `to[i].targetRef` (only Mesh under a MeshGateway) and each
 * backendRef; then the top-level kind deprecations.
 */
import type { Violation } from '../types.js';
import { asRecord, asString, isSet, K, Loc, specOf, topLevelKind, topLevelKindDeprecationWarnings, type Obj } from './policy-common.js';
import { forEachItem, plainRef, validateTargetRef, validateTopLevelTargetRef, type TargetRefOpts } from './targetref.js';

const TOP_KINDS = {
  system: [K.Mesh, K.MeshSubset, K.MeshGateway, K.MeshService, K.MeshServiceSubset, K.Dataplane],
  other: [K.Mesh, K.MeshSubset, K.MeshService, K.MeshServiceSubset, K.Dataplane],
};
const TO_KINDS_GATEWAY = [K.Mesh];
const TO_KINDS = [K.MeshService, K.MeshExternalService, K.MeshMultiZoneService];
const BACKEND_KINDS = [K.MeshService, K.MeshServiceSubset, K.MeshExternalService, K.MeshMultiZoneService];

/** Validates a route document; `validateTo` adds the checks of one `to[i]` item after its targetRef. */
export function validateRoute(doc: Obj, validateTo: (item: Obj, loc: Loc, gateway: boolean) => Violation[]): Violation[] {
  const spec = specOf(doc);
  const out = validateTopLevelTargetRef(doc, spec, { kinds: TOP_KINDS, listenerTags: 'system' });
  const gateway = topLevelKind(spec) === K.MeshGateway;
  forEachItem(spec, 'to', (it, loc) => {
    out.push(...validateTargetRef(it.targetRef, loc.f('targetRef'), plainRef(gateway ? TO_KINDS_GATEWAY : TO_KINDS)));
    out.push(...validateTo(it, loc, gateway));
  });
  return [...out, ...topLevelKindDeprecationWarnings(spec)];
}

/** One `backendRefs[k]`: a service-like targetRef, with a port when it is a MeshMultiZoneService. */
export function validateBackendRef(ref: unknown, loc: Loc, extra: Partial<TargetRefOpts> = {}): Violation[] {
  const out = validateTargetRef(ref, loc, { ...plainRef(BACKEND_KINDS), ...extra });
  const r = asRecord(ref) ?? {};
  if (asString(r.kind) === K.MeshMultiZoneService && !isSet(r, 'port')) out.push(loc.f('port').err('must be defined with kind MeshMultiZoneService'));
  return out;
}
