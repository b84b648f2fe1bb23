/**
 * MeshHealthCheck semantic rules (Kuma 2.14.3, pkg/plugins/policies/meshhealthcheck/api/v1alpha1/validator.go), in
 * Kuma's check order. Duration decode errors come first and, when present, are the only findings.
 */
import type { Violation } from '../types.js';
import {
  asArray,
  asInt,
  asRecord,
  type DurationField,
  durationNs,
  intOrStringNumber,
  isSet,
  K,
  Loc,
  type Obj,
  topLevelKindDeprecationWarnings,
  validateDecoded,
} from './policy-common.js';
import { forEachItem, plainRef, validateTopLevelTargetRef, validateTargetRef } from './targetref.js';

const DURATIONS: readonly DurationField[] = [['interval'], ['timeout'], ['initialJitter'], ['intervalJitter'], ['noTrafficInterval']];

const TOP_KINDS = [K.Mesh, K.MeshSubset, K.MeshGateway, K.MeshService, K.MeshServiceSubset, K.Dataplane];
const TO_KINDS = [K.Mesh, K.MeshService, K.MeshExternalService, K.MeshMultiZoneService];

const PANIC_THRESHOLD_DEPRECATED =
  "healthyPanicThreshold for 'to[].default' is deprecated. The setting has been moved to MeshCircuitBreaker policy, please use MeshCircuitBreaker policy instead.";

export function validateMeshHealthCheck(doc: Record<string, unknown>): Violation[] {
  return validateDecoded(doc, DURATIONS, validateSpec);
}

/** The checks once every duration decoded. */
function validateSpec(doc: Obj, spec: Obj): Violation[] {
  const out: Violation[] = [];
  const spec_ = Loc.of('spec');
  out.push(...validateTopLevelTargetRef(doc, spec, { kinds: TOP_KINDS, listenerTags: true }));
  forEachItem(spec, 'to', (it, loc) => {
    out.push(...validateTargetRef(it.targetRef, loc.f('targetRef'), plainRef(TO_KINDS)));
    out.push(...validateConf(asRecord(it.default) ?? {}, loc.f('default')));
  });

  const warnings = [...topLevelKindDeprecationWarnings(spec)];
  asArray(spec.to).forEach((item, i) => {
    if (isSet(asRecord(asRecord(item)?.default), 'healthyPanicThreshold')) {
      warnings.push(spec_.f('to').i(i).f('default').f('healthyPanicThreshold').warn(PANIC_THRESHOLD_DEPRECATED));
    }
  });
  return [...out, ...warnings];
}

function validateConf(conf: Obj, loc: Loc): Violation[] {
  const out: Violation[] = [];
  const positiveDuration = (field: string): void => {
    const ns = durationNs(conf[field]);
    if (ns !== undefined && ns <= 0) out.push(loc.f(field).err('must be greater than zero when defined'));
  };
  const positiveInt = (field: string): void => {
    const n = asInt(conf[field]);
    if (n !== undefined && n <= 0) out.push(loc.f(field).err('must be greater than zero when defined'));
  };
  positiveDuration('interval');
  positiveDuration('timeout');
  positiveInt('unhealthyThreshold');
  positiveInt('healthyThreshold');
  positiveDuration('initialJitter');
  positiveDuration('intervalJitter');
  const jitterPercent = asInt(conf.intervalJitterPercent);
  if (jitterPercent !== undefined && (jitterPercent < 0 || jitterPercent > 100)) {
    out.push(loc.f('intervalJitterPercent').err('must be in inclusive range [0, 100]'));
  }
  const panic = intOrStringNumber(conf.healthyPanicThreshold);
  if (panic === 'invalid') out.push(loc.f('healthyPanicThreshold').err('string must be a valid number'));
  else if (panic !== undefined && (panic < 0 || panic > 100)) {
    out.push(loc.f('healthyPanicThreshold').err('must be in inclusive range [0.0, 100.0]'));
  }
  positiveDuration('noTrafficInterval');
  if (typeof conf.eventLogPath === 'string' && !isGoFilePath(conf.eventLogPath)) {
    out.push(loc.f('eventLogPath').err('must be a valid path when defined'));
  }
  if (isSet(conf, 'http')) {
    const http = asRecord(conf.http) ?? {};
    const hl = loc.f('http');
    if (http.path === '') out.push(hl.f('path').err('must be defined'));
    asArray(http.expectedStatuses).forEach((s, k) => {
      const code = asInt(s);
      if (code !== undefined && (code < 100 || code >= 600)) out.push(hl.f('expectedStatuses').i(k).err('must be in inclusive range [100, 599]'));
    });
  }
  if (!isSet(conf, 'http') && !isSet(conf, 'tcp') && !isSet(conf, 'grpc')) {
    out.push(loc.err('must have at least one defined: http, tcp, grpc'));
  }
  return out;
}

const WIN_PATH = /^[a-zA-Z]:\\(?:[^\\/:*?"<>|\r\n]+\\)*[^\\/:*?"<>|\r\n]*$/;

/** govalidator's `IsFilePath` (the version Kuma 2.14.3 builds with): a Windows path, or `/` then anything but NUL. */
function isGoFilePath(s: string): boolean {
  if (WIN_PATH.test(s)) return Buffer.byteLength(s, 'utf8') - 3 <= 32767;
  return s.startsWith('/') && !s.includes('\0');
}
