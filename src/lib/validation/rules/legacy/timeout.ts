/** Timeout (Kuma 2.14.3 timeout_validator.go). */
import type { Violation } from '../../types.js';
import { Verr, Msg, durationNs, validateConnectionPolicyConf } from './common.js';
import { greaterThan0OrNil } from './retry.js';

const AT_LEAST_ONE = 'at least one timeout in section has to be defined';

export function validateTimeout(doc: Record<string, unknown>): Violation[] {
  return validateConnectionPolicyConf(doc, 'byService', 'has to be defined', validateConf);
}

function validateConf(conf: Msg): Verr {
  const err = new Verr();
  const tcp = conf.msg('tcp');
  if (tcp) {
    if (!tcp.has('idleTimeout')) err.at(tcp.loc, AT_LEAST_ONE);
    else if (durationNs(tcp.raw('idleTimeout')) === 0) err.at(tcp.at('idleTimeout'), 'has to be greater than 0');
  }
  section(err, conf.msg('http'), 'requestTimeout', 'idleTimeout');
  section(err, conf.msg('grpc'), 'streamIdleTimeout', 'maxStreamDuration');
  return err;
}

function section(err: Verr, m: Msg | undefined, a: string, b: string): void {
  if (!m) return;
  if (!m.has(a) && !m.has(b)) {
    err.at(m.loc, AT_LEAST_ONE);
    return;
  }
  greaterThan0OrNil(err, m, a);
  greaterThan0OrNil(err, m, b);
}
