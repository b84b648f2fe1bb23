/**
 * MeshRateLimit semantic rules (Kuma 2.14.3, pkg/plugins/policies/meshratelimit/api/v1alpha1/validator.go), in Kuma's
 * check order: `rules` vs `to`/`from`, top-level targetRef (kinds per policy role), then rules, from and to.
 * Duration decode errors come first and, when present, are the only findings.
 */
import type { Violation } from '../types.js';
import {
  asArray,
  asInt,
  asRecord,
  type DurationField,
  durationNs,
  FROM_DEPRECATED,
  includesGateways,
  isSet,
  K,
  Loc,
  nonEmptyArray,
  type Obj,
  topLevelKindDeprecationWarnings,
  topLevelRef,
  validateDecoded,
  validateMatch,
} from './policy-common.js';
import { forEachItem, plainRef, validateTopLevelTargetRef, validateTargetRef } from './targetref.js';

const DURATIONS: readonly DurationField[] = [
  ['local', 'http', 'requestRate', 'interval'],
  ['local', 'tcp', 'connectionRate', 'interval'],
];

const TOP_KINDS_SYSTEM = [K.Mesh, K.MeshSubset, K.MeshGateway, K.MeshService, K.MeshServiceSubset, K.MeshHTTPRoute, K.Dataplane];
const TOP_KINDS_OTHER = [K.Mesh, K.MeshSubset, K.MeshService, K.MeshServiceSubset, K.Dataplane];
const MESH_ONLY = plainRef([K.Mesh]);

const SOURCE_CONDITIONED = "can't be specified when matches contain spiffeID because this field cannot be conditioned on source identity";
const FROM_WITH_GATEWAY =
  'must not be defined when the scope includes a Gateway, select only proxyType Sidecar or select only gateways and use spec.to';
/** 50ms, printed as Go's time.Duration prints it. */
const MIN_INTERVAL_NS = 50_000_000;

export function validateMeshRateLimit(doc: Record<string, unknown>): Violation[] {
  return validateDecoded(doc, DURATIONS, validateSpec);
}

/** The checks once every duration decoded. */
function validateSpec(doc: Obj, spec: Obj): Violation[] {
  const out: Violation[] = [];
  const spec_ = Loc.of('spec');
  const hasRules = nonEmptyArray(spec.rules);
  const hasFrom = nonEmptyArray(spec.from);
  const hasTo = nonEmptyArray(spec.to);
  if (hasRules && (hasTo || hasFrom)) out.push(spec_.err("fields 'to' and 'from' must be empty when 'rules' is defined"));

  out.push(...validateTopLevelTargetRef(doc, spec, { kinds: { system: TOP_KINDS_SYSTEM, other: TOP_KINDS_OTHER }, inbound: true, listenerTags: 'system' }));

  const top = topLevelRef(spec);
  const gateways = includesGateways(top);
  const route = top.kind === K.MeshHTTPRoute;

  // rules
  if ((gateways || route) && hasRules) {
    out.push(spec_.f('rules').err('must not be defined'));
  } else {
    forEachItem(spec, 'rules', (it, loc, i) => {
      const matches = asArray(it.matches);
      matches.forEach((m, j) => out.push(...validateMatch(m, loc.f('matches').i(j))));
      const conf = asRecord(it.default) ?? {};
      if (matches.some((m) => isSet(asRecord(m), 'spiffeID')) && isSet(asRecord(conf.local), 'tcp')) {
        out.push(loc.f('default').f('local').f('tcp').err(SOURCE_CONDITIONED));
      }
      out.push(...validateConf(conf, loc.f('default')));
    });
  }

  // from
  if (gateways && hasFrom) {
    out.push(spec_.f('from').err(FROM_WITH_GATEWAY));
  } else if (route && hasFrom) {
    out.push(spec_.f('from').err('must not be defined when spec.kind is MeshHTTPRoute'));
  } else {
    forEachItem(spec, 'from', (it, loc) => {
      out.push(...validateTargetRef(it.targetRef, loc.f('targetRef'), MESH_ONLY));
      out.push(...validateConf(asRecord(it.default) ?? {}, loc.f('default')));
    });
  }

  // to
  if (!gateways && hasTo) {
    out.push(spec_.f('to').err('must not be defined'));
  } else {
    forEachItem(spec, 'to', (it, loc) => {
      out.push(...validateTargetRef(it.targetRef, loc.f('targetRef'), MESH_ONLY));
      out.push(...validateConf(asRecord(it.default) ?? {}, loc.f('default')));
    });
  }

  return [...out, ...deprecations(spec)];
}

function validateConf(conf: Obj, loc: Loc): Violation[] {
  const ll = loc.f('local');
  if (!isSet(conf, 'local')) return [ll.err('must be defined')];
  const local = asRecord(conf.local) ?? {};
  const out: Violation[] = [];
  if (!isSet(local, 'tcp') && !isSet(local, 'http')) out.push(ll.err('must have at least one defined: tcp, http'));
  if (isSet(local, 'http')) {
    const http = asRecord(local.http) ?? {};
    const hl = ll.f('http');
    if (!isSet(http, 'disabled') && !isSet(http, 'requestRate') && !isSet(http, 'onRateLimit')) {
      out.push(hl.err('must have at least one defined: disabled, requestRate, onRateLimit'));
    } else {
      if (isSet(http, 'requestRate')) out.push(...validateRate(asRecord(http.requestRate) ?? {}, hl.f('requestRate')));
      if (isSet(http, 'onRateLimit')) {
        const status = asInt(asRecord(http.onRateLimit)?.status);
        if (status !== undefined && status <= 0) out.push(hl.f('onRateLimit').f('status').err('must be greater than 0'));
      }
    }
  }
  if (isSet(local, 'tcp')) {
    const tcp = asRecord(local.tcp) ?? {};
    const tl = ll.f('tcp');
    if (!isSet(tcp, 'disabled') && !isSet(tcp, 'connectionRate')) {
      out.push(tl.err('must have at least one defined: disabled, connectionRate'));
    } else if (isSet(tcp, 'connectionRate')) {
      out.push(...validateRate(asRecord(tcp.connectionRate) ?? {}, tl.f('connectionRate')));
    }
  }
  return out;
}

function validateRate(rate: Obj, loc: Loc): Violation[] {
  const out: Violation[] = [];
  // Both are plain values in Kuma: absent reads as 0.
  const num = asInt(rate.num) ?? 0;
  if (num <= 0) out.push(loc.f('num').err('must be greater than 0'));
  const interval = durationNs(rate.interval) ?? 0;
  if (interval <= MIN_INTERVAL_NS) out.push(loc.f('interval').err('must be greater than: 50ms'));
  return out;
}

/** Kuma's `Deprecations()`: `from`, an onRateLimit status below 400, the top-level kind. */
function deprecations(spec: Obj): Violation[] {
  const out: Violation[] = [];
  if (nonEmptyArray(spec.from)) out.push(Loc.of('spec', 'from').warn(FROM_DEPRECATED));
  for (const key of ['from', 'rules', 'to']) {
    asArray(spec[key]).forEach((item, i) => {
      const status = asInt(asRecord(asRecord(asRecord(asRecord(asRecord(item)?.default)?.local)?.http)?.onRateLimit)?.status);
      if (status !== undefined && status < 400) {
        out.push(
          Loc.of('spec', key)
            .i(i)
            .f('default')
            .f('local')
            .f('http')
            .f('onRateLimit')
            .f('status')
            .warn(`'spec.${key}[${i}].default.local.http.requestRate.status' must be 400 or higher. Please update your configuration.`),
        );
      }
    });
  }
  return [...out, ...topLevelKindDeprecationWarnings(spec)];
}
