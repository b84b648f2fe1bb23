/**
 * MeshLoadBalancingStrategy semantic rules (Kuma 2.14.3,
 * pkg/plugins/policies/meshloadbalancingstrategy/api/v1alpha1/validator.go), in Kuma's check order. An empty or
 * absent `to` is valid (Kuma's test "empty 'to' allowed as override").
 */
import type { Violation } from '../types.js';
import {
  asArray,
  asInt,
  asRecord,
  asString,
  intOrStringNumber,
  isSet,
  K,
  Loc,
  specOf,
  topLevelKind,
  topLevelKindDeprecationWarnings,
  type Obj,
} from './policy-common.js';
import { forEachItem, plainRef, validateTopLevelTargetRef, validateTargetRef, type TargetRefOpts } from './targetref.js';

const TOP_KINDS = [K.Mesh, K.MeshSubset, K.MeshGateway, K.MeshService, K.MeshServiceSubset, K.Dataplane];
const TO_KINDS = [K.Mesh, K.MeshService, K.MeshMultiZoneService, K.MeshHTTPRoute];
const TO_KINDS_GATEWAY = [K.Mesh, K.MeshService, K.MeshMultiZoneService];

const MES_ONLY_WITH_MESH =
  'kind MeshExternalService is only allowed with targetRef.kind: Mesh as it is configured on the Zone Egress and shared by all clients in the mesh';
const ONLY_HASH_POLICIES = 'field is not allowed when targetRef.kind is MeshHTTPRoute, only hashPolicies is supported';
const ALREADY_AT_ROOT = 'hashPolicies already specified in the root level';

export function validateMeshLoadBalancingStrategy(doc: Record<string, unknown>): Violation[] {
  const spec = specOf(doc);
  const out: Violation[] = [];
  const spec_ = Loc.of('spec');
  out.push(...validateTopLevelTargetRef(doc, spec, { kinds: TOP_KINDS, listenerTags: true }));
  const topKind = topLevelKind(spec);
  forEachItem(spec, 'to', (it, loc) => {
    const conf = asRecord(it.default) ?? {};
    const ref = asRecord(it.targetRef) ?? {};
    const opts: TargetRefOpts = plainRef(TO_KINDS);
    if (topKind === K.MeshGateway) {
      if (isSet(conf, 'loadBalancer')) {
        opts.allowedKinds = [K.Mesh];
        opts.supportedKindsError = `value '${topKind}' is not supported, only Mesh is allowed if loadBalancer is set`;
      } else {
        opts.allowedKinds = TO_KINDS_GATEWAY;
      }
    }
    out.push(...validateTargetRef(it.targetRef, loc.f('targetRef'), opts));
    if (asString(ref.kind) === K.MeshExternalService && topKind !== K.Mesh) {
      out.push(loc.f('targetRef').f('kind').err(MES_ONLY_WITH_MESH));
    }
    out.push(...validateConf(conf, ref, loc.f('default')));
  });
  return [...out, ...hashPolicyDeprecations(spec), ...topLevelKindDeprecationWarnings(spec)];
}

function validateConf(conf: Obj, ref: Obj, loc: Loc): Violation[] {
  const out: Violation[] = [];
  const refKind = asString(ref.kind);
  if (refKind === K.MeshHTTPRoute) {
    out.push(...validateHashPolicies(conf.hashPolicies, loc.f('hashPolicies')));
    if (isSet(conf, 'loadBalancer')) out.push(loc.f('loadBalancer').err(ONLY_HASH_POLICIES));
    if (isSet(conf, 'localityAwareness')) out.push(loc.f('localityAwareness').err(ONLY_HASH_POLICIES));
    return out;
  }
  const lb = asRecord(conf.loadBalancer);
  if (isSet(conf, 'loadBalancer')) out.push(...validateLoadBalancer(lb ?? {}, loc.f('loadBalancer')));
  if (isSet(conf, 'localityAwareness')) out.push(...validateLocalityAwareness(asRecord(conf.localityAwareness) ?? {}, ref, loc.f('localityAwareness')));
  out.push(...validateHashPolicies(conf.hashPolicies, loc.f('hashPolicies')));
  if (isSet(conf, 'hashPolicies') && lb) {
    if (isSet(asRecord(lb.ringHash), 'hashPolicies')) out.push(loc.f('loadBalancer').f('ringHash').f('hashPolicies').err(ALREADY_AT_ROOT));
    if (isSet(asRecord(lb.maglev), 'hashPolicies')) out.push(loc.f('loadBalancer').f('maglev').f('hashPolicies').err(ALREADY_AT_ROOT));
  }
  return out;
}

function validateLocalityAwareness(la: Obj, ref: Obj, loc: Loc): Violation[] {
  const out: Violation[] = [];
  if (isSet(la, 'localZone')) {
    const tags = asArray(asRecord(la.localZone)?.affinityTags);
    const tl = loc.f('localZone').f('affinityTags');
    let weighted = 0;
    tags.forEach((t, k) => {
      const tag = asRecord(t) ?? {};
      if (asString(tag.key) === '') out.push(tl.i(k).f('key').err('must not be empty'));
      if (isSet(tag, 'weight')) {
        const w = asInt(tag.weight);
        if (w !== undefined && w <= 0) out.push(tl.i(k).f('weight').err('must be greater than 0'));
        weighted++;
      }
    });
    if (weighted > 0 && weighted !== tags.length) out.push(tl.err('all or none affinity tags should have weight'));
  }
  if (isSet(la, 'crossZone')) out.push(...validateCrossZone(asRecord(la.crossZone) ?? {}, ref, loc.f('crossZone')));
  return out;
}

function validateCrossZone(cz: Obj, ref: Obj, loc: Loc): Violation[] {
  const out: Violation[] = [];
  if (asString(ref.kind) === K.MeshService) {
    const labels = asRecord(ref.labels);
    if (asString(ref.sectionName) !== '' || (labels !== undefined && Object.keys(labels).length > 0)) {
      out.push(loc.err('must not be set: MeshService traffic is local'));
    }
  }
  asArray(cz.failover).forEach((f, k) => {
    const failover = asRecord(f) ?? {};
    const fl = loc.f('failover').i(k);
    if (isSet(failover, 'from')) {
      const zones = asArray(asRecord(failover.from)?.zones);
      if (zones.length === 0) out.push(fl.f('from').f('zones').err('must not be empty'));
      zones.forEach((z, n) => {
        if (asString(z) === '') out.push(fl.f('from').f('zones').i(n).err('must not be empty'));
      });
    }
    const to = asRecord(failover.to) ?? {};
    const type = asString(to.type);
    const toZones = asArray(to.zones);
    const zl = fl.f('to').f('zones');
    if (type === 'Any' || type === 'None') {
      if (toZones.length > 0) out.push(zl.err(`must be empty when type is ${type}`));
    } else if (type === 'AnyExcept' || type === 'Only') {
      if (toZones.length === 0) out.push(zl.err(`must not be empty when type is ${type}`));
    } else {
      out.push(fl.f('to').f('type').err('unrecognized type'));
    }
  });
  if (isSet(cz, 'failoverThreshold')) {
    const pl = loc.f('failoverThreshold').f('percentage');
    // Kuma's percentage is a non-pointer IntOrString: absent reads as 0.
    const percentage = intOrStringNumber(asRecord(cz.failoverThreshold)?.percentage) ?? 0;
    if (percentage === 'invalid') out.push(pl.err('string must be a valid number'));
    else if (percentage < 0 || percentage > 100) out.push(pl.err('must be in inclusive range [0.0, 100.0]'));
    else if (percentage === 0) out.push(pl.err('must be greater than 0'));
  }
  return out;
}

function validateLoadBalancer(lb: Obj, loc: Loc): Violation[] {
  switch (asString(lb.type)) {
    case 'RingHash':
      return isSet(lb, 'ringHash') ? validateHashPolicies(asRecord(lb.ringHash)?.hashPolicies, loc.f('ringHash').f('hashPolicies')) : [];
    case 'Maglev':
      return isSet(lb, 'maglev') ? validateHashPolicies(asRecord(lb.maglev)?.hashPolicies, loc.f('maglev').f('hashPolicies')) : [];
    case 'LeastRequest': {
      const bias = intOrStringNumber(asRecord(lb.leastRequest)?.activeRequestBias);
      const bl = loc.f('leastRequest').f('activeRequestBias');
      if (bias === 'invalid') return [bl.err('string must be a valid number')];
      if (bias !== undefined && bias < 0) return [bl.err('must be greater or equal then: 0')];
      return [];
    }
    default:
      return [];
  }
}

const HASH_POLICY_FIELD: Record<string, string> = {
  Header: 'header',
  Cookie: 'cookie',
  QueryParameter: 'queryParameter',
  FilterState: 'filterState',
  Connection: 'connection',
  SourceIP: 'connection',
};

function validateHashPolicies(value: unknown, loc: Loc): Violation[] {
  const out: Violation[] = [];
  asArray(value).forEach((p, k) => {
    const policy = asRecord(p) ?? {};
    const field = HASH_POLICY_FIELD[asString(policy.type)];
    if (field === undefined) return;
    if (!isSet(policy, field)) {
      out.push(loc.i(k).f(field).err('must be defined'));
      return;
    }
    if (field === 'cookie') {
      const path = asRecord(policy.cookie)?.path;
      if (typeof path === 'string' && !path.startsWith('/')) out.push(loc.i(k).f('cookie').f('path').err('must be an absolute path'));
    }
  });
  return out;
}

/** Kuma's `Deprecations()`: hashPolicies inside ringHash/maglev, and the SourceIP hash policy type there. */
function hashPolicyDeprecations(spec: Obj): Violation[] {
  const out: Violation[] = [];
  asArray(spec.to).forEach((item, i) => {
    const lb = asRecord(asRecord(asRecord(item)?.default)?.loadBalancer);
    if (!lb) return;
    const type = asString(lb.type);
    const section = type === 'RingHash' ? 'ringHash' : type === 'Maglev' ? 'maglev' : undefined;
    if (!section) return;
    const s = asRecord(lb[section]);
    if (!isSet(s, 'hashPolicies')) return;
    const at = Loc.of('spec').f('to').i(i).f('default').f('loadBalancer').f(section).f('hashPolicies');
    out.push(at.warn(`configuration 'spec.to[${i}].default.loadBalancer.${section}.hashPolicies' is deprecated, use 'spec.to[${i}].default.hashPolicies' instead`));
    asArray(s!.hashPolicies).forEach((p, k) => {
      if (asString(asRecord(p)?.type) === 'SourceIP') {
        out.push(
          at
            .i(k)
            .f('type')
            .warn(`SourceIP type for 'spec.to[${i}].default.loadBalancer.${section}.hashPolicies[${k}].type' is deprecated, use Connection instead`),
        );
      }
    });
  });
  return out;
}
