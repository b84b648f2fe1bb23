/** ProxyTemplate (Kuma 2.14.3 proxytemplate_validator.go). */
import type { Violation } from '../../types.js';
import { Verr, Msg, Loc, q, asStr, specOf, validateSelectors } from './common.js';
import { oneof } from './traffic-route.js';
import { envoyAnyResourceError, envoyMessageError, CLUSTER, LISTENER, NETWORK_FILTER, HTTP_FILTER, VIRTUAL_HOST } from '../../envoy-resource.js';

/** The profiles a kuma-cp registers (default, ingress, egress, and the gateway's, which only exists to pass validation). */
export const AVAILABLE_PROFILES = ['default-proxy', 'egress-proxy', 'gateway-proxy', 'ingress-proxy'];

const NOT_VALID = 'native Envoy resource is not valid: ';
const THREE_OPS = `invalid operation. Available operations: ${['add', 'patch', 'remove'].map(q).join(', ')}`;
const SIX_OPS = `invalid operation. Available operations: ${['addFirst', 'addLast', 'addBefore', 'addAfter', 'patch', 'remove'].map(q).join(', ')}`;

export function validateProxyTemplate(doc: Record<string, unknown>, profiles: string[] = AVAILABLE_PROFILES): Violation[] {
  const spec = specOf(doc);
  const err = new Verr();
  err.add(validateSelectors(spec.at('selectors'), spec.list('selectors'), { requireService: true, requireAtLeastOneTag: true }));
  const conf = spec.msg('conf') ?? new Msg({}, spec.at('conf'));

  const importsAt = conf.at('imports');
  (conf.list('imports') ?? []).forEach((raw, i) => {
    const name = asStr(raw);
    if (name === '') err.at(importsAt.i(i), 'cannot be empty');
    else if (!profiles.includes(name)) err.at(importsAt.i(i), `profile not found. Available profiles: ${[...profiles].sort().join(',')}`);
  });

  const resourcesAt = conf.at('resources');
  (conf.list('resources') ?? []).forEach((raw, i) => {
    const r = Msg.of(raw, resourcesAt.i(i)) ?? new Msg({}, resourcesAt.i(i));
    if (r.str('name') === '') err.at(r.at('name'), 'cannot be empty');
    if (r.str('version') === '') err.at(r.at('version'), 'cannot be empty');
    const resource = r.str('resource');
    if (resource === '') err.at(r.at('resource'), 'cannot be empty');
    else {
      const e = envoyAnyResourceError(resource);
      if (e) err.at(r.at('resource'), NOT_VALID + e);
    }
  });

  const modsAt = conf.at('modifications');
  (conf.list('modifications') ?? []).forEach((raw, i) => {
    const m = Msg.of(raw, modsAt.i(i)) ?? new Msg({}, modsAt.i(i));
    const kind = oneof(m, ['cluster', 'listener', 'networkFilter', 'httpFilter', 'virtualHost']);
    if (kind === undefined) return;
    const mod = m.msg(kind)!;
    if (kind === 'cluster') err.add(addPatchRemove(mod, CLUSTER, (match) => match !== undefined, 'match'));
    else if (kind === 'listener') err.add(addPatchRemove(mod, LISTENER, (match) => match !== undefined, 'match'));
    else if (kind === 'virtualHost') err.add(addPatchRemove(mod, VIRTUAL_HOST, (match) => (match?.str('name') ?? '') !== '', 'match.name'));
    else err.add(filterModification(mod, kind === 'networkFilter' ? NETWORK_FILTER : HTTP_FILTER));
  });
  return err.list;
}

/** Kuma's `match.name` field string, located at the match's name in the document. */
function matchName(mod: Msg): Loc {
  const match = mod.msg('match');
  return mod.loc.fieldOnly('match.name').at(match ? match.at('name').doc : mod.at('match').doc);
}

function addPatchRemove(mod: Msg, typeName: string, matchDefined: (m: Msg | undefined) => boolean, matchField: 'match' | 'match.name'): Verr {
  const err = new Verr();
  const value = mod.str('value');
  switch (mod.str('operation')) {
    case 'add': {
      if (matchDefined(mod.msg('match'))) err.at(matchField === 'match' ? mod.at('match') : matchName(mod), 'cannot be defined');
      const e = envoyMessageError(value, typeName, true);
      if (e) err.at(mod.at('value'), NOT_VALID + e);
      break;
    }
    case 'patch': {
      const e = envoyMessageError(value, typeName, false);
      if (e) err.at(mod.at('value'), NOT_VALID + e);
      break;
    }
    case 'remove':
      break;
    default:
      err.at(mod.at('operation'), THREE_OPS);
  }
  return err;
}

function filterModification(mod: Msg, typeName: string): Verr {
  const err = new Verr();
  const value = mod.str('value');
  const name = mod.msg('match')?.str('name') ?? '';
  const validateValue = (validate: boolean) => {
    const e = envoyMessageError(value, typeName, validate);
    if (e) err.at(mod.at('value'), NOT_VALID + e);
  };
  switch (mod.str('operation')) {
    case 'addFirst':
    case 'addLast':
      validateValue(true);
      break;
    case 'addBefore':
      if (name === '') err.at(matchName(mod), 'cannot be empty. You need to pick a filter before which this one will be added');
      validateValue(true);
      break;
    case 'addAfter':
      if (name === '') err.at(matchName(mod), 'cannot be empty. You need to pick a filter after which this one will be added');
      validateValue(true);
      break;
    case 'patch':
      if (name === '') err.at(matchName(mod), 'cannot be empty');
      validateValue(false);
      break;
    case 'remove':
      break;
    default:
      err.at(mod.at('operation'), SIX_OPS);
  }
  return err;
}
