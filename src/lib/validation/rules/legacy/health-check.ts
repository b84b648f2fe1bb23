/** HealthCheck (Kuma 2.14.3 health_check_validator.go). */
import type { Violation } from '../../types.js';
import { Verr, Msg, asNum, validateDuration, validateThreshold, validateConnectionPolicyConf } from './common.js';

export function validateHealthCheck(doc: Record<string, unknown>): Violation[] {
  return validateConnectionPolicyConf(doc, 'byService', 'has to be defined', validateConf);
}

function validateConf(conf: Msg): Verr {
  const err = new Verr();
  err.add(validateDuration(conf.at('interval'), conf.raw('interval')));
  err.add(validateDuration(conf.at('timeout'), conf.raw('timeout')));
  err.add(validateThreshold(conf.at('unhealthyThreshold'), conf.num('unhealthyThreshold')));
  err.add(validateThreshold(conf.at('healthyThreshold'), conf.num('healthyThreshold')));
  for (const name of ['initialJitter', 'intervalJitter', 'noTrafficInterval']) {
    if (conf.has(name)) err.add(validateDuration(conf.at(name), conf.raw(name)));
  }
  // a FloatValue: compared as the float32 Go holds
  const panic = Math.fround(conf.num('healthyPanicThreshold') ?? 0);
  if (panic < 0 || panic > 100) err.at(conf.at('healthyPanicThreshold'), 'must be in range [0.0 - 100.0]');
  const http = conf.msg('http');
  if (http) err.add(validateHttp(http));
  if (conf.has('tcp') && http) err.at(conf.loc, 'http and tcp cannot be defined at the same time');
  return err;
}

function validateHttp(http: Msg): Verr {
  const err = new Verr();
  if (http.str('path') === '') err.at(http.at('path'), 'has to be defined and cannot be empty');
  const statuses = http.list('expectedStatuses') ?? [];
  const statusesAt = http.at('expectedStatuses');
  statuses.forEach((raw, i) => {
    const status = asNum(raw) ?? 0;
    if (status < 100 || status >= 600) err.at(statusesAt.i(i), 'must be in range [100, 600)');
  });
  const headersAt = http.at('requestHeadersToAdd');
  (http.list('requestHeadersToAdd') ?? []).forEach((raw, i) => {
    const option = Msg.of(raw, headersAt.i(i)) ?? new Msg({}, headersAt.i(i));
    const header = option.msg('header');
    if (!header) {
      err.at(option.at('header'), 'has to be defined');
      return;
    }
    if (header.str('key') === '') err.at(header.at('key'), 'cannot be empty');
  });
  return err;
}
