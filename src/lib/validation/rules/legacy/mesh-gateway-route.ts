/** MeshGatewayRoute (Kuma 2.14.3 gateway_route_validator.go). */
import type { Violation } from '../../types.js';
import { enumName } from './retry.js';
import { oneof } from './traffic-route.js';
import { Verr, Msg, Loc, asStr, specOf, validateSelectors, validateSelector, validateMeshPort, keyOf } from './common.js';

const HTTP_METHODS = ['NONE', 'CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE'];
const PATH_MATCH = ['EXACT', 'PREFIX', 'REGEX'];
const HEADER_MATCH = ['EXACT', 'REGEX', 'ABSENT', 'PRESENT'];
const FILTERS = ['requestHeader', 'mirror', 'redirect', 'rewrite', 'responseHeader'];

export function validateMeshGatewayRoute(doc: Record<string, unknown>): Violation[] {
  const spec = specOf(doc);
  const err = new Verr();
  err.add(
    validateSelectors(spec.at('selectors'), spec.list('selectors'), {
      requireAtLeastOneSelector: true,
      requireAtLeastOneTag: true,
      requireService: true,
    }),
  );
  const conf = spec.msg('conf');
  const route = oneof(conf, ['tcp', 'http']);
  if (!route) err.at(conf?.loc ?? spec.at('conf'), 'cannot be empty');
  if (route === 'http') err.add(validateHttp(conf!.msg('http')!));
  return err.list;
}

function items(m: Msg, name: string, kumaName: string = name): Msg[] {
  const at = m.at(name, kumaName);
  return (m.list(name) ?? []).map((raw, i) => Msg.of(raw, at.i(i)) ?? new Msg({}, at.i(i)));
}

function validateHttp(http: Msg): Verr {
  const err = new Verr();
  const rules = items(http, 'rules');
  if (rules.length === 0) {
    err.at(http.at('rules'), 'cannot be empty');
    return err;
  }
  for (const rule of rules) err.add(validateRule(rule));
  return err;
}

function validateRule(rule: Msg): Verr {
  const err = new Verr();
  const matches = items(rule, 'matches');
  if (matches.length === 0) {
    err.at(rule.at('matches'), 'cannot be empty');
    return err;
  }
  let hasPrefixMatch = false;
  for (const match of matches) {
    err.add(validateMatch(match));
    const path = match.msg('path');
    if (path && enumName(PATH_MATCH, path.raw('match') ?? 0) === 'PREFIX') hasPrefixMatch = true;
  }

  const allFilters = items(rule, 'filters');
  let rewriteHost = false;
  const filters: Array<{ f: Msg; docIndex: number }> = [];
  allFilters.forEach((f, i) => {
    if (oneof(f, FILTERS) === 'rewrite' && f.msg('rewrite')?.bool('hostToBackendHostname')) {
      rewriteHost = true;
      return;
    }
    filters.push({ f, docIndex: i });
  });
  const filtersAt = rule.at('filters');
  let hasRedirect = false;
  filters.forEach(({ f }, i) => {
    // Kuma numbers the filters it keeps, skipping host rewrites; the document keeps its own numbering
    const at = filtersAt.i(i).at(f.loc.doc);
    const kind = oneof(f, FILTERS);
    if (kind === 'redirect') hasRedirect = true;
    err.add(validateFilter(new Msg(f.o, at), kind, hasPrefixMatch, rewriteHost));
  });

  if (hasRedirect && allFilters.length !== 1) {
    err.at(filtersAt, 'redirects cannot be used with other filters');
    return err;
  }
  const backends = items(rule, 'backends');
  if (backends.length === 0) {
    if (!hasRedirect) err.at(rule.at('backends'), 'cannot be empty');
  } else if (hasRedirect) {
    err.at(rule.at('backends'), 'must be empty when using redirect filters');
  }
  for (const b of backends) err.add(validateBackend(b.loc, b));
  return err;
}

function validateMatch(match: Msg): Verr {
  const err = new Verr();
  const path = match.msg('path');
  const method = enumName(HTTP_METHODS, match.raw('method') ?? 0);
  const headers = items(match, 'headers');
  const queries = items(match, 'queryParameters', 'query_parameters');
  if (!path && method === 'NONE' && headers.length === 0 && queries.length === 0) err.at(match.loc, 'cannot be empty');
  if (path) {
    // Kuma reports the path's value one level up: `matches[i].value`
    const valueAt = match.loc.fieldOnly('value').at(path.at('value').doc);
    const value = path.str('value');
    const kind = enumName(PATH_MATCH, path.raw('match') ?? 0);
    if (kind === 'REGEX') {
      if (value === '') err.at(valueAt, 'cannot be empty');
    } else if (!(kind === 'PREFIX' && value === '/') && !value.startsWith('/')) {
      err.at(valueAt, 'must be an absolute path');
    }
  }
  for (const h of headers) {
    if (h.str('name') === '') err.at(h.at('name'), 'cannot be empty');
    const kind = enumName(HEADER_MATCH, h.raw('match') ?? 0);
    if (kind === 'ABSENT' || kind === 'PRESENT') {
      if (h.str('value') !== '') err.at(h.at('value'), 'cannot be set');
    } else if (h.str('value') === '') {
      err.at(h.at('value'), 'cannot be empty');
    }
  }
  for (const qp of queries) {
    if (qp.str('name') === '') err.at(qp.at('name'), 'cannot be empty');
    if (qp.str('value') === '') err.at(qp.at('value'), 'cannot be empty');
  }
  return err;
}

function validateFilter(f: Msg, kind: string | undefined, hasPrefixMatch: boolean, rewriteHost: boolean): Verr {
  const err = new Verr();
  if (kind === 'requestHeader') {
    const r = f.msg('requestHeader', 'request_header')!;
    const set = items(r, 'set');
    const add = items(r, 'add');
    const remove = r.list('remove') ?? [];
    if (set.length === 0 && add.length === 0 && remove.length === 0) err.at(r.loc, 'cannot be empty');
    for (const h of [...set, ...add]) {
      const name = h.str('name');
      if (name === ':authority' || name === 'Host' || name === 'host') {
        if (rewriteHost) err.at(h.loc, `cannot modify '${name}' header, when route has set 'rewrite.host_to_backend_hostname' option`);
      } else if (name === '') {
        err.at(h.at('name'), 'cannot be empty');
      }
      if (h.str('value') === '') err.at(h.at('value'), 'cannot be empty');
    }
    const removeAt = r.at('remove');
    remove.forEach((name, i) => {
      if (asStr(name) === '') err.at(removeAt.i(i), 'cannot be empty');
    });
  }
  if (kind === 'redirect') {
    const r = f.msg('redirect')!;
    const port = r.num('port') ?? 0;
    if (port > 0) err.add(validateMeshPort(r.at('port'), port));
    const status = r.num('statusCode') ?? 0;
    if (status < 300 || status > 308) err.at(r.at('statusCode', 'status_code'), 'must be in the range [300, 308]');
  }
  if (kind === 'mirror') {
    const m = f.msg('mirror')!;
    if (!m.has('percentage')) err.at(m.at('percentage'), 'cannot be empty');
    else {
      const p = m.num('percentage') ?? 0;
      if (p < 0 || p > 100) err.at(m.at('percentage'), 'has to be in [0.0 - 100.0] range');
    }
    err.add(validateBackend(m.at('backend'), m.msg('backend')));
  }
  if (kind === 'rewrite') {
    const r = f.msg('rewrite')!;
    if (oneof(r, ['replaceFull', 'replacePrefixMatch']) === 'replacePrefixMatch' && !hasPrefixMatch) {
      err.at(r.at('replacePrefixMatch'), 'cannot be used without a match on path prefix');
    }
  }
  return err;
}

/** A backend is checked as a selector at the backend itself (Kuma does not name `destination`). */
function validateBackend(at: Loc, backend: Msg | undefined): Verr {
  if (!backend) {
    const err = new Verr();
    err.at(at, 'cannot be empty');
    return err;
  }
  const key = keyOf(backend.o, 'destination') ?? 'destination';
  return validateSelector(new Loc(at.field, [...at.doc, key]), backend.map('destination') ?? new Map(), {
    requireAtLeastOneTag: true,
    requireService: true,
  });
}
