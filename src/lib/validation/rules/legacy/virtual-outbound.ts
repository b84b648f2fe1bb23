/** VirtualOutbound (Kuma 2.14.3 virtual_outbound_validator.go and virtual_outbound_helpers.go). */
import type { Violation } from '../../types.js';
import { isGovalidatorDNSName } from '../../../go/govalidator.js';
import { executeGoTemplate } from '../../../go/template.js';
import { Verr, Msg, q, specOf, validateSelectors, sourcesOpts, SERVICE_TAG, TAG_NAME_CHARSET, requiredConf } from './common.js';

const PARAMETER_NAME = /^[a-zA-Z0-9]+$/;

interface Parameter {
  name: string;
  tagKey: string;
}

export function validateVirtualOutbound(doc: Record<string, unknown>): Violation[] {
  const spec = specOf(doc);
  const err = new Verr();
  err.add(validateSelectors(spec.at('selectors'), spec.list('selectors'), sourcesOpts(false)));
  const conf = requiredConf(spec, err, 'has to be defined');
  if (!conf) return err.list;
  const at = conf.at('parameters');
  const params = (conf.list('parameters') ?? []).map((raw, i) => Msg.of(raw, at.i(i)) ?? new Msg({}, at.i(i)));
  const parameters: Parameter[] = params.map((p) => ({ name: p.str('name'), tagKey: p.str('tagKey') }));

  let hasService = false;
  const used = new Set<string>();
  params.forEach((p, i) => {
    const { name, tagKey } = parameters[i]!;
    if (used.has(name)) err.at(p.at('name'), 'name is already used');
    used.add(name);
    if (tagKey !== '') {
      hasService = hasService || tagKey === SERVICE_TAG;
      if (!TAG_NAME_CHARSET.test(tagKey)) err.at(p.at('tagKey'), 'must be a valid tag name');
    } else if (!TAG_NAME_CHARSET.test(name)) {
      err.at(p.at('name'), 'must be a valid tag name if you are not setting tagKey');
    }
    if (!PARAMETER_NAME.test(name)) err.at(p.at('name'), 'must consist of alphanumeric characters to be used as a gotemplate key');
  });
  if (!hasService) err.at(at, `must contain a parameter with ${SERVICE_TAG} as a tagKey`);

  const host = conf.str('host');
  if (host === '') err.at(conf.at('host'), 'has to be defined');
  else {
    const e = evalTemplate(host, parameters, 'dummy', (s) =>
      isGovalidatorDNSName(s) ? undefined : `evaluation of template with parameters didn't return a valid dns name result=${q(s)}`,
    );
    if (e) err.at(conf.at('host'), `template pre evaluation failed with error=${q(e)}`);
  }
  const port = conf.str('port');
  if (port === '') err.at(conf.at('port'), 'has to be defined');
  else {
    const e = evalTemplate(port, parameters, '1', checkPort);
    if (e) err.at(conf.at('port'), `template pre evaluation failed with error=${q(e)}`);
  }
  return err.list;
}

/** strconv.ParseInt(s, 10, 64), then the range check of EvalPort. */
function checkPort(s: string): string | undefined {
  if (!/^[+-]?[0-9]+$/.test(s) || BigInt(s) > 9223372036854775807n || BigInt(s) < -9223372036854775808n) {
    return `evaluation of template with parameters didn't evaluate to a parsable number result=${q(s)}`;
  }
  const i = BigInt(s);
  if (i <= 0n || i > 65535n) return `evaluation of template returned a port outside of the range [1..65535] result=${i}`;
  return undefined;
}

/**
 * Kuma's pre-evaluation: every parameter stands for a fake tag value, the template is compiled and run,
 * and the result checked. Returns the error text, or undefined when it passes (or cannot be judged here).
 */
function evalTemplate(text: string, parameters: Parameter[], fake: string, check: (s: string) => string | undefined): string | undefined {
  const fakeTags = new Map<string, string>();
  for (const p of parameters) fakeTags.set(p.tagKey === '' ? p.name : p.tagKey, fake);
  const entries = new Map<string, string>();
  for (const p of parameters) {
    const v = fakeTags.get(p.tagKey === '' ? p.name : p.tagKey);
    if (v !== undefined) entries.set(p.name, v);
  }
  const result = executeGoTemplate(text, entries);
  if (result.ok === 'unknown') return undefined;
  if (result.ok === false) {
    return result.stage === 'parse'
      ? `failed compiling gotemplate error=${q(result.error)}`
      : `pre evaluation of template with parameters failed with error=${q(result.error)}`;
  }
  return check(result.output);
}
