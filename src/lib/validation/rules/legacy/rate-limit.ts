/** RateLimit (Kuma 2.14.3 rate_limit_validator.go). */
import type { Violation } from '../../types.js';
import { Verr, Msg, validateConnectionPolicy, requiredConf } from './common.js';

export function validateRateLimit(doc: Record<string, unknown>): Violation[] {
  return validateConnectionPolicy(doc, 'tagged', validateConf);
}

function validateConf(spec: Msg): Verr {
  const err = new Verr();
  const conf = requiredConf(spec, err, 'must have conf');
  const http = conf?.msg('http');
  if (http) {
    if (!http.num('requests')) err.at(http.at('requests'), 'requests must be set');
    if (!http.has('interval')) err.at(http.at('interval'), 'interval must be set');
    const onRateLimit = http.msg('onRateLimit');
    if (onRateLimit) {
      const headersKey = onRateLimit.at('headers').doc.at(-1) as string;
      (onRateLimit.list('headers') ?? []).forEach((raw, i) => {
        const h = Msg.of(raw, onRateLimit.loc) ?? new Msg({}, onRateLimit.loc);
        const at = onRateLimit.loc.keyForIndex(i, 'header', headersKey);
        if (h.str('key') === '') err.at(at, 'key must be set');
        if (h.str('value') === '') err.at(at, 'value must be set');
      });
    }
  }
  return err;
}
