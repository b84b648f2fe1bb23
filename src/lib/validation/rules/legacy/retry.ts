/** Retry (Kuma 2.14.3 retry_validator.go). */
import type { Violation } from '../../types.js';
import { Verr, Msg, Loc, q, durationNs, goSortedKeys, validateConnectionPolicyConf } from './common.js';

const HTTP_METHODS = ['NONE', 'CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE'];
const HTTP_RETRY_ON = [
  'all_5xx',
  'gateway_error',
  'reset',
  'connect_failure',
  'envoy_ratelimited',
  'retriable_4xx',
  'refused_stream',
  'retriable_status_codes',
  'retriable_headers',
  'http3_post_connect_failure',
];
const GRPC_RETRY_ON = ['cancelled', 'deadline_exceeded', 'internal', 'resource_exhausted', 'unavailable'];

const EMPTY_FIELD = 'field cannot be empty';
const HAS_TO_BE_DEFINED = 'has to be defined';
const GREATER_THAN_0 = 'has to be greater than 0';
const GREATER_THAN_0_WHEN_DEFINED = 'has to be greater than 0 when defined';

/** An enum value's name (Go's String()): names stay, numbers map to their name or print as the number. */
export function enumName(names: string[], v: unknown): string {
  if (typeof v === 'string' && !/^-?[0-9]+$/.test(v)) return v;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 && n < names.length ? names[n]! : String(v);
}

export function validateRetry(doc: Record<string, unknown>): Violation[] {
  return validateConnectionPolicyConf(doc, 'byService', HAS_TO_BE_DEFINED, validateConf);
}

function validateConf(conf: Msg): Verr {
  const err = new Verr();
  const http = conf.msg('http');
  const grpc = conf.msg('grpc');
  const tcp = conf.msg('tcp');
  if (!http && !grpc && !tcp) {
    err.at(conf.loc, 'missing protocol [grpc|http|tcp] configuration');
    return err;
  }
  if (http) err.add(validateHttp(http));
  if (grpc) err.add(validateGrpc(grpc));
  if (tcp && !tcp.num('maxConnectAttempts')) err.at(tcp.at('maxConnectAttempts'), GREATER_THAN_0);
  return err;
}

/** A Duration that, when set, must not be zero. */
export function greaterThan0OrNil(err: Verr, m: Msg, name: string): void {
  if (m.has(name) && durationNs(m.raw(name)) === 0) err.at(m.at(name), GREATER_THAN_0_WHEN_DEFINED);
}

function uint32GreaterThan0OrNil(err: Verr, m: Msg, name: string): void {
  if (m.has(name) && !m.num(name)) err.at(m.at(name), GREATER_THAN_0_WHEN_DEFINED);
}

function validateBackOff(err: Verr, parent: Msg): void {
  const backOff = parent.msg('backOff');
  if (!backOff) return;
  if (!backOff.has('baseInterval')) {
    err.at(backOff.at('baseInterval'), HAS_TO_BE_DEFINED);
  } else if (durationNs(backOff.raw('baseInterval')) === 0) {
    err.at(backOff.at('baseInterval'), GREATER_THAN_0);
  } else {
    greaterThan0OrNil(err, backOff, 'maxInterval');
  }
}

function validateHttp(http: Msg): Verr {
  const err = new Verr();
  const methods = http.list('retriableMethods');
  const retryOn = http.list('retryOn');
  const codes = http.list('retriableStatusCodes');
  if (!http.has('numRetries') && !http.has('perTryTimeout') && !http.has('backOff') && !codes && !methods && !retryOn) {
    err.at(http.loc, EMPTY_FIELD);
  }
  uint32GreaterThan0OrNil(err, http, 'numRetries');
  greaterThan0OrNil(err, http, 'perTryTimeout');
  validateBackOff(err, http);
  const methodsAt = http.at('retriableMethods');
  (methods ?? []).forEach((m, i) => {
    if (enumName(HTTP_METHODS, m) === 'NONE') err.at(methodsAt.i(i), EMPTY_FIELD);
  });
  const retryOnAt = http.at('retryOn');
  (retryOn ?? []).forEach((r, i) => {
    if (enumName(HTTP_RETRY_ON, r) === 'retriable_status_codes' && !codes) {
      err.at(retryOnAt.i(i), 'retriableStatusCodes cannot be empty when this option is specified');
    }
  });
  return err;
}

function validateGrpc(grpc: Msg): Verr {
  const err = new Verr();
  const retryOn = grpc.list('retryOn');
  if (!grpc.has('numRetries') && !grpc.has('perTryTimeout') && !grpc.has('backOff') && !retryOn) err.at(grpc.loc, EMPTY_FIELD);
  const at: Loc = grpc.at('retryOn');
  const indexes = new Map<string, number[]>();
  (retryOn ?? []).forEach((r, i) => {
    const name = enumName(GRPC_RETRY_ON, r);
    indexes.set(name, [...(indexes.get(name) ?? []), i]);
  });
  const repeated = [...indexes].filter(([, ix]) => ix.length > 1).map(([name, ix]) => `repeated value ${q(name)} at indexes [${ix.join(', ')}]`);
  for (const message of goSortedKeys(repeated)) err.at(at, message);
  uint32GreaterThan0OrNil(err, grpc, 'numRetries');
  greaterThan0OrNil(err, grpc, 'perTryTimeout');
  validateBackOff(err, grpc);
  return err;
}
