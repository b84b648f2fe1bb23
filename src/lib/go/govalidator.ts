/*
 * The github.com/asaskevich/govalidator checks Kuma's validators call (v0.0.0-20230301143203-a9d515a09cc2,
 * Kuma 2.14.3's go.mod): IsDNSName, IsURL, IsFilePath, IsJSON. IsIP and IsCIDR are in ./net.ts.
 */
import { isGoIP } from './net.js';
import { goURLParse } from './url.js';

const GOVALIDATOR_DNS = /^([a-zA-Z0-9_]{1}[a-zA-Z0-9_-]{0,62}){1}(\.[a-zA-Z0-9_]{1}[a-zA-Z0-9_-]{0,62})*[._]?$/;

/** govalidator.IsDNSName. */
export function isGovalidatorDNSName(s: string): boolean {
  if (s === '' || Buffer.byteLength(s.replace(/\./g, '')) > 255) return false;
  return !isGoIP(s) && GOVALIDATOR_DNS.test(s);
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

/** govalidator.IsJSON: json.Unmarshal into a RawMessage succeeds. */
export function isGoJSON(str: string): boolean {
  try {
    JSON.parse(str);
    return true;
  } catch {
    return false;
  }
}
