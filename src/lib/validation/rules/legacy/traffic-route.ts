/** TrafficRoute (Kuma 2.14.3 traffic_route_validator.go). */
import type { Violation } from '../../types.js';
import { Verr, Msg, Loc, validateSelector, goSortedKeys, isRecord, validateConnectionPolicyConf } from './common.js';

export function validateTrafficRoute(doc: Record<string, unknown>): Violation[] {
  return validateConnectionPolicyConf(doc, 'byService', 'cannot be empty', validateConf);
}

/** Which member of a oneof is set: jsonpb sets them in declaration order, so the last one set wins. */
export function oneof(m: Msg | undefined, members: string[]): string | undefined {
  let chosen: string | undefined;
  for (const name of members) if (m?.has(name)) chosen = name;
  return chosen;
}

function validateConf(conf: Msg): Verr {
  const err = new Verr();
  err.add(splitAndDestination(conf));
  const httpAt = conf.at('http');
  (conf.list('http') ?? []).forEach((raw, i) => {
    const http = Msg.of(raw, httpAt.i(i)) ?? new Msg({}, httpAt.i(i));
    const match = http.msg('match');
    err.add(validateMatch(http.at('match'), match));
    err.add(validateModify(http.at('modify'), http.msg('modify'), match));
    err.add(splitAndDestination(http));
  });
  err.add(validateLoadBalancer(conf));
  return err;
}

function splitAndDestination(m: Msg): Verr {
  const err = new Verr();
  const split = m.list('split');
  const destination = m.map('destination');
  if (!split && !destination) err.at(m.loc, 'requires either "destination" or "split"');
  if (split && destination) err.at(m.loc, '"split" cannot be defined at the same time as "destination"');
  if (split) {
    const splitAt = m.at('split');
    let total = 0;
    split.forEach((raw, i) => {
      const entry = Msg.of(raw, splitAt.i(i)) ?? new Msg({}, splitAt.i(i));
      if (!entry.has('weight')) err.at(entry.at('weight'), 'needs to be defined');
      // a uint32 sum, wrapping around as Go's does
      total = (total + (entry.num('weight') ?? 0)) >>> 0;
      err.add(validateSelector(entry.at('destination'), entry.map('destination') ?? new Map(), { requireAtLeastOneTag: true, requireService: true }));
    });
    if (total === 0) err.at(splitAt, 'there must be at least one split entry with weight above 0');
  }
  if (destination) err.add(validateSelector(m.at('destination'), destination, { requireAtLeastOneTag: true, requireService: true }));
  return err;
}

function validateMatch(at: Loc, match: Msg | undefined): Verr {
  const err = new Verr();
  const headers = match?.raw('headers');
  if (!match || (!match.has('path') && !match.has('method') && !isRecord(headers))) {
    err.at(at, 'must be present and contain at least one of the elements: "method", "path" or "headers"');
    return err;
  }
  const method = match.msg('method');
  if (method) err.add(stringMatcher(method));
  const path = match.msg('path');
  if (path) err.add(stringMatcher(path));
  if (isRecord(headers)) {
    const headersAt = match.at('headers');
    if (Object.keys(headers).length === 0) err.at(headersAt, 'must contain at least one element');
    for (const key of goSortedKeys(Object.keys(headers))) {
      if (key === '') err.at(headersAt.k(key), 'cannot be empty');
      err.add(stringMatcher(Msg.of(headers[key], headersAt.k(key)) ?? new Msg({}, headersAt.k(key))));
    }
  }
  return err;
}

function stringMatcher(m: Msg): Verr {
  const err = new Verr();
  const kind = oneof(m, ['prefix', 'exact', 'regex']);
  if (kind === 'prefix' || kind === 'regex') {
    if (m.str(kind) === '') err.at(m.at(kind), 'cannot be empty');
  } else if (kind === undefined) {
    err.at(m.loc, 'cannot be empty. Available options: "exact", "split" or "regex"');
  }
  return err;
}

function validateModify(at: Loc, modify: Msg | undefined, match: Msg | undefined): Verr {
  const err = new Verr();
  if (!modify) return err;
  const path = modify.msg('path');
  if (path) {
    const kind = oneof(path, ['rewritePrefix', 'regex']);
    if (kind === 'rewritePrefix') {
      const prefix = path.str('rewritePrefix');
      if (prefix === '') err.at(path.at('rewritePrefix'), 'cannot be empty');
      const matchPath = match?.msg('path');
      const matchPrefix = oneof(matchPath, ['prefix', 'exact', 'regex']) === 'prefix' ? matchPath!.str('prefix') : '';
      if (prefix !== '' && matchPrefix === '') err.at(path.at('rewritePrefix'), 'can only be set when .http.match.path.prefix is not empty');
    } else if (kind === 'regex') {
      regexReplace(err, path.msg('regex')!);
    } else {
      err.at(path.loc, 'either "rewritePrefix" or "regex" has to be set');
    }
  }
  const host = modify.msg('host');
  if (host) {
    const kind = oneof(host, ['value', 'fromPath']);
    if (kind === 'value') {
      if (host.str('value') === '') err.at(host.at('value'), 'cannot be empty');
    } else if (kind === 'fromPath') {
      regexReplace(err, host.msg('fromPath')!);
    } else {
      err.at(host.loc, 'either "value" or "fromPath" has to be set');
    }
  }
  for (const name of ['requestHeaders', 'responseHeaders']) {
    const headers = modify.msg(name);
    if (!headers) continue;
    const addAt = headers.at('add');
    (headers.list('add') ?? []).forEach((raw, i) => {
      const add = Msg.of(raw, addAt.i(i)) ?? new Msg({}, addAt.i(i));
      err.add(headerName(add.at('name'), add.str('name')));
      if (add.str('value') === '') err.at(add.at('value'), 'cannot be empty');
    });
    const removeAt = headers.at('remove');
    (headers.list('remove') ?? []).forEach((raw, i) => {
      const remove = Msg.of(raw, removeAt.i(i)) ?? new Msg({}, removeAt.i(i));
      err.add(headerName(remove.at('name'), remove.str('name')));
    });
  }
  return err;
}

function regexReplace(err: Verr, m: Msg | undefined): void {
  if (!m) return;
  if (m.str('pattern') === '') err.at(m.at('pattern'), 'cannot be empty');
  if (m.str('substitution') === '') err.at(m.at('substitution'), 'cannot be empty');
}

function headerName(at: Loc, name: string): Verr {
  const err = new Verr();
  if (name === '') {
    err.at(at, 'cannot be empty');
    return err;
  }
  if (name.startsWith(':') || name === 'host' || name === 'Host') err.at(at, 'host header and HTTP/2 pseudo-headers are not allowed to be modified');
  return err;
}

function validateLoadBalancer(conf: Msg): Verr {
  const err = new Verr();
  const lb = conf.msg('loadBalancer');
  if (!lb) return err;
  const kind = oneof(lb, ['roundRobin', 'leastRequest', 'ringHash', 'random', 'maglev']);
  if (kind === 'leastRequest') {
    const leastRequest = lb.msg('leastRequest');
    if (leastRequest?.num('choiceCount') === 1) {
      err.at(conf.loc.fieldOnly('loadBalancer.leastRequest.choiceCount').at(leastRequest.at('choiceCount').doc), 'value must be greater than or equal to 2');
    }
  } else if (kind === 'ringHash') {
    const ringHash = lb.msg('ringHash');
    const fn = ringHash?.str('hashFunction') ?? '';
    if (fn !== 'XX_HASH' && fn !== 'MURMUR_HASH_2') {
      err.at(conf.loc.fieldOnly('loadBalancer.ringHash.hashFunction').at(ringHash?.at('hashFunction').doc ?? lb.at('ringHash').doc), 'must have a valid hash function');
    }
  }
  return err;
}
