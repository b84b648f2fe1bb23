import { yamlModule } from '../lazy-yaml.js';
/**
 * `-o yaml`: what kumactl prints is the JSON form converted to YAML by go-yaml v2. We emit it with
 * the `yaml` package, steered to kumactl's choices:
 * - map keys sorted with go-yaml's key order (letters after other characters, digit runs compared
 *   as numbers: `a9` < `a10`, `_x` < `Ax`);
 * - 2-space indentation, block sequences at their parent key's indentation (`key:\n- item`),
 *   `{}` / `[]` for empty collections, `null` for null;
 * - a string is double-quoted when it would read back as something else in YAML 1.1 (`"on"`,
 *   `"y"`, `"null"`, `"~"`, `""`, `"123"`, `"1e3"`, `".5"`, `"0x1F"`, `"1:20"`, timestamps such
 *   as `"2024-01-01T00:00:00Z"` or `"2024-01-01"`), or holds characters YAML cannot print raw
 *   (tabs, control characters, characters outside the BMP: escaped as `\t`, `\U0001F600`, ...);
 * - single-quoted when it starts with an indicator (`'- x'`, `'#x'`, `'*x'`, `'&x'`, `'!x'`,
 *   `'{x'`, `'[x'`, `'%x'`, `'@x'`, ...), contains `: ` or ` #`, ends with `:` or has leading or
 *   trailing spaces;
 * - strings with a newline as literal block scalars (`|`, `|-`, `|+`, with an indentation
 *   indicator when the first line starts with a space);
 * - plain (and quoted) scalars longer than 80 columns are folded at a single space once the line
 *   is past column 80, continuation lines indented two more than the key, exactly where go-yaml v2
 *   folds them;
 * - numbers as go-yaml prints the values JSON decoding gives: integers as integers, other numbers
 *   with Go's `%g` (`1.5`, `1e-07`, `1.2345675e+06`);
 * - keys longer than 128 bytes or spanning lines use the explicit `? key` / `: value` form.
 */

// ---------------------------------------------------------------------------------------------
// Key order: go-yaml v2 `keyList.Less` for string keys

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

function isLetter(cp: number): boolean {
  return LETTER.test(String.fromCodePoint(cp));
}

function isDigit(cp: number): boolean {
  return DIGIT.test(String.fromCodePoint(cp));
}

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0) ?? 0xfffd);
  return out;
}

/** go-yaml v2's ordering of two string map keys. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = codePoints(a);
  const br = codePoints(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ca = ar[i] as number;
    const cb = br[i] as number;
    if (ca === cb) continue;
    const al = isLetter(ca);
    const bl = isLetter(cb);
    if (al && bl) return ca < cb;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ca === 0x30 || cb === 0x30) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j] as number); j--) {
        if (ar[j] !== 0x30) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai] as number); ai++) an = BigInt.asIntN(64, an * 10n + BigInt((ar[ai] as number) - 0x30));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi] as number); bi++) bn = BigInt.asIntN(64, bn * 10n + BigInt((br[bi] as number) - 0x30));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ca < cb;
  }
  return ar.length < br.length;
}

export function sortYamlKeys(keys: string[]): string[] {
  return [...keys].sort((a, b) => (a === b ? 0 : yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
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

function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s[0] as string;
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false;
  return BASE60_FLOAT.test(s);
}


/**
 * One YAML document as kumactl prints it: keys in go-yaml's order, sequences at their key's
 * indentation, strings YAML 1.1 would read as something else double-quoted, indicator-led strings
 * single-quoted, multi-line strings as literal blocks, long lines folded at 80 columns.
 */
export function formatYaml(value: unknown): string {
  const { Document, visit } = yamlModule();
  const doc = new Document(value, { version: '1.1', sortMapEntries: (a, b) => compareKeys(keyText(a.key), keyText(b.key)) });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string') {
        if (node.value.includes('\n')) node.type = 'BLOCK_LITERAL';
        else if (resolvesToNonString(node.value) || isBase60Float(node.value)) node.type = 'QUOTE_DOUBLE';
      }
    },
  });
  return doc.toString({ indentSeq: false, lineWidth: 80, minContentWidth: 0, singleQuote: true, nullStr: 'null' });
}

function keyText(key: unknown): string {
  return yamlModule().isScalar(key) ? String(key.value) : String(key);
}

function compareKeys(a: string, b: string): number {
  return a === b ? 0 : yamlKeyLess(a, b) ? -1 : 1;
}
