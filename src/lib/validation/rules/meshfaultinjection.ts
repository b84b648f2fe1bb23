/**
 * MeshFaultInjection semantic rules (Kuma 2.14.3, pkg/plugins/policies/meshfaultinjection/api/v1alpha1/validator.go),
 * in Kuma's check order: top-level targetRef (kinds per policy role), `from` vs `rules`, then rules, from and to.
 * Quirk kept on purpose: a fault `http[i].abort` is reported as `http.abort[i]` (likewise delay and
 * responseBandwidth); such violations carry `path` = the real document location.
 */
import type { Violation } from '../types.js';
import {
  asArray,
  asInt,
  asRecord,
  asString,
  decodeDurations,
  type DurationField,
  durationNs,
  includesGateways,
  intOrStringNumber,
  isSet,
  K,
  Loc,
  nonEmptyArray,
  type Obj,
  topLevelKindDeprecationWarnings,
  topLevelRef,
  validateDecoded,
  validateMatchCore,
} from './policy-common.js';
import { forEachItem, plainRef, validateTopLevelTargetRef, validateTargetRef } from './targetref.js';

const TOP_KINDS_SYSTEM = [K.Mesh, K.MeshSubset, K.MeshGateway, K.MeshService, K.MeshServiceSubset, K.Dataplane];
const TOP_KINDS_OTHER = [K.Mesh, K.MeshSubset, K.MeshService, K.MeshServiceSubset, K.Dataplane];
const FROM_KINDS = [K.Mesh, K.MeshSubset, K.MeshServiceSubset, K.MeshService];
const TO_KINDS = [K.Mesh];

const FROM_WITH_GATEWAY =
  'must not be defined when the scope includes a Gateway, select only proxyType Sidecar or select only gateways and use spec.to';
const FROM_DEPRECATED = "'from' field is deprecated, use 'rules' with SPIFFE-based 'matches' instead";
const DELAY: readonly DurationField[] = [['delay', 'value']];
const BANDWIDTH = /^(\d*)[\t\n\f\r ]?([GMk]+bps)$/;

export function validateMeshFaultInjection(doc: Record<string, unknown>): Violation[] {
  return validateDecoded(doc, decodeSpecDurations, validateSpec);
}

/** The checks once every duration decoded. */
function validateSpec(doc: Obj, spec: Obj): Violation[] {
  const out: Violation[] = [];
  const spec_ = Loc.of('spec');
  out.push(...validateTopLevelTargetRef(doc, spec, { kinds: { system: TOP_KINDS_SYSTEM, other: TOP_KINDS_OTHER }, inbound: true, listenerTags: 'system' }));
  const hasFrom = nonEmptyArray(spec.from);
  if (hasFrom && nonEmptyArray(spec.rules)) out.push(spec_.err("field 'from' must be empty when 'rules' is defined"));

  forEachItem(spec, 'rules', (it, loc, i) => {
    asArray(it.matches).forEach((m, j) => out.push(...validateMatchCore(m, loc.f('matches').i(j))));
    out.push(...validateConf(asRecord(it.default) ?? {}, loc.f('default')));
  });

  const gateways = includesGateways(topLevelRef(spec));
  if (gateways && hasFrom) {
    out.push(spec_.f('from').err(FROM_WITH_GATEWAY));
  } else {
    forEachItem(spec, 'from', (it, loc) => {
      out.push(...validateTargetRef(it.targetRef, loc.f('targetRef'), plainRef(FROM_KINDS)));
      out.push(...validateConf(asRecord(it.default) ?? {}, loc.f('default')));
    });
  }

  if (!gateways && nonEmptyArray(spec.to)) {
    out.push(spec_.f('to').err('must not be defined'));
  } else {
    forEachItem(spec, 'to', (it, loc) => {
      out.push(...validateTargetRef(it.targetRef, loc.f('targetRef'), plainRef(TO_KINDS)));
      out.push(...validateConf(asRecord(it.default) ?? {}, loc.f('default')));
    });
  }

  const warnings = hasFrom ? [spec_.f('from').warn(FROM_DEPRECATED)] : [];
  return [...out, ...warnings, ...topLevelKindDeprecationWarnings(spec)];
}

/** Decode errors of every `http[j].delay.value` (the only duration), in document order. */
function decodeSpecDurations(spec: Obj): Violation[] {
  const out: Violation[] = [];
  for (const key of Object.keys(spec).filter((k) => k === 'from' || k === 'to' || k === 'rules')) {
    asArray(spec[key]).forEach((item, i) => {
      asArray(asRecord(asRecord(item)?.default)?.http).forEach((fault, j) => {
        out.push(...decodeDurations(Loc.of('spec', key).i(i).f('default').f('http').i(j), fault, DELAY));
      });
    });
  }
  return out;
}

function validateConf(conf: Obj, loc: Loc): Violation[] {
  const out: Violation[] = [];
  asArray(conf.http).forEach((item, idx) => {
    const fault = asRecord(item) ?? {};
    // Kuma's field string puts the index after the fault kind: http.abort[idx].
    const at = (kind: string): Loc => loc.fieldOnly('http').fieldOnly(kind).i(idx).at([...loc.doc, 'http', idx, kind]);
    if (isSet(fault, 'abort')) {
      const abort = asRecord(fault.abort) ?? {};
      const al = at('abort');
      const status = asInt(abort.httpStatus) ?? 0;
      if (status < 100 || status >= 600) out.push(al.f('httpStatus').err('must be in inclusive range [100, 599]'));
      out.push(...percentage(abort.percentage, al.f('percentage')));
    }
    if (isSet(fault, 'delay')) {
      const delay = asRecord(fault.delay) ?? {};
      const dl = at('delay');
      const value = durationNs(delay.value) ?? 0;
      if (value < 0) out.push(dl.f('value').err('must not be negative when defined'));
      out.push(...percentage(delay.percentage, dl.f('percentage')));
    }
    if (isSet(fault, 'responseBandwidth')) {
      const bw = asRecord(fault.responseBandwidth) ?? {};
      const bl = at('responseBandwidth');
      const limit = asString(bw.limit);
      if (limit === '') out.push(bl.f('limit').err('must be defined'));
      else if (!BANDWIDTH.test(limit)) out.push(bl.f('limit').err('must be in kbps/Mbps/Gbps units'));
      out.push(...percentage(bw.percentage, bl.f('percentage')));
    }
  });
  return out;
}

/** Kuma's `ValidatePercentage(..., allow0=true)` on a plain IntOrString: absent reads as 0. */
function percentage(value: unknown, loc: Loc): Violation[] {
  const n = intOrStringNumber(value) ?? 0;
  if (n === 'invalid') return [loc.err('string must be a valid number')];
  if (n < 0 || n > 100) return [loc.err('must be in inclusive range [0.0, 100.0]')];
  return [];
}
