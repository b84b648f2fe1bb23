/**
 * Semantic rules for the other targetRef policies. The notes (resources.md) do not cover these; the facts (kinds per
 * position, structural rules, messages) were read from Kuma 2.x `pkg/plugins/policies/<policy>/api/v1alpha1/validator.go`
 * versions found in the public source index. Those versions are 2.x but not pinned to the v2.14.3 tag, so where a
 * 2.14 change was likely (Dataplane kinds), the more permissive list is used; see the per-policy comments.
 * Only the checks we could confirm are implemented; everything else is left to the schema.
 */
import type { Violation } from '../types.js';
import {
  asArray,
  asRecord,
  fromDeprecationWarnings,
  isInboundPolicy,
  isSet,
  isSystemRole,
  K,
  Loc,
  nonEmptyArray,
  specOf,
  type Obj,
} from './policy-common.js';
import { validateTargetRefAt, type TargetRefOpts } from './targetref.js';

type Rule = (doc: Record<string, unknown>) => Violation[];

const SPEC = Loc.of('spec');

function opts(allowedKinds: readonly string[], extra: Partial<TargetRefOpts> = {}): TargetRefOpts {
  return { allowedKinds, isInboundPolicy: false, gatewayListenerTagsAllowed: false, ...extra };
}

/** The top-level targetRef check (only when present, as in Kuma). */
function topLevel(spec: Obj, o: TargetRefOpts): Violation[] {
  return isSet(spec, 'targetRef') ? validateTargetRefAt(spec.targetRef, SPEC.f('targetRef'), o) : [];
}

function items(spec: Obj, key: string): Array<{ it: Obj; loc: Loc }> {
  return asArray(spec[key]).map((item, i) => ({ it: asRecord(item) ?? {}, loc: SPEC.f(key).i(i) }));
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * MeshAccessLog. Kinds from a 2.x validator (top-level MeshGateway listener tags allowed; `from`: Mesh; `to`: Mesh,
 * MeshService, MeshExternalService, MeshMultiZoneService) plus Dataplane at top level and MeshHTTPRoute in `to`
 * (present in later versions). Rule messages from the validator tests of the version with `rules`.
 */
const meshAccessLog: Rule = (doc) => {
  const spec = specOf(doc);
  const out: Violation[] = [];
  out.push(
    ...topLevel(
      spec,
      opts([K.Mesh, K.MeshSubset, K.MeshGateway, K.MeshService, K.MeshServiceSubset, K.Dataplane], {
        gatewayListenerTagsAllowed: true,
        isInboundPolicy: isInboundPolicy(spec),
      }),
    ),
  );
  const hasFrom = nonEmptyArray(spec.from);
  const hasTo = nonEmptyArray(spec.to);
  const hasRules = nonEmptyArray(spec.rules);
  if (!hasFrom && !hasTo && !hasRules) out.push(SPEC.err("at least one of 'from', 'to' or 'rules' has to be defined"));
  if (hasRules && (hasFrom || hasTo)) out.push(SPEC.err("fields 'to' and 'from' must be empty when 'rules' is defined"));
  const backends = (it: Obj, loc: Loc): void => {
    if (!isSet(asRecord(it.default), 'backends')) out.push(loc.f('default').f('backends').err('must be defined'));
  };
  for (const { it, loc } of items(spec, 'to')) {
    out.push(
      ...validateTargetRefAt(it.targetRef, loc.f('targetRef'), opts([K.Mesh, K.MeshService, K.MeshExternalService, K.MeshMultiZoneService, K.MeshHTTPRoute])),
    );
    backends(it, loc);
  }
  for (const { it, loc } of items(spec, 'from')) {
    out.push(...validateTargetRefAt(it.targetRef, loc.f('targetRef'), opts([K.Mesh])));
    backends(it, loc);
  }
  for (const { it, loc } of items(spec, 'rules')) backends(it, loc);
  return [...out, ...fromDeprecationWarnings(spec)];
};

/** MeshMetric: top-level kinds per role. */
const meshMetric: Rule = (doc) => {
  const spec = specOf(doc);
  return topLevel(
    spec,
    isSystemRole(doc)
      ? opts([K.Mesh, K.MeshSubset, K.MeshService, K.MeshServiceSubset, K.MeshGateway, K.Dataplane], { gatewayListenerTagsAllowed: true })
      : opts([K.Mesh, K.MeshSubset, K.MeshService, K.Dataplane, K.MeshServiceSubset]),
  );
};

/** MeshPassthrough: Mesh, MeshSubset, Dataplane only. */
const meshPassthrough: Rule = (doc) => topLevel(specOf(doc), opts([K.Mesh, K.MeshSubset, K.Dataplane]));

/** MeshProxyPatch: top-level kinds per role; `default.appendModifications` must not be empty. */
const meshProxyPatch: Rule = (doc) => {
  const spec = specOf(doc);
  const out = topLevel(
    spec,
    isSystemRole(doc)
      ? opts([K.Mesh, K.MeshSubset, K.MeshService, K.MeshServiceSubset, K.MeshGateway, K.Dataplane])
      : opts([K.Mesh, K.MeshSubset, K.Dataplane, K.MeshService, K.MeshServiceSubset]),
  );
  if (!nonEmptyArray(asRecord(spec.default)?.appendModifications)) {
    out.push(SPEC.f('default').f('appendModifications').err('must not be empty'));
  }
  return out;
};

/** MeshTrace: top-level kinds per role (no MeshGateway listener tags). Dataplane added as for the other policies. */
const meshTrace: Rule = (doc) =>
  topLevel(
    specOf(doc),
    isSystemRole(doc)
      ? opts([K.Mesh, K.MeshSubset, K.MeshGateway, K.MeshService, K.MeshServiceSubset, K.Dataplane])
      : opts([K.Mesh, K.MeshSubset, K.MeshService, K.MeshServiceSubset, K.Dataplane]),
  );

export const otherPolicyRules: Record<string, (doc: Record<string, unknown>) => Violation[]> = {
  MeshAccessLog: meshAccessLog,
  MeshMetric: meshMetric,
  MeshPassthrough: meshPassthrough,
  MeshProxyPatch: meshProxyPatch,
  MeshTrace: meshTrace,
};
