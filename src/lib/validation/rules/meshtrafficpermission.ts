/**
 * MeshTrafficPermission semantic rules (Kuma 2.14.3,
 * pkg/plugins/policies/meshtrafficpermission/api/v1alpha1/validator.go), in Kuma's check order: top-level targetRef,
 * `from` vs `rules`, rule actions and matches, then `from`. Quirk kept on purpose: rule matches are reported as
 * `spec.rules[i].allow[j]` (no `default`), with `path` = the real document location.
 */
import type { Violation } from '../types.js';
import { asArray, asRecord, asString, K, Loc, nonEmptyArray, specOf, topLevelKindDeprecationWarnings, validateMatchCore, type Obj } from './policy-common.js';
import { forEachItem, plainRef, validateTopLevelTargetRef, validateTargetRef } from './targetref.js';

const TOP_KINDS = [K.Mesh, K.MeshSubset, K.MeshService, K.MeshServiceSubset, K.Dataplane];
const FROM_KINDS = [K.Mesh, K.MeshSubset, K.MeshService, K.MeshServiceSubset];
const ACTIONS = ['allow', 'allowWithShadowDeny', 'deny'] as const;

const FROM_DEPRECATED = "'from' field is deprecated and will be removed in 3.0, use 'rules' with MeshIdentity (spiffeId) instead";
const FROM_MESH_SERVICE_DEPRECATED = "MeshService value for 'from[].targetRef.kind' is deprecated, use MeshSubset with 'kuma.io/service' instead";

export function validateMeshTrafficPermission(doc: Record<string, unknown>): Violation[] {
  const spec = specOf(doc);
  const out: Violation[] = [];
  const spec_ = Loc.of('spec');
  out.push(...validateTopLevelTargetRef(doc, spec, { kinds: TOP_KINDS, inbound: true, listenerTags: false }));
  const hasFrom = nonEmptyArray(spec.from);
  const hasRules = nonEmptyArray(spec.rules);
  if (hasFrom && hasRules) out.push(spec_.err("field 'from' must be empty when 'rules' is defined"));
  if (!hasFrom && !hasRules) out.push(spec_.err("at least one of 'from' or 'rules' has to be defined"));

  asArray(spec.rules).forEach((item, i) => {
    const loc = spec_.f('rules').i(i);
    const def = asRecord(asRecord(item)?.default);
    if (!ACTIONS.some((k) => nonEmptyArray(def?.[k]))) {
      out.push(loc.err("at least one of 'allow', 'allowWithShadowDeny', 'deny' has to be defined"));
    }
    for (const k of ACTIONS) {
      asArray(def?.[k]).forEach((m, j) => out.push(...validateMatchCore(m, loc.docOnly('default').f(k).i(j))));
    }
  });

  forEachItem(spec, 'from', (it, loc) => {
    out.push(...validateTargetRef(it.targetRef, loc.f('targetRef'), plainRef(FROM_KINDS)));
    if (asString(asRecord(it.default)?.action) === '') out.push(loc.f('default').f('action').err('must be defined'));
  });

  return [...out, ...deprecations(spec)];
}

function deprecations(spec: Obj): Violation[] {
  const out: Violation[] = [];
  if (nonEmptyArray(spec.from)) out.push(Loc.of('spec', 'from').warn(FROM_DEPRECATED));
  asArray(spec.from).forEach((item, i) => {
    if (asString(asRecord(asRecord(item)?.targetRef)?.kind) === K.MeshService) {
      out.push(Loc.of('spec', 'from').i(i).f('targetRef').f('kind').warn(FROM_MESH_SERVICE_DEPRECATED));
    }
  });
  return [...out, ...topLevelKindDeprecationWarnings(spec)];
}
