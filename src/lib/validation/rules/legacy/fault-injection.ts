/** FaultInjection (Kuma 2.14.3 fault_injection_validator.go). */
import type { Violation } from '../../types.js';
import { Verr, Msg, Loc, specOf, validateSelectors, sourcesOpts, protocolValidator } from './common.js';

/** The codes Go's http.StatusText knows. */
const HTTP_STATUSES = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308, 400, 401, 402, 403,
  404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451, 500,
  501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

export function validateFaultInjection(doc: Record<string, unknown>): Violation[] {
  const spec = specOf(doc);
  const err = new Verr();
  err.add(validateSelectors(spec.at('sources'), spec.list('sources'), sourcesOpts(false)));
  err.add(
    validateSelectors(spec.at('destinations'), spec.list('destinations'), {
      ...sourcesOpts(false),
      extraTags: [protocolValidator(['http', 'http2', 'grpc'])],
    }),
  );
  err.add(validateConf(spec));
  return err.list;
}

/** A fault that is set and not equal to the empty message. */
function fault(conf: Msg | undefined, name: string, fields: string[]): Msg | undefined {
  const m = conf?.msg(name);
  return m && fields.some((f) => m.has(f)) ? m : undefined;
}

function validateConf(spec: Msg): Verr {
  const err = new Verr();
  const conf = spec.msg('conf');
  const delay = fault(conf, 'delay', ['percentage', 'value']);
  const abort = fault(conf, 'abort', ['percentage', 'httpStatus']);
  const bandwidth = fault(conf, 'responseBandwidth', ['percentage', 'limit']);
  if (!delay && !abort && !bandwidth) err.at(conf?.loc ?? spec.at('conf'), 'must have at least one of the faults configured');
  if (delay) {
    percentage(err, delay);
    if (!delay.has('value')) err.at(delay.at('value'), 'cannot be empty');
  }
  if (abort) {
    percentage(err, abort);
    if (!abort.has('httpStatus')) err.at(abort.at('httpStatus'), 'cannot be empty');
    else if (!HTTP_STATUSES.has(abort.num('httpStatus') ?? 0)) err.at(abort.at('httpStatus'), 'http status code is incorrect');
  }
  if (bandwidth) {
    percentage(err, bandwidth);
    const limit = bandwidth.raw('limit');
    if (limit === undefined) err.at(bandwidth.at('limit'), 'cannot be empty');
    else if (!/[0-9]*[\t\n\f\r ]?[gmk]bps/.test(typeof limit === 'string' ? limit : '')) err.at(bandwidth.at('limit'), 'has to be in kbps/mbps/gbps units');
  }
  return err;
}

function percentage(err: Verr, m: Msg): void {
  const at: Loc = m.at('percentage');
  if (!m.has('percentage')) {
    err.at(at, 'cannot be empty');
    return;
  }
  const v = m.num('percentage') ?? 0;
  if (v < 0 || v > 100) err.at(at, 'has to be in [0.0 - 100.0] range');
}
