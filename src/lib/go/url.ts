import { goQuote } from './strconv.js';

/*
 * Go's net/url parser (url.Parse, url.ParseRequestURI, URL.Port) with the parts Kuma's validators and kumactl look
 * at. Accept/reject behaviour follows Go 1.26.
 */

export interface GoURL {
  scheme: string;
  opaque: string;
  /** Userinfo present (`user@`). */
  user: boolean;
  host: string;
  path: string;
  rawQuery: string;
  fragment: string;
}

const CTL = /[\x00-\x1f\x7f]/;

function getScheme(raw: string): { scheme: string; rest: string } | null {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue;
    if ((c >= '0' && c <= '9') || c === '+' || c === '-' || c === '.') {
      if (i === 0) return { scheme: '', rest: raw };
      continue;
    }
    if (c === ':') {
      if (i === 0) return null; // missing protocol scheme
      return { scheme: raw.slice(0, i), rest: raw.slice(i + 1) };
    }
    return { scheme: '', rest: raw };
  }
  return { scheme: '', rest: raw };
}

function validUserinfo(s: string): boolean {
  return /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s);
}

/** Why Go refuses a URL, as its error says it; UNNAMED where this emulation does not know Go's words. */
type Refusal = { error: string };
const UNNAMED = '';
const refuse = (error: string): Refusal => ({ error });

/** Go's unexported url.parse: the URL, or Go's error. */
function goParse(raw: string, viaRequest: boolean): GoURL | Refusal {
  if (CTL.test(raw)) return refuse('net/url: invalid control character in URL');
  if (raw === '' && viaRequest) return refuse('empty url');
  const url: GoURL = { scheme: '', opaque: '', user: false, host: '', path: '', rawQuery: '', fragment: '' };
  if (raw === '*') {
    url.path = '*';
    return url;
  }
  const s = getScheme(raw);
  if (!s) return refuse('missing protocol scheme');
  url.scheme = s.scheme.toLowerCase();
  let rest = s.rest;
  if (rest.endsWith('?') && rest.split('?').length === 2) rest = rest.slice(0, -1);
  else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      url.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') {
      url.opaque = rest;
      return url;
    }
    if (viaRequest) return refuse('invalid URI for request');
    const slash = rest.indexOf('/');
    const segment = slash < 0 ? rest : rest.slice(0, slash);
    if (segment.includes(':')) return refuse('first path segment in URL cannot contain colon');
  }
  if ((url.scheme !== '' || (!viaRequest && !rest.startsWith('///'))) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    const at = authority.lastIndexOf('@');
    const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
    if (typeof host !== 'string') return host;
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      if (!validUserinfo(userinfo)) return refuse('net/url: invalid userinfo');
      const bad = unescapeError(userinfo, 'user');
      if (bad) return refuse(bad);
    }
    url.user = at >= 0;
    url.host = host;
  }
  const bad = unescapeError(rest, 'path');
  if (bad) return refuse(bad);
  url.path = safeDecode(rest);
  return url;
}

const orNull = (u: GoURL | Refusal): GoURL | null => ('error' in u ? null : u);

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** url.Parse (splits off the fragment first). */
export function goURLParse(raw: string): GoURL | null {
  const hash = raw.indexOf('#');
  const u = orNull(goParse(hash < 0 ? raw : raw.slice(0, hash), false));
  if (!u || hash < 0) return u;
  const frag = raw.slice(hash + 1);
  if (unescapeError(frag, 'path')) return null;
  u.fragment = safeDecode(frag);
  return u;
}

/** url.ParseRequestURI (no fragment handling: a `#` stays in the path or query); null when Go returns an error. */
export function goURLParseRequestURI(raw: string): GoURL | null {
  return orNull(goParse(raw, true));
}

/**
 * url.ParseRequestURI's error as Go prints it (`parse "x": invalid URI for request`), or null when it parses. Where
 * this emulation knows Go refuses the text but not Go's words for it, the reason given is "invalid URI for request".
 */
export function goParseRequestURIError(raw: string): string | null {
  const u = goParse(raw, true);
  if (!('error' in u)) return null;
  return `parse ${goQuote(raw)}: ${u.error === UNNAMED ? 'invalid URI for request' : u.error}`;
}

/** url.ParseRequestURI reduced to the host (possibly ""), which is all the Mesh and Dataplane validators read. */
export function goParseRequestURI(raw: string): { host: string } | null {
  const u = orNull(goParse(raw, true));
  return u && { host: u.host };
}

/** URL.Port(). */
export function goUrlPort(host: string): string {
  const colon = host.lastIndexOf(':');
  if (colon === -1) return '';
  const i = host.indexOf(']:');
  if (i !== -1) return host.slice(i + 2);
  if (host.includes(']')) return '';
  return host.slice(colon + 1);
}

function validOptionalPort(port: string): boolean {
  if (port === '') return true;
  if (port[0] !== ':') return false;
  return /^[0-9]*$/.test(port.slice(1));
}

const HOST_SAFE = /^[A-Za-z0-9!$&'()*+,;=:[\]<>"\-_.~]$/;

/** Go's url.unescape validity check for the given component: null, or Go's error. */
function unescapeError(s: string, mode: 'host' | 'path' | 'user'): string | null {
  for (let i = 0; i < s.length; ) {
    const c = s[i]!;
    if (c === '%') {
      if (i + 2 >= s.length || !/[0-9A-Fa-f]/.test(s[i + 1]!) || !/[0-9A-Fa-f]/.test(s[i + 2]!)) {
        return `invalid URL escape ${goQuote(s.slice(i, i + 3))}`;
      }
      if (mode === 'host' && parseInt(s[i + 1]!, 16) < 8 && s.slice(i, i + 3) !== '%25') return `invalid URL escape ${goQuote(s.slice(i, i + 3))}`;
      i += 3;
      continue;
    }
    if (mode === 'host' && c.charCodeAt(0) < 0x80 && !HOST_SAFE.test(c)) return `invalid character ${goQuote(c)} in host name`;
    i++;
  }
  return null;
}

/** The host, decoded, or Go's error. */
function parseHost(host: string): string | Refusal {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) return refuse("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) return refuse(`invalid port ${goQuote(colonPort)} after host`);
  } else {
    const i = host.lastIndexOf(':');
    if (i !== -1) {
      const colonPort = host.slice(i);
      if (!validOptionalPort(colonPort)) return refuse(`invalid port ${goQuote(colonPort)} after host`);
      // Go 1.26 rejects colons in the host that are not the port separator
      if (host.slice(0, i).includes(':')) return refuse(UNNAMED);
    }
  }
  const bad = unescapeError(host, 'host');
  if (bad) return refuse(bad);
  return safeDecode(host);
}
