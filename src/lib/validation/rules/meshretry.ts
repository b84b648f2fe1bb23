/**
 * MeshRetry semantic rules (Kuma 2.14.3, resources.md §7.3), in Kuma's check order.
 * Kuma reports the `default` checks under an extra `conf` segment (`spec.to[0].default.conf.http`); the document has
 * no `conf` key, so those violations carry `path` = the real document location.
 */
import type { Violation } from '../types.js';
import {
  asArray,
  asInt,
  asRecord,
  asString,
  type DurationField,
  durationNs,
  isSet,
  K,
  Loc,
  type Obj,
  topLevelKind,
  topLevelKindDeprecationWarnings,
  validateDecoded,
} from './policy-common.js';
import { forEachItem, plainRef, validateTopLevelTargetRef, validateTargetRef } from './targetref.js';

const DURATIONS: readonly DurationField[] = [
  ['http', 'perTryTimeout'],
  ['http', 'backOff', 'baseInterval'],
  ['http', 'backOff', 'maxInterval'],
  ['http', 'rateLimitedBackOff', 'maxInterval'],
  ['grpc', 'perTryTimeout'],
  ['grpc', 'backOff', 'baseInterval'],
  ['grpc', 'backOff', 'maxInterval'],
  ['grpc', 'rateLimitedBackOff', 'maxInterval'],
];

const TOP_KINDS_SYSTEM = [K.Mesh, K.MeshSubset, K.MeshGateway, K.MeshService, K.MeshServiceSubset, K.MeshHTTPRoute, K.Dataplane];
const TOP_KINDS_OTHER = [K.Mesh, K.MeshSubset, K.MeshService, K.MeshServiceSubset, K.Dataplane];
const TO_KINDS_GATEWAY_OR_ROUTE = [K.Mesh, K.MeshExternalService];
const TO_KINDS = [K.Mesh, K.MeshService, K.MeshExternalService, K.MeshMultiZoneService, K.MeshHTTPRoute];

export const HTTP_RETRY_ON = new Set([
  '5xx',
  'GatewayError',
  'Reset',
  'Retriable4xx',
  'ConnectFailure',
  'EnvoyRatelimited',
  'RefusedStream',
  'Http3PostConnectFailure',
  'HttpMethodConnect',
  'HttpMethodDelete',
  'HttpMethodGet',
  'HttpMethodHead',
  'HttpMethodOptions',
  'HttpMethodPatch',
  'HttpMethodPost',
  'HttpMethodPut',
  'HttpMethodTrace',
]);

export const GRPC_RETRY_ON = new Set(['Canceled', 'DeadlineExceeded', 'Internal', 'ResourceExhausted', 'Unavailable']);

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** The status codes Go's `http.StatusText` has a text for. */
export const GO_HTTP_STATUS_CODES: ReadonlySet<number> = new Set([
  ...range(100, 103),
  ...range(200, 208),
  226,
  ...range(300, 308),
  ...range(400, 418),
  ...range(421, 426),
  428,
  429,
  431,
  451,
  ...range(500, 508),
  510,
  511,
]);

/** Go `strconv.Atoi` followed by `http.StatusText(code) != ""`. */
function isKnownStatusCode(v: string): boolean {
  if (!/^[+-]?\d+$/.test(v)) return false;
  const n = Number(v);
  return Number.isSafeInteger(n) && GO_HTTP_STATUS_CODES.has(n);
}

export function validateMeshRetry(doc: Record<string, unknown>): Violation[] {
  return validateDecoded(doc, DURATIONS, validateSpec);
}

/** The checks once every duration decoded. */
function validateSpec(doc: Obj, spec: Obj): Violation[] {
  const out: Violation[] = [];
  const spec_ = Loc.of('spec');

  out.push(...validateTopLevelTargetRef(doc, spec, { kinds: { system: TOP_KINDS_SYSTEM, other: TOP_KINDS_OTHER }, listenerTags: 'system' }));

  const topKind = topLevelKind(spec);
  const gatewayOrRoute = topKind === K.MeshGateway || topKind === K.MeshHTTPRoute;
  forEachItem(spec, 'to', (it, loc) => {
    out.push(
      ...validateTargetRef(it.targetRef, loc.f('targetRef'), plainRef(gatewayOrRoute ? TO_KINDS_GATEWAY_OR_ROUTE : TO_KINDS)),
    );
    out.push(...validateConf(asRecord(it.default), loc.f('default').fieldOnly('conf')));
  });

  return [...out, ...topLevelKindDeprecationWarnings(spec)];
}

function validateConf(conf: Obj | undefined, loc: Loc): Violation[] {
  const out: Violation[] = [];
  if (!isSet(conf, 'tcp') && !isSet(conf, 'http') && !isSet(conf, 'grpc')) {
    return [loc.err("at least one of the 'tcp', 'http', 'grpc' must be specified")];
  }
  const c = conf!;

  if (isSet(c, 'tcp')) {
    const tcp = asRecord(c.tcp);
    if (!isSet(tcp, 'maxConnectAttempt')) out.push(loc.f('tcp').err('must not be empty'));
    else if (asInt(tcp!.maxConnectAttempt) === 0) out.push(loc.f('tcp').f('maxConnectAttempt').err('must be greater than 0'));
  }

  if (isSet(c, 'http')) {
    const http = asRecord(c.http);
    const hl = loc.f('http');
    const keys = ['numRetries', 'perTryTimeout', 'backOff', 'retryOn', 'retriableRequestHeaders', 'retriableResponseHeaders', 'rateLimitedBackOff', 'hostSelection'];
    if (!keys.some((k) => isSet(http, k))) out.push(hl.err('must not be empty'));
    out.push(...validateBackOff(http, hl));
    out.push(...validateRateLimitedBackOff(http, hl));
    asArray(http?.retryOn).forEach((v, k) => {
      const s = typeof v === 'string' ? v : String(v);
      if (!HTTP_RETRY_ON.has(s) && !isKnownStatusCode(s)) out.push(hl.f('retryOn').i(k).err(`unknown item '${s}'`));
    });
    out.push(...validateHostSelection(http, hl));
  }

  if (isSet(c, 'grpc')) {
    const grpc = asRecord(c.grpc);
    const gl = loc.f('grpc');
    const keys = ['numRetries', 'perTryTimeout', 'backOff', 'retryOn', 'rateLimitedBackOff'];
    if (!keys.some((k) => isSet(grpc, k))) out.push(gl.err('must not be empty'));
    out.push(...validateBackOff(grpc, gl));
    out.push(...validateRateLimitedBackOff(grpc, gl));
    asArray(grpc?.retryOn).forEach((v, k) => {
      const s = typeof v === 'string' ? v : String(v);
      if (!GRPC_RETRY_ON.has(s)) out.push(gl.f('retryOn').i(k).err(`unknown item '${s}'`));
    });
  }
  return out;
}

function validateBackOff(section: Obj | undefined, loc: Loc): Violation[] {
  if (!isSet(section, 'backOff')) return [];
  const backOff = asRecord(section!.backOff);
  if (!isSet(backOff, 'baseInterval') && !isSet(backOff, 'maxInterval')) return [loc.f('backOff').err('must not be empty')];
  return [];
}

function validateRateLimitedBackOff(section: Obj | undefined, loc: Loc): Violation[] {
  if (!isSet(section, 'rateLimitedBackOff')) return [];
  const out: Violation[] = [];
  const rl = asRecord(section!.rateLimitedBackOff);
  const rlLoc = loc.f('rateLimitedBackOff');
  const maxInterval = durationNs(rl?.maxInterval);
  if (maxInterval !== undefined && maxInterval <= 0) {
    out.push(rlLoc.f('maxInterval').err('must be defined and greater than zero'));
  }
  if (!isSet(rl, 'resetHeaders')) {
    out.push(rlLoc.f('resetHeaders').err('must be defined'));
  } else {
    asArray(rl!.resetHeaders).forEach((h, k) => {
      if (asString(asRecord(h)?.name) === '') out.push(rlLoc.f('resetHeaders').i(k).f('name').err('must be defined'));
    });
  }
  return out;
}

function validateHostSelection(http: Obj | undefined, loc: Loc): Violation[] {
  const out: Violation[] = [];
  let seenOmitPreviousPriorities = false;
  asArray(http?.hostSelection).forEach((item, k) => {
    const hs = asRecord(item) ?? {};
    const hl = loc.f('hostSelection').i(k);
    const predicate = asString(hs.predicate);
    switch (predicate) {
      case 'OmitPreviousHosts':
        break;
      case 'OmitHostsWithTags':
        if (!isSet(hs, 'tags')) out.push(hl.f('tags').err('must be defined'));
        break;
      case 'OmitPreviousPriorities': {
        if (seenOmitPreviousPriorities) out.push(hl.f('predicate').err('OmitPreviousPriorities must only be specified once'));
        seenOmitPreviousPriorities = true;
        // The schema defaults updateFrequency to 2 before Kuma validates.
        const freq = isSet(hs, 'updateFrequency') ? asInt(hs.updateFrequency) : 2;
        if (freq !== undefined && freq <= 0) out.push(hl.f('updateFrequency').err('must be defined and greater than zero'));
        break;
      }
      default:
        out.push(hl.f('predicate').err(`unknown predicate type '${predicate}'`));
    }
  });
  return out;
}
