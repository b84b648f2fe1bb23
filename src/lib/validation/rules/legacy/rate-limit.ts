/** RateLimit (Kuma 2.14.3 rate_limit_validator.go). */
import type { Violation } from '../../types.js';
import { Verr, Msg, specOf, validateSourcesAndDestinations } from './common.js';

export function validateRateLimit(doc: Record<string, unknown>): Violation[] {
  const spec = specOf(doc);
  const err = new Verr();
  err.add(validateSourcesAndDestinations(spec, 'tagged'));
  const conf = spec.msg('conf');
  if (!conf) err.at(spec.at('conf'), 'must have conf');
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
  return err.list;
}
