/*
 * Go's net/url parser (url.Parse, url.ParseRequestURI) with the parts the observability policies look at, and the
 * govalidator / net checks built on it that Kuma's validators call: IsURL, IsFilePath, IsCIDR, IsJSON.
 * Accept/reject behaviour follows Go 1.26 and govalidator v0.0.0-20230301143203-a9d515a09cc2 (Kuma 2.14.3's go.mod).
 */
import { isGoIP, parseHost, unescapeOk } from './go-compat.js';

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

/** Go's unexported url.parse; null when Go returns an error. */
function goParse(raw: string, viaRequest: boolean): GoURL | null {
  if (CTL.test(raw)) return null;
  if (raw === '' && viaRequest) return null;
  const url: GoURL = { scheme: '', opaque: '', user: false, host: '', path: '', rawQuery: '', fragment: '' };
  if (raw === '*') {
    url.path = '*';
    return url;
  }
  const s = getScheme(raw);
  if (!s) return null;
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
    if (viaRequest) return null; // invalid URI for request
    const slash = rest.indexOf('/');
    const segment = slash < 0 ? rest : rest.slice(0, slash);
    if (segment.includes(':')) return null; // first path segment in URL cannot contain colon
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
    if (host === null) return null;
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      if (!validUserinfo(userinfo) || !unescapeOk(userinfo, 'user')) return null;
      url.user = true;
    }
    url.host = host;
  }
  if (!unescapeOk(rest, 'path')) return null;
  url.path = safeDecode(rest);
  return url;
}

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
  const u = goParse(hash < 0 ? raw : raw.slice(0, hash), false);
  if (!u || hash < 0) return u;
  const frag = raw.slice(hash + 1);
  if (!unescapeOk(frag, 'path')) return null;
  u.fragment = safeDecode(frag);
  return u;
}

/** url.ParseRequestURI (no fragment handling: a `#` stays in the path or query). */
export function goURLParseRequestURI(raw: string): GoURL | null {
  return goParse(raw, true);
}

/** URL.Port(). */
export function goURLPort(host: string): string {
  const colon = host.lastIndexOf(':');
  if (colon === -1) return '';
  const i = host.indexOf(']:');
  if (i !== -1) return host.slice(i + 2);
  if (host.includes(']')) return '';
  return host.slice(colon + 1);
}

// --- govalidator.IsURL ---------------------------------------------------------------------------------------

const IP_RE =
  '(([0-9a-fA-F]{1,4}:){7,7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:((:[0-9a-fA-F]{1,4}){1,6})|:((:[0-9a-fA-F]{1,4}){1,7}|:)|fe80:(:[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]{1,}|::(ffff(:0{1,4}){0,1}:){0,1}((25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])\\.){3,3}(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])|([0-9a-fA-F]{1,4}:){1,4}:((25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])\\.){3,3}(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9]))';
/** Go's `\\S`: anything but ASCII space, tab, newline, form feed, carriage return. */
const GO_NON_SPACE = '[^\\t\\n\\f\\r ]';
const URL_SCHEMA = '((ftp|tcp|udp|wss?|https?):\\/\\/)';
const URL_USERNAME = `(${GO_NON_SPACE}+(:${GO_NON_SPACE}*)?@)`;
const URL_PATH = `((\\/|\\?|#)${GO_NON_SPACE}*)`;
const URL_PORT = '(:(\\d{1,5}))';
const URL_IP = '([1-9]\\d?|1\\d\\d|2[01]\\d|22[0-3]|24\\d|25[0-5])(\\.(\\d{1,2}|1\\d\\d|2[0-4]\\d|25[0-5])){2}(?:\\.([0-9]\\d?|1\\d\\d|2[0-4]\\d|25[0-5]))';
const URL_SUBDOMAIN = '((www\\.)|([a-zA-Z0-9]+([-_\\.]?[a-zA-Z0-9])*[a-zA-Z0-9]\\.[a-zA-Z0-9]+))';
const U = 'a-zA-Z\\u00a1-\\uffff';
// `(([U0-9]+-?-?)*[U0-9]+)` rewritten without the nested quantifier (same language: runs of letters/digits joined
// by one or two dashes), so that a long non-matching input cannot make the backtracking engine explode.
const URL_HOST_LABELS = `([${U}0-9]+(?:--?[${U}0-9]+)*)`;
const URL_RE = new RegExp(
  `^${URL_SCHEMA}?${URL_USERNAME}?((${URL_IP}|(\\[${IP_RE}\\])|(([a-zA-Z0-9]([a-zA-Z0-9-_]+)?[a-zA-Z0-9]([-\\.][a-zA-Z0-9]+)*)|(${URL_SUBDOMAIN}?))?${URL_HOST_LABELS}(?:\\.([${U}]{1,}))?))\\.?${URL_PORT}?${URL_PATH}?$`,
  'u',
);

/** govalidator.IsURL. */
export function isGovalidatorURL(str: string): boolean {
  if (str === '' || [...str].length >= 2083 || Buffer.byteLength(str) <= 3 || str.startsWith('.')) return false;
  const temp = str.includes(':') && !str.includes('://') ? `http://${str}` : str;
  const u = goURLParse(temp);
  if (!u) return false;
  if (u.host.startsWith('.')) return false;
  if (u.host === '' && u.path !== '' && !u.path.includes('.')) return false;
  return URL_RE.test(str);
}

// --- govalidator.IsFilePath ---------------------------------------------------------------------------------

const WIN_PATH = /^[a-zA-Z]:\\(?:[^\\/:*?"<>|\r\n]+\\)*[^\\/:*?"<>|\r\n]*$/u;
const UNIX_PATH = /^(\/[^/\x00]*)+\/?$/u;

/** govalidator.IsFilePath (the boolean). */
export function isGovalidatorFilePath(str: string): boolean {
  if (WIN_PATH.test(str)) return Buffer.byteLength(str) - 3 <= 32767;
  return UNIX_PATH.test(str);
}

// --- net.ParseCIDR -----------------------------------------------------------------------------------------

/** govalidator.IsCIDR (net.ParseCIDR without error). */
export function isGoCIDR(str: string): boolean {
  const slash = str.indexOf('/');
  if (slash < 0) return false;
  const addr = str.slice(0, slash);
  const mask = str.slice(slash + 1);
  if (addr.includes('%') || !isGoIP(addr)) return false;
  if (!/^[0-9]+$/.test(mask)) return false;
  const bits = addr.includes(':') ? 128 : 32;
  const n = mask.length > 8 ? Infinity : Number(mask);
  return n <= bits;
}

// --- encoding/json validity --------------------------------------------------------------------------------

/** govalidator.IsJSON: json.Unmarshal into a RawMessage succeeds. */
export function isGoJSON(str: string): boolean {
  try {
    JSON.parse(str);
    return true;
  } catch {
    return false;
  }
}
