/**
 * MeshHTTPRoute semantic rules (Kuma 2.14.3, pkg/plugins/policies/meshhttproute/api/v1alpha1/validation.go), in
 * Kuma's check order: top-level targetRef (kinds per policy role), then per `to[i]` its targetRef, rules (matches,
 * filters, backendRefs) and hostnames.
 */
import { isIPv6 } from 'node:net';
import type { Violation } from '../types.js';
import { asArray, asRecord, asString, dns1123SubdomainProblems, isSet, K, Loc, type Obj } from './policy-common.js';
import { plainRef, validateTargetRef } from './targetref.js';
import { validateBackendRef, validateRoute } from './route-common.js';

const MIRROR_KINDS = [K.MeshService, K.MeshServiceSubset];
/** The name Kuma gives a Gateway API backend it could not resolve; allowed in backendRefs despite the `/`. */
const UNRESOLVED_BACKEND = 'kuma.io/unresolved-backend';

export function validateMeshHTTPRoute(doc: Record<string, unknown>): Violation[] {
  return validateRoute(doc, (it, loc, gateway) => {
    const out: Violation[] = [];
    asArray(it.rules).forEach((r, j) => out.push(...validateRule(asRecord(r) ?? {}, loc.f('rules').i(j), gateway)));
    if (!gateway && asArray(it.hostnames).length > 0) out.push(loc.f('hostnames').err('must not be defined'));
    return out;
  });
}

function validateRule(rule: Obj, loc: Loc, gateway: boolean): Violation[] {
  const out: Violation[] = [];
  const matches = asArray(rule.matches).map((m) => asRecord(m) ?? {});
  matches.forEach((m, k) => out.push(...validateMatch(m, loc.f('matches').i(k))));
  const conf = asRecord(rule.default) ?? {};
  const filters = asArray(conf.filters).map((f) => asRecord(f) ?? {});
  filters.forEach((f, k) => out.push(...validateFilter(f, loc.f('default').f('filters').i(k), matches, gateway)));

  const bl = loc.f('default').f('backendRefs');
  const backendRefs = asArray(conf.backendRefs);
  if (backendRefs.length === 0 && gateway && !filters.some((f) => asString(f.type) === 'RequestRedirect')) {
    out.push(bl.err('must not be empty'));
  }
  backendRefs.forEach((b, k) => out.push(...validateBackendRef(b, bl.i(k), { allowedInvalidNames: [UNRESOLVED_BACKEND] })));
  return out;
}

function validateMatch(match: Obj, loc: Loc): Violation[] {
  const out: Violation[] = [];
  const path = asRecord(match.path);
  if (path) {
    const value = asString(path.value);
    const vl = loc.f('path').f('value');
    const type = asString(path.type);
    if (type === 'PathPrefix' && value !== '/') {
      if (value.endsWith('/')) {
        out.push(vl.err('does not need a trailing slash because only a `/`-separated prefix or an entire path is matched'));
      }
      if (!value.startsWith('/')) out.push(vl.err('must be an absolute path'));
    } else if (type === 'Exact' && !value.startsWith('/')) {
      out.push(vl.err('must be an absolute path'));
    }
  }
  const seen = new Set<string>();
  asArray(match.queryParams).forEach((q, i) => {
    const name = asString(asRecord(q)?.name);
    if (seen.has(name)) out.push(loc.f('queryParams').i(i).f('name').err(`multiple entries for name ${name}`));
    seen.add(name);
  });
  asArray(match.headers).forEach((h, i) => {
    const header = asRecord(h) ?? {};
    const type = isSet(header, 'type') ? asString(header.type) : 'Exact';
    if ((type === 'Present' || type === 'Absent') && asString(header.value) !== '') {
      out.push(loc.f('headers').i(i).f('value').err('must not be defined'));
    }
  });
  return out;
}

/** Kuma's `hasAnyMatchesWithoutPrefix`: some match has no path or a path that is not a PathPrefix. */
/** What RequestRedirect and URLRewrite both check: a prefix replacement needs every match to be a prefix; a precise hostname. */
function validatePathAndHostname(o: Obj, loc: Loc, matches: Obj[]): Violation[] {
  const out: Violation[] = [];
  if (isSet(asRecord(o.path), 'replacePrefixMatch') && hasMatchWithoutPrefix(matches)) {
    out.push(loc.f('path').f('replacePrefixMatch').err('can only appear if all matches match a path prefix'));
  }
  out.push(...validatePreciseHostname(o.hostname, loc.f('hostname')));
  return out;
}

function hasMatchWithoutPrefix(matches: Obj[]): boolean {
  return matches.some((m) => asString(asRecord(m.path)?.type) !== 'PathPrefix');
}

function validateFilter(filter: Obj, loc: Loc, matches: Obj[], gateway: boolean): Violation[] {
  const out: Violation[] = [];
  switch (asString(filter.type)) {
    case 'RequestHeaderModifier':
    case 'ResponseHeaderModifier': {
      const field = asString(filter.type) === 'RequestHeaderModifier' ? 'requestHeaderModifier' : 'responseHeaderModifier';
      if (!isSet(filter, field)) out.push(loc.f(field).err('must be defined'));
      else out.push(...validateHeaderModifier(asRecord(filter[field]) ?? {}, loc.f(field)));
      break;
    }
    case 'RequestRedirect': {
      const rl = loc.f('requestRedirect');
      if (!isSet(filter, 'requestRedirect')) {
        out.push(rl.err('must be defined'));
        break;
      }
      const redirect = asRecord(filter.requestRedirect) ?? {};
      out.push(...validatePathAndHostname(redirect, rl, matches));
      break;
    }
    case 'URLRewrite': {
      const ul = loc.f('urlRewrite');
      if (!isSet(filter, 'urlRewrite')) {
        out.push(ul.err('must be defined'));
        break;
      }
      const rewrite = asRecord(filter.urlRewrite) ?? {};
      out.push(...validatePathAndHostname(rewrite, ul, matches));
      if (rewrite.hostToBackendHostname === true) {
        if (!gateway) out.push(ul.f('hostToBackendHostname').err('can only be set with MeshGateway'));
        if (isSet(rewrite, 'hostname')) out.push(ul.f('hostToBackendHostname').err('cannot be set together with hostname'));
      }
      break;
    }
    case 'RequestMirror': {
      const ml = loc.f('requestMirror');
      if (!isSet(filter, 'requestMirror')) {
        out.push(ml.err('must be defined'));
        break;
      }
      out.push(...validateTargetRef(asRecord(filter.requestMirror)?.backendRef, ml.f('backendRef'), plainRef(MIRROR_KINDS)));
      break;
    }
    default:
      break;
  }
  return out;
}

function validateHeaderModifier(modifier: Obj, loc: Loc): Violation[] {
  if (!isSet(modifier, 'set') && !isSet(modifier, 'add') && !isSet(modifier, 'remove')) {
    return [loc.err('must have at least one defined: set, add, remove')];
  }
  const out: Violation[] = [];
  const seen = new Set<string>();
  const add = (name: string, at: Loc): void => {
    if (seen.has(name)) out.push(at.err('duplicate header name'));
    seen.add(name);
  };
  asArray(modifier.set).forEach((h, i) => add(asString(asRecord(h)?.name), loc.f('set').i(i).f('name')));
  asArray(modifier.add).forEach((h, i) => add(asString(asRecord(h)?.name), loc.f('add').i(i).f('name')));
  // `remove` holds bare names; Kuma still reports `remove[i].name`.
  asArray(modifier.remove).forEach((h, i) => add(asString(h), loc.f('remove').i(i).fieldOnly('name')));
  return out;
}

/** apimachinery's IP parsing as `netutils.ParseIPSloppy` does it: IPv4 octets may have leading zeros. */
function isSloppyIP(s: string): boolean {
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (v4) return v4.slice(1).every((o) => Number(o) <= 255);
  return !s.includes('%') && isIPv6(s);
}

function validatePreciseHostname(value: unknown, loc: Loc): Violation[] {
  if (typeof value !== 'string') return [];
  if (isSloppyIP(value)) return [loc.err('cannot be an IP address')];
  return dns1123SubdomainProblems(value).map((p) => loc.err(p));
}
