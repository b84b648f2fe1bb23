/**
 * MeshTimeout semantic rules (Kuma 2.14.3, resources.md §7.2), in Kuma's check order.
 * Duration decode errors come first and, when present, are the only findings (Kuma fails decoding before Validate()).
 */
import type { Violation } from '../types.js';
import {
  asArray,
  asRecord,
  type DurationField,
  durationNs,
  fromDeprecationWarnings,
  isSet,
  K,
  Loc,
  nonEmptyArray,
  type Obj,
  topLevelKind,
  topLevelKindDeprecationWarnings,
  validateDecoded,
  validateMatch,
} from './policy-common.js';
import { forEachItem, plainRef, validateTopLevelTargetRef, validateTargetRef } from './targetref.js';

const CONF_DURATIONS: readonly DurationField[] = [
  ['connectionTimeout'],
  ['idleTimeout'],
  ['http', 'requestTimeout'],
  ['http', 'streamIdleTimeout'],
  ['http', 'maxStreamDuration'],
  ['http', 'maxConnectionDuration'],
  ['http', 'requestHeadersTimeout'],
];

const HTTP_FIELDS = ['requestTimeout', 'streamIdleTimeout', 'maxStreamDuration', 'maxConnectionDuration', 'requestHeadersTimeout'];

const TOP_KINDS_SYSTEM = [K.Mesh, K.MeshSubset, K.Dataplane, K.MeshGateway, K.MeshService, K.MeshServiceSubset, K.MeshHTTPRoute];
const TOP_KINDS_OTHER = [K.Mesh, K.Dataplane, K.MeshSubset, K.MeshService, K.MeshServiceSubset];
const TO_KINDS_GATEWAY_OR_ROUTE = [K.Mesh, K.MeshExternalService];
const TO_KINDS = [K.Mesh, K.MeshService, K.MeshExternalService, K.MeshMultiZoneService, K.MeshHTTPRoute];

export function validateMeshTimeout(doc: Record<string, unknown>): Violation[] {
  return validateDecoded(doc, CONF_DURATIONS, validateSpec);
}

/** The checks once every duration decoded. */
function validateSpec(doc: Obj, spec: Obj): Violation[] {
  const out: Violation[] = [];
  const spec_ = Loc.of('spec');

  // 1. top-level targetRef
  out.push(...validateTopLevelTargetRef(doc, spec, { kinds: { system: TOP_KINDS_SYSTEM, other: TOP_KINDS_OTHER }, inbound: true, listenerTags: 'system' }));

  const hasFrom = nonEmptyArray(spec.from);
  const hasTo = nonEmptyArray(spec.to);
  const hasRules = nonEmptyArray(spec.rules);
  // 2., 3.
  if (hasRules && (hasTo || hasFrom)) out.push(spec_.err("fields 'to' and 'from' must be empty when 'rules' is defined"));
  if (!hasRules && !hasTo && !hasFrom) out.push(spec_.err("at least one of 'from', 'to' or 'rules' has to be defined"));

  const topKind = topLevelKind(spec);
  const gatewayOrRoute = topKind === K.MeshHTTPRoute || topKind === K.MeshGateway;

  // 4. from
  if (gatewayOrRoute && hasFrom) {
    out.push(spec_.f('from').err('must not be defined'));
  } else {
    forEachItem(spec, 'from', (it, loc) => {
      out.push(...validateTargetRef(it.targetRef, loc.f('targetRef'), plainRef([K.Mesh])));
      out.push(...validateConf(it.default, loc.f('default'), topKind));
    });
  }

  // 5. to
  forEachItem(spec, 'to', (it, loc) => {
    out.push(
      ...validateTargetRef(it.targetRef, loc.f('targetRef'), plainRef(gatewayOrRoute ? TO_KINDS_GATEWAY_OR_ROUTE : TO_KINDS)),
    );
    out.push(...validateConf(it.default, loc.f('default'), topKind));
  });

  // 6. rules
  forEachItem(spec, 'rules', (it, loc, i) => {
    const matches = asArray(it.matches);
    matches.forEach((m, j) => out.push(...validateMatch(m, loc.f('matches').i(j))));
    const conf = asRecord(it.default);
    if (matches.some((m) => isSet(asRecord(m), 'spiffeID'))) {
      const msg = "can't be specified when matches contain spiffeID because this field cannot be conditioned on source identity";
      const d = loc.f('default');
      const http = asRecord(conf?.http);
      if (isSet(conf, 'connectionTimeout')) out.push(d.f('connectionTimeout').err(msg));
      if (isSet(conf, 'idleTimeout')) out.push(d.f('idleTimeout').err(msg));
      for (const f of ['requestHeadersTimeout', 'maxStreamDuration', 'maxConnectionDuration']) {
        if (isSet(http, f)) out.push(d.f('http').f(f).err(msg));
      }
    }
    out.push(...validateConf(it.default, loc.f('default'), topKind));
  });

  return [...out, ...fromDeprecationWarnings(spec), ...topLevelKindDeprecationWarnings(spec)];
}

/** 7. `validateDefault` at `loc` (e.g. `spec.to[0].default`). */
function validateConf(value: unknown, loc: Loc, topKind: string): Violation[] {
  const conf = asRecord(value);
  if (!isSet(conf, 'connectionTimeout') && !isSet(conf, 'idleTimeout') && !isSet(conf, 'http')) {
    return [loc.err('at least one timeout should be configured')];
  }
  const c = conf!;
  const http = asRecord(c.http);
  const out: Violation[] = [];

  if (topKind === K.MeshHTTPRoute) {
    const msg = "can't be specified when top-level TargetRef is referencing MeshHTTPRoute";
    if (isSet(c, 'connectionTimeout')) out.push(loc.f('connectionTimeout').err(msg));
    if (isSet(c, 'idleTimeout')) out.push(loc.f('idleTimeout').err(msg));
    if (isSet(http, 'maxStreamDuration')) out.push(loc.f('http').f('maxStreamDuration').err(msg));
    if (isSet(http, 'maxConnectionDuration')) out.push(loc.f('http').f('maxConnectionDuration').err(msg));
  }

  const connectionTimeout = durationNs(c.connectionTimeout);
  if (connectionTimeout !== undefined && connectionTimeout <= 0) {
    out.push(loc.f('connectionTimeout').err('must be greater than zero when defined'));
  }
  const idleTimeout = durationNs(c.idleTimeout);
  if (idleTimeout !== undefined && idleTimeout < 0) out.push(loc.f('idleTimeout').err('must not be negative when defined'));

  if (isSet(c, 'http')) {
    if (!['requestTimeout', 'streamIdleTimeout', 'maxStreamDuration', 'maxConnectionDuration'].some((f) => isSet(http, f))) {
      out.push(loc.f('http').err('at least one timeout in this section should be configured'));
    }
    for (const f of HTTP_FIELDS) {
      const ns = durationNs(http?.[f]);
      if (ns !== undefined && ns < 0) out.push(loc.f('http').f(f).err('must not be negative when defined'));
    }
  }
  return out;
}
