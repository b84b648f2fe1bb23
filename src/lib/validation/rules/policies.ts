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
  asString,
  fromDeprecationWarnings,
  includesGateways,
  isInboundPolicy,
  isSet,
  isSystemRole,
  K,
  Loc,
  nonEmptyArray,
  specOf,
  topLevelKind,
  topLevelRef,
  validateMatch,
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

const MES_ONLY_WITH_MESH =
  'kind MeshExternalService is only allowed with targetRef.kind: Mesh as it is configured on the Zone Egress and shared by all clients in the mesh';

// ---------------------------------------------------------------------------------------------------------------

/**
 * MeshFaultInjection. From the 2.x validator with policy roles: `from` is not allowed when the top-level targetRef
 * includes gateways, `to` only when it does. Dataplane added at top level (later 2.x versions have it for every
 * policy; the version found predates it). `rules` checks were not confirmed and are not implemented.
 */
const meshFaultInjection: Rule = (doc) => {
  const spec = specOf(doc);
  const out: Violation[] = [];
  const system = isSystemRole(doc);
  out.push(
    ...topLevel(
      spec,
      system
        ? opts([K.Mesh, K.MeshSubset, K.MeshGateway, K.MeshService, K.MeshServiceSubset, K.Dataplane], {
            gatewayListenerTagsAllowed: true,
            isInboundPolicy: isInboundPolicy(spec),
          })
        : opts([K.Mesh, K.MeshSubset, K.MeshService, K.MeshServiceSubset, K.Dataplane], { isInboundPolicy: isInboundPolicy(spec) }),
    ),
  );
  const top = topLevelRef(spec);
  if (includesGateways(top) && nonEmptyArray(spec.from)) {
    out.push(SPEC.f('from').err('must not be defined'));
  } else {
    for (const { it, loc } of items(spec, 'from')) {
      out.push(...validateTargetRefAt(it.targetRef, loc.f('targetRef'), opts([K.Mesh, K.MeshSubset, K.MeshServiceSubset, K.MeshService])));
    }
  }
  if (!includesGateways(top) && nonEmptyArray(spec.to)) {
    out.push(SPEC.f('to').err('must not be defined'));
  } else {
    for (const { it, loc } of items(spec, 'to')) {
      out.push(...validateTargetRefAt(it.targetRef, loc.f('targetRef'), opts([K.Mesh])));
    }
  }
  return [...out, ...fromDeprecationWarnings(spec)];
};

/** MeshHTTPRoute: kinds, `hostnames` only with MeshGateway, path/header/query matches, backendRefs kinds. */
const meshHTTPRoute: Rule = (doc) => {
  const spec = specOf(doc);
  const out: Violation[] = [];
  const system = isSystemRole(doc);
  out.push(
    ...topLevel(
      spec,
      system
        ? opts([K.Mesh, K.MeshGateway, K.MeshSubset, K.MeshService, K.MeshServiceSubset, K.Dataplane], { gatewayListenerTagsAllowed: true })
        : opts([K.Mesh, K.MeshSubset, K.MeshService, K.MeshServiceSubset, K.Dataplane]),
    ),
  );
  const gateway = topLevelKind(spec) === K.MeshGateway;
  for (const { it, loc } of items(spec, 'to')) {
    out.push(
      ...validateTargetRefAt(
        it.targetRef,
        loc.f('targetRef'),
        opts(gateway ? [K.Mesh] : [K.MeshService, K.MeshExternalService, K.MeshMultiZoneService]),
      ),
    );
    asArray(it.rules).forEach((r, j) => {
      const rule = asRecord(r) ?? {};
      const rl = loc.f('rules').i(j);
      const matches = asArray(rule.matches);
      matches.forEach((m, k) => out.push(...validateHttpMatch(asRecord(m) ?? {}, rl.f('matches').i(k))));
      const def = asRecord(rule.default);
      const backendRefs = asArray(def?.backendRefs);
      const bl = rl.f('default').f('backendRefs');
      if (backendRefs.length === 0 && gateway) {
        const redirect = asArray(def?.filters).some((f) => asString(asRecord(f)?.type) === 'RequestRedirect');
        if (!redirect) out.push(bl.err('must not be empty'));
      }
      backendRefs.forEach((b, k) => {
        out.push(...validateTargetRefAt(b, bl.i(k), opts([K.MeshService, K.MeshServiceSubset, K.MeshExternalService, K.MeshMultiZoneService])));
      });
    });
    if (!gateway && nonEmptyArray(it.hostnames)) out.push(loc.f('hostnames').err('must not be defined'));
  }
  return out;
};

function validateHttpMatch(match: Obj, loc: Loc): Violation[] {
  const out: Violation[] = [];
  const path = asRecord(match.path);
  if (path) {
    const value = asString(path.value);
    const vl = loc.f('path').f('value');
    const type = asString(path.type);
    if (type === 'PathPrefix' && value !== '/') {
      if (value.endsWith('/')) {
        out.push(vl.err('does not need a trailing slash because only a `/`-separated prefix or an entire path is matched'));
      }
      if (!value.startsWith('/')) out.push(vl.err('must be an absolute path'));
    } else if (type === 'Exact' && !value.startsWith('/')) {
      out.push(vl.err('must be an absolute path'));
    }
  }
  const seen = new Set<string>();
  asArray(match.queryParams).forEach((q, i) => {
    const name = asString(asRecord(q)?.name);
    if (seen.has(name)) out.push(loc.f('queryParams').i(i).f('name').err(`multiple entries for name ${name}`));
    seen.add(name);
  });
  asArray(match.headers).forEach((h, i) => {
    const header = asRecord(h) ?? {};
    const type = asString(header.type) || 'Exact';
    if ((type === 'Present' || type === 'Absent') && asString(header.value) !== '') {
      out.push(loc.f('headers').i(i).f('value').err('must not be defined'));
    }
  });
  return out;
}

/** MeshHealthCheck: kinds, the MeshExternalService restriction, "at least one of http, tcp, grpc". */
const meshHealthCheck: Rule = (doc) => {
  const spec = specOf(doc);
  const out: Violation[] = [];
  out.push(
    ...topLevel(spec, opts([K.Mesh, K.MeshSubset, K.MeshGateway, K.MeshService, K.MeshServiceSubset, K.Dataplane], { gatewayListenerTagsAllowed: true })),
  );
  const topKind = topLevelKind(spec);
  for (const { it, loc } of items(spec, 'to')) {
    const ref = asRecord(it.targetRef);
    out.push(...validateTargetRefAt(it.targetRef, loc.f('targetRef'), opts([K.Mesh, K.MeshService, K.MeshMultiZoneService])));
    if (asString(ref?.kind) === K.MeshExternalService && topKind !== K.Mesh) out.push(loc.f('targetRef').f('kind').err(MES_ONLY_WITH_MESH));
    const def = asRecord(it.default);
    if (!isSet(def, 'http') && !isSet(def, 'tcp') && !isSet(def, 'grpc')) {
      out.push(loc.f('default').err('must have at least one defined: http, tcp, grpc'));
    }
  }
  return out;
};

/** MeshLoadBalancingStrategy: `to` required, kinds per top-level kind, MeshHTTPRoute only allows hashPolicies. */
const meshLoadBalancingStrategy: Rule = (doc) => {
  const spec = specOf(doc);
  const out: Violation[] = [];
  out.push(
    ...topLevel(spec, opts([K.Mesh, K.MeshSubset, K.MeshGateway, K.MeshService, K.MeshServiceSubset, K.Dataplane], { gatewayListenerTagsAllowed: true })),
  );
  if (!nonEmptyArray(spec.to)) out.push(SPEC.f('to').err('needs at least one item'));
  const topKind = topLevelKind(spec);
  for (const { it, loc } of items(spec, 'to')) {
    const def = asRecord(it.default);
    const ref = asRecord(it.targetRef);
    let o: TargetRefOpts;
    if (topKind === K.MeshGateway) {
      o = isSet(def, 'loadBalancer')
        ? opts([K.Mesh], { supportedKindsError: 'value is not supported, only Mesh is allowed if loadBalancer is set' })
        : opts([K.Mesh, K.MeshService, K.MeshMultiZoneService]);
    } else {
      o = opts([K.Mesh, K.MeshService, K.MeshMultiZoneService, K.MeshHTTPRoute]);
    }
    out.push(...validateTargetRefAt(it.targetRef, loc.f('targetRef'), o));
    if (asString(ref?.kind) === K.MeshExternalService && topKind !== K.Mesh) out.push(loc.f('targetRef').f('kind').err(MES_ONLY_WITH_MESH));
    if (asString(ref?.kind) === K.MeshHTTPRoute) {
      const msg = 'field is not allowed when targetRef.kind is MeshHTTPRoute, only hashPolicies is supported';
      if (isSet(def, 'loadBalancer')) out.push(loc.f('default').f('loadBalancer').err(msg));
      if (isSet(def, 'localityAwareness')) out.push(loc.f('default').f('localityAwareness').err(msg));
    }
  }
  return out;
};

/** MeshRateLimit: from the 2.x validator with `rules` and policy roles. */
const meshRateLimit: Rule = (doc) => {
  const spec = specOf(doc);
  const out: Violation[] = [];
  const hasRules = nonEmptyArray(spec.rules);
  if (hasRules && (nonEmptyArray(spec.to) || nonEmptyArray(spec.from))) {
    out.push(SPEC.err("fields 'to' and 'from' must be empty when 'rules' is defined"));
  }
  const inbound = isInboundPolicy(spec);
  out.push(
    ...topLevel(
      spec,
      isSystemRole(doc)
        ? opts([K.Mesh, K.MeshSubset, K.MeshGateway, K.MeshService, K.MeshServiceSubset, K.MeshHTTPRoute, K.Dataplane], {
            gatewayListenerTagsAllowed: true,
            isInboundPolicy: inbound,
          })
        : opts([K.Mesh, K.MeshSubset, K.MeshService, K.MeshServiceSubset, K.Dataplane], { isInboundPolicy: inbound }),
    ),
  );
  const top = topLevelRef(spec);
  const gateways = includesGateways(top);
  const route = asString(top.kind) === K.MeshHTTPRoute;

  if (gateways && hasRules) out.push(SPEC.f('rules').err('must not be defined'));
  else if (route && hasRules) out.push(SPEC.f('rules').err('must not be defined'));
  else for (const { it, loc } of items(spec, 'rules')) out.push(...rateLimitConf(it.default, loc.f('default')));

  const hasFrom = nonEmptyArray(spec.from);
  if (gateways && hasFrom) {
    out.push(
      SPEC.f('from').err(
        'must not be defined when the scope includes a Gateway, select only proxyType Sidecar or select only gateways and use spec.to',
      ),
    );
  } else if (route && hasFrom) {
    out.push(SPEC.f('from').err('must not be defined when spec.kind is MeshHTTPRoute'));
  } else {
    for (const { it, loc } of items(spec, 'from')) {
      out.push(...validateTargetRefAt(it.targetRef, loc.f('targetRef'), opts([K.Mesh])));
      out.push(...rateLimitConf(it.default, loc.f('default')));
    }
  }

  if (!gateways && nonEmptyArray(spec.to)) {
    out.push(SPEC.f('to').err('must not be defined'));
  } else {
    for (const { it, loc } of items(spec, 'to')) {
      out.push(...validateTargetRefAt(it.targetRef, loc.f('targetRef'), opts([K.Mesh])));
      out.push(...rateLimitConf(it.default, loc.f('default')));
    }
  }
  return [...out, ...fromDeprecationWarnings(spec)];
};

function rateLimitConf(value: unknown, loc: Loc): Violation[] {
  const conf = asRecord(value);
  const ll = loc.f('local');
  if (!isSet(conf, 'local')) return [ll.err('must be defined')];
  const local = asRecord(conf!.local) ?? {};
  const out: Violation[] = [];
  if (!isSet(local, 'tcp') && !isSet(local, 'http')) out.push(ll.err('must have at least one defined: tcp, http'));
  if (isSet(local, 'http')) {
    const http = asRecord(local.http);
    if (!isSet(http, 'disabled') && !isSet(http, 'requestRate') && !isSet(http, 'onRateLimit')) {
      out.push(ll.f('http').err('must have at least one defined: disabled, requestRate, onRateLimit'));
    }
  }
  if (isSet(local, 'tcp')) {
    const tcp = asRecord(local.tcp);
    if (!isSet(tcp, 'disabled') && !isSet(tcp, 'connectionRate')) {
      out.push(ll.f('tcp').err('must have at least one defined: disabled, connectionRate'));
    }
  }
  return out;
}

/**
 * MeshTCPRoute: kinds. The 2.x version found lists no Dataplane at top level and no MeshMultiZoneService in `to`;
 * both are accepted here (MeshHTTPRoute of the same line and the later TCP route have them).
 */
const meshTCPRoute: Rule = (doc) => {
  const spec = specOf(doc);
  const out: Violation[] = [];
  out.push(
    ...topLevel(
      spec,
      isSystemRole(doc)
        ? opts([K.Mesh, K.MeshSubset, K.MeshGateway, K.MeshService, K.MeshServiceSubset, K.Dataplane], { gatewayListenerTagsAllowed: true })
        : opts([K.Mesh, K.MeshSubset, K.MeshService, K.MeshServiceSubset, K.Dataplane]),
    ),
  );
  const gateway = topLevelKind(spec) === K.MeshGateway;
  for (const { it, loc } of items(spec, 'to')) {
    out.push(
      ...validateTargetRefAt(it.targetRef, loc.f('targetRef'), opts(gateway ? [K.Mesh] : [K.MeshService, K.MeshExternalService, K.MeshMultiZoneService])),
    );
    asArray(it.rules).forEach((r, j) => {
      const bl = loc.f('rules').i(j).f('default').f('backendRefs');
      asArray(asRecord(asRecord(r)?.default)?.backendRefs).forEach((b, k) => {
        out.push(...validateTargetRefAt(b, bl.i(k), opts([K.MeshService, K.MeshServiceSubset, K.MeshExternalService, K.MeshMultiZoneService])));
      });
    });
  }
  return out;
};

/** MeshTLS: kinds, `from` vs `rules`, tlsCiphers/tlsVersion only with a Mesh top-level targetRef. */
const meshTLS: Rule = (doc) => {
  const spec = specOf(doc);
  const out: Violation[] = [];
  out.push(...topLevel(spec, opts([K.Mesh, K.MeshSubset, K.Dataplane], { isInboundPolicy: isInboundPolicy(spec) })));
  if (nonEmptyArray(spec.rules) && nonEmptyArray(spec.from)) out.push(SPEC.err("field 'from' must be empty when 'rules' is defined"));
  const topKind = topLevelKind(spec);
  const conf = (value: unknown, loc: Loc): void => {
    const c = asRecord(value);
    if (topKind === K.Mesh) return;
    if (nonEmptyArray(c?.tlsCiphers)) out.push(loc.f('tlsCiphers').err('tlsCiphers can only be defined with top level targetRef kind: Mesh'));
    if (isSet(c, 'tlsVersion')) out.push(loc.f('tlsVersion').err('tlsVersion can only be defined with top level targetRef kind: Mesh'));
  };
  for (const { it, loc } of items(spec, 'rules')) conf(it.default, loc.f('default'));
  for (const { it, loc } of items(spec, 'from')) {
    out.push(...validateTargetRefAt(it.targetRef, loc.f('targetRef'), opts([K.Mesh])));
    conf(it.default, loc.f('default'));
  }
  return [...out, ...fromDeprecationWarnings(spec)];
};

/** MeshTrafficPermission: kinds, `from` vs `rules`, rule actions and matches, `from[].default.action`. */
const meshTrafficPermission: Rule = (doc) => {
  const spec = specOf(doc);
  const out: Violation[] = [];
  out.push(
    ...topLevel(spec, opts([K.Mesh, K.MeshSubset, K.MeshService, K.MeshServiceSubset, K.Dataplane], { isInboundPolicy: isInboundPolicy(spec) })),
  );
  const hasFrom = nonEmptyArray(spec.from);
  const hasRules = nonEmptyArray(spec.rules);
  if (hasFrom && hasRules) out.push(SPEC.err("field 'from' must be empty when 'rules' is defined"));
  if (!hasFrom && !hasRules) out.push(SPEC.err("at least one of 'from' or 'rules' has to be defined"));
  for (const { it, loc } of items(spec, 'rules')) {
    const def = asRecord(it.default);
    if (!['allow', 'allowWithShadowDeny', 'deny'].some((k) => nonEmptyArray(def?.[k]))) {
      out.push(loc.err("at least one of 'allow', 'allowWithShadowDeny', 'deny' has to be defined"));
    }
    for (const k of ['allow', 'allowWithShadowDeny', 'deny']) {
      // Kuma reports these as spec.rules[i].allow[j] (no `default`); the document has them under `default`.
      asArray(def?.[k]).forEach((m, j) => out.push(...validateMatch(m, loc.docOnly('default').f(k).i(j))));
    }
  }
  for (const { it, loc } of items(spec, 'from')) {
    out.push(...validateTargetRefAt(it.targetRef, loc.f('targetRef'), opts([K.Mesh, K.MeshSubset, K.MeshService, K.MeshServiceSubset])));
    if (!isSet(asRecord(it.default), 'action') || asString(asRecord(it.default)?.action) === '') {
      out.push(loc.f('default').f('action').err('must be defined'));
    }
  }
  return [...out, ...fromDeprecationWarnings(spec)];
};

export const otherPolicyRules: Record<string, (doc: Record<string, unknown>) => Violation[]> = {
  MeshFaultInjection: meshFaultInjection,
  MeshHTTPRoute: meshHTTPRoute,
  MeshHealthCheck: meshHealthCheck,
  MeshLoadBalancingStrategy: meshLoadBalancingStrategy,
  MeshRateLimit: meshRateLimit,
  MeshTCPRoute: meshTCPRoute,
  MeshTLS: meshTLS,
  MeshTrafficPermission: meshTrafficPermission,
};
