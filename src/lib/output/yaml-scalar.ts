/**
 * go-yaml v2's choice of style for one string scalar, shared by the two places we imitate it:
 * `-o yaml` (./yaml.ts, which lets the `yaml` package lay out the document) and kumactl's config file
 * (src/lib/config/serialize.ts, one line per scalar). Both are go-yaml v2 in kumactl (sigs.k8s.io/yaml):
 * double quotes when the text, unquoted, would read back in YAML 1.1 as something else (null, bool,
 * number, timestamp that Go's time.Parse accepts: `2024-01-02` but not `2024-13-45`); single quotes when
 * it starts with an indicator or contains `: ` / ` #`; plain otherwise.
 */

// YAML 1.1 resolution (go-yaml v2 `resolve`): would this text, unquoted, read as a non-string?

const RESOLVE_MAP = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
  '<<',
]);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
/** Go `strconv.ParseFloat` on text starting with '.' (decimal only; `_` only between digits). */
const GO_DOT_FLOAT = /^\.[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/;

function hintOf(c: string | undefined): string {
  if (c === undefined) return 'N';
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  return '';
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** Go `strconv.ParseInt(s, 0, 64)` / `ParseUint(s, 0, 64)` succeed (s has no underscores). */
function goParsesAsInteger(s: string): boolean {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return false;
  const sign = m[1] ?? '';
  const body = m[2] ?? '';
  let v: bigint;
  if (/^0[oO]/.test(body)) v = BigInt(`0o${body.slice(2)}`);
  else if (/^0[xXbB]/.test(body)) v = BigInt(body.toLowerCase());
  else if (body.length > 1 && body.startsWith('0')) v = BigInt(`0o${body.slice(1)}`);
  else v = BigInt(body);
  if (sign === '-') v = -v;
  if (v >= INT64_MIN && v <= INT64_MAX) return true;
  return sign === '' && v <= UINT64_MAX; // ParseUint takes no sign
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** go-yaml v2 `parseTimestamp`: Go `time.Parse` with the formats `2006-1-2T15:4:5.999999999Z07:00`, the same with `t`, `2006-1-2 15:4:5.999999999`, `2006-1-2`. */
export function isYamlTimestamp(s: string): boolean {
  if (!/^[0-9]{4}-/.test(s)) return false;
  const m = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:([Tt ])([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$/.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return false;
  if (m[4] === undefined) return true;
  const sep = m[4];
  const zone = m[8];
  if (sep === ' ' ? zone !== undefined : zone === undefined) return false;
  if (Number(m[5]) > 23 || Number(m[6]) > 59 || Number(m[7]) > 59) return false;
  if (zone !== undefined && zone !== 'Z' && (Number(zone.slice(1, 3)) > 24 || Number(zone.slice(4, 6)) > 60)) return false;
  return true;
}

/** True when go-yaml v2 would resolve the unquoted text to a non-string (bool, null, number, timestamp, merge). */
export function resolvesToNonString(s: string): boolean {
  const hint = hintOf(s[0]);
  if (hint === '') return false;
  if (RESOLVE_MAP.has(s)) return true;
  switch (hint) {
    case 'M':
      return false;
    case '.':
      return GO_DOT_FLOAT.test(s);
    case 'D':
    case 'S': {
      if (isYamlTimestamp(s)) return true;
      const plain = s.replace(/_/g, '');
      if (goParsesAsInteger(plain)) return true;
      if (YAML_STYLE_FLOAT.test(plain)) return true;
      if (plain.startsWith('0b') && /^[01]+$/.test(plain.slice(2)) && BigInt(`0b${plain.slice(2)}`) <= INT64_MAX) return true;
      if (plain.startsWith('-0b') && /^[01]+$/.test(plain.slice(3)) && BigInt(`0b${plain.slice(3)}`) <= -INT64_MIN) return true;
      return false;
    }
    default:
      return false;
  }
}

/** go-yaml v2 `isBase60Float`: text it double-quotes although it reads it as a string (YAML 1.1 `1:20`). */
export function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s[0] as string;
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false;
  return BASE60_FLOAT.test(s);
}

// ---------------------------------------------------------------------------------------------
// Quoting on one line (block context, no folding)

function isPrintable(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const ok = c === 0x0a || (c >= 0x20 && c <= 0x7e) || c === 0x85 || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff) || c >= 0x10000;
    if (!ok) return false;
  }
  return true;
}

function plainAllowed(s: string): boolean {
  if (s.startsWith('---') || s.startsWith('...')) return false;
  const first = s[0]!;
  if ('#,[]{}&*!|>\'"%@`'.includes(first)) return false;
  if ('?:-'.includes(first) && (s.length === 1 || s[1] === ' ')) return false;
  if (s.startsWith(' ') || s.endsWith(' ')) return false;
  if (/:( |$)/.test(s) || / #/.test(s)) return false;
  return true;
}

const ESCAPES: Record<string, string> = {
  '\0': '\\0', '\x07': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\v': '\\v', '\f': '\\f', '\r': '\\r', '\x1b': '\\e',
  '"': '\\"', '\\': '\\\\', '\x85': '\\N', '\xa0': '\\_', '\u2028': '\\L', '\u2029': '\\P',
};

function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const esc = ESCAPES[ch];
    if (esc) out += esc;
    else if (isPrintable(ch)) out += ch;
    else {
      const c = ch.codePointAt(0)!;
      out += c <= 0xff ? `\\x${c.toString(16).toUpperCase().padStart(2, '0')}` : c <= 0xffff ? `\\u${c.toString(16).toUpperCase().padStart(4, '0')}` : `\\U${c.toString(16).toUpperCase().padStart(8, '0')}`;
    }
  }
  return `${out}"`;
}

/** go-yaml v2's double quotes: the text, unquoted, would read back as another type (or it does not say `1:20`). */
export function needsDoubleQuotes(s: string): boolean {
  return resolvesToNonString(s) || isBase60Float(s);
}

/** One string as go-yaml v2 writes it in block context on one line (no folding, no block scalars): kumactl's config file. */
export function yamlScalar(s: string): string {
  if (needsDoubleQuotes(s) || s.includes('\n') || !isPrintable(s)) return doubleQuoted(s);
  if (plainAllowed(s)) return s;
  return `'${s.replace(/'/g, "''")}'`;
}
