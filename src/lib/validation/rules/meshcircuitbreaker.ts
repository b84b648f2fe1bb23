/**
 * MeshCircuitBreaker semantic rules (Kuma 2.14.3, resources.md §7.4), in Kuma's check order.
 * Quirk kept on purpose: the checks of `spec.rules[i].default` are reported as `spec.from[i].default…` (the rules
 * loop in Kuma reuses the `from` path); such violations carry `path` = the real `spec.rules[i]…` location.
 */
import type { Violation } from '../types.js';
import {
  asArray,
  asInt,
  asRecord,
  type DurationField,
  durationNs,
  fromDeprecationWarnings,
  intOrStringNumber,
  isSet,
  K,
  Loc,
  nonEmptyArray,
  type Obj,
  topLevelKindDeprecationWarnings,
  validateDecoded,
} from './policy-common.js';
import { forEachItem, plainRef, validateTopLevelTargetRef, validateTargetRef } from './targetref.js';

const DURATIONS: readonly DurationField[] = [
  ['outlierDetection', 'interval'],
  ['outlierDetection', 'baseEjectionTime'],
];

const TOP_KINDS = [K.Mesh, K.MeshSubset, K.MeshService, K.MeshGateway, K.MeshServiceSubset, K.Dataplane];
const TO_KINDS = [K.Mesh, K.MeshService, K.MeshExternalService, K.MeshMultiZoneService];
const CONNECTION_LIMITS = ['maxConnections', 'maxConnectionPools', 'maxPendingRequests', 'maxRetries', 'maxRequests'];
const DETECTORS = ['totalFailures', 'gatewayFailures', 'localOriginFailures', 'successRate', 'failurePercentage'];

export function validateMeshCircuitBreaker(doc: Record<string, unknown>): Violation[] {
  return validateDecoded(doc, DURATIONS, validateSpec);
}

/** The checks once every duration decoded. */
function validateSpec(doc: Obj, spec: Obj): Violation[] {
  const out: Violation[] = [];
  const spec_ = Loc.of('spec');

  // 1. top-level targetRef (same kinds whatever the policy role)
  out.push(...validateTopLevelTargetRef(doc, spec, { kinds: TOP_KINDS, inbound: true, listenerTags: true }));

  const hasFrom = nonEmptyArray(spec.from);
  const hasTo = nonEmptyArray(spec.to);
  const hasRules = nonEmptyArray(spec.rules);
  // 2., 3.
  if (!hasRules && !hasTo && !hasFrom) out.push(spec_.err("at least one of 'from', 'to' or 'rules' has to be defined"));
  if (hasRules && (hasTo || hasFrom)) out.push(spec_.err("fields 'to' and 'from' must be empty when 'rules' is defined"));

  // 4. rules, reported under spec.from[i]
  asArray(spec.rules).forEach((item, i) => {
    const loc = Loc.of('spec', 'from').i(i).f('default').at(['spec', 'rules', i, 'default']);
    out.push(...validateConf(asRecord(asRecord(item)?.default), loc));
  });

  // 5. from
  forEachItem(spec, 'from', (it, loc) => {
    out.push(...validateTargetRef(it.targetRef, loc.f('targetRef'), plainRef([K.Mesh])));
    out.push(...validateConf(asRecord(it.default), loc.f('default')));
  });

  // 6. to
  forEachItem(spec, 'to', (it, loc) => {
    out.push(...validateTargetRef(it.targetRef, loc.f('targetRef'), plainRef(TO_KINDS)));
    out.push(...validateConf(asRecord(it.default), loc.f('default')));
  });

  return [...out, ...fromDeprecationWarnings(spec), ...topLevelKindDeprecationWarnings(spec)];
}

/** 7. Conf checks at `loc` (e.g. `spec.to[0].default`). */
function validateConf(conf: Obj | undefined, loc: Loc): Violation[] {
  if (!isSet(conf, 'connectionLimits') && !isSet(conf, 'outlierDetection')) {
    return [loc.err("at least one of: 'connectionLimits' or 'outlierDetection' should be configured")];
  }
  const out: Violation[] = [];
  const c = conf!;

  const limits = asRecord(c.connectionLimits);
  for (const f of CONNECTION_LIMITS) {
    if (isSet(limits, f) && asInt(limits![f]) === 0) out.push(loc.f('connectionLimits').f(f).err('must be greater than 0'));
  }

  if (isSet(c, 'outlierDetection')) {
    const od = asRecord(c.outlierDetection) ?? {};
    const ol = loc.f('outlierDetection');
    for (const f of ['interval', 'baseEjectionTime']) {
      const ns = durationNs(od[f]);
      if (ns !== undefined && ns <= 0) out.push(ol.f(f).err('must be greater than zero when defined'));
    }
    const maxEjection = asInt(od.maxEjectionPercent);
    if (maxEjection !== undefined && maxEjection > 100) out.push(ol.f('maxEjectionPercent').err('must be in inclusive range [0, 100]'));

    const threshold = intOrStringNumber(od.healthyPanicThreshold);
    if (threshold === 'invalid') out.push(ol.f('healthyPanicThreshold').err('string must be a valid number'));
    else if (threshold !== undefined && (threshold < 0 || threshold > 100)) {
      out.push(ol.f('healthyPanicThreshold').err('must be in inclusive range [0.0, 100.0]'));
    }

    const dl = ol.f('detectors');
    if (!isSet(od, 'detectors')) {
      out.push(dl.err('must be defined'));
    } else {
      const detectors = asRecord(od.detectors) ?? {};
      if (!DETECTORS.some((d) => isSet(detectors, d))) out.push(dl.err(`must have at least one defined: ${DETECTORS.join(', ')}`));
      const positive = (section: string, field: string): void => {
        const s = asRecord(detectors[section]);
        if (isSet(s, field) && asInt(s![field]) === 0) out.push(dl.f(section).f(field).err('must be greater than 0'));
      };
      positive('totalFailures', 'consecutive');
      positive('gatewayFailures', 'consecutive');
      positive('localOriginFailures', 'consecutive');
      positive('successRate', 'minimumHosts');
      positive('successRate', 'requestVolume');
      const successRate = asRecord(detectors.successRate);
      if (isSet(successRate, 'standardDeviationFactor')) {
        const factor = intOrStringNumber(successRate!.standardDeviationFactor);
        const fl = dl.f('successRate').f('standardDeviationFactor');
        if (factor === 'invalid') out.push(fl.err('invalid number'));
        else if (factor !== undefined && factor <= 0) out.push(fl.err('must be greater than 0'));
      }
      positive('failurePercentage', 'minimumHosts');
      positive('failurePercentage', 'requestVolume');
      const fp = asRecord(detectors.failurePercentage);
      const fpThreshold = asInt(fp?.threshold);
      if (fpThreshold !== undefined && fpThreshold > 100) {
        out.push(dl.f('failurePercentage').f('threshold').err('must be in inclusive range [0, 100]'));
      }
    }
  }
  return out;
}
