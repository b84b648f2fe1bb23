/**
 * `-o yaml`: what kumactl prints, i.e. the JSON form converted to YAML by sigs.k8s.io/yaml, which
 * decodes the JSON with go-yaml v2 and re-encodes it with go-yaml v2's emitter (a port of libyaml).
 *
 * This is a small emitter of our own rather than the `yaml` package: `yaml` cannot reproduce
 * go-yaml v2 byte for byte (its key order, its YAML 1.1 quoting decisions, where it folds long
 * scalars and how it indents folded lines all differ). What is reproduced here, following
 * go-yaml v2's encoder and emitter:
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

// ---------------------------------------------------------------------------------------------
// Character classes (libyaml, by code point)

const isSpace = (c: number | undefined): boolean => c === 0x20;
const isTab = (c: number | undefined): boolean => c === 0x09;
const isBreak = (c: number | undefined): boolean => c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBlank = (c: number | undefined): boolean => isSpace(c) || isTab(c);
const isBlankz = (c: number | undefined): boolean => isBlank(c) || isBreak(c) || c === 0 || c === undefined;
const isBom = (c: number | undefined): boolean => c === 0xfeff;
function isPrintable(c: number): boolean {
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}

interface ScalarAnalysis {
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** libyaml `yaml_emitter_analyze_scalar`. */
function analyzeScalar(v: number[]): ScalarAnalysis {
  if (v.length === 0) {
    return { multiline: false, flowPlainAllowed: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;

  if (v.length >= 3 && ((v[0] === 0x2d && v[1] === 0x2d && v[2] === 0x2d) || (v[0] === 0x2e && v[1] === 0x2e && v[2] === 0x2e))) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  for (let i = 0; i < v.length; i++) {
    const c = v[i] as number;
    const followedByWhitespace = i + 1 >= v.length || isBlank(v[i + 1]);
    const ch = String.fromCodePoint(c);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        flowIndicators = true;
        blockIndicators = true;
      } else if (ch === '?' || ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (ch === '-') {
        if (followedByWhitespace) {
          flowIndicators = true;
          blockIndicators = true;
        }
      }
    } else {
      if (',?[]{}'.includes(ch)) {
        flowIndicators = true;
      } else if (ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (ch === '#') {
        if (precededByWhitespace) {
          flowIndicators = true;
          blockIndicators = true;
        }
      }
    }
    if (!isPrintable(c)) specialCharacters = true; // the emitter runs with unicode on
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i === v.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === v.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
  }
  const a: ScalarAnalysis = { multiline: lineBreaks, flowPlainAllowed: true, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (flowIndicators) a.flowPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

// ---------------------------------------------------------------------------------------------
// Scalars as go-yaml v2's encoder produces them

type Style = 'plain' | 'single' | 'double' | 'literal';

interface Scalar {
  text: string;
  /** The style the encoder asks for; the emitter may still change it. */
  style: Style;
}

/** Go `strconv.FormatFloat(f, 'g', -1, 64)`, with go-yaml's `.inf`/`.nan`. */
export function goFormatFloatG(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant = '0', expText = '0'] = f.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    return `${mant}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(f); // -4 <= exp < 6: JS prints the same shortest digits in fixed notation
}

/** A JS number as go-yaml prints what `yaml.Unmarshal` made of its JSON text (int, uint or float64). */
function numberScalar(n: number): string {
  if (!Number.isFinite(n)) return goFormatFloatG(n);
  const json = JSON.stringify(n);
  if (/^-?[0-9]+$/.test(json)) {
    const v = BigInt(json);
    if ((v >= INT64_MIN && v <= INT64_MAX) || (v >= 0n && v <= UINT64_MAX)) return v.toString();
  }
  return goFormatFloatG(n);
}

/** go-yaml v2 `encoder.stringv`: the requested style for a string. */
function stringScalar(s: string): Scalar {
  const canUsePlain = !resolvesToNonString(s) && !isBase60Float(s);
  if (s.includes('\n')) return { text: s, style: 'literal' };
  return { text: s, style: canUsePlain ? 'plain' : 'double' };
}

// ---------------------------------------------------------------------------------------------
// The emitter (a port of the parts of libyaml's emitter that block-style output uses)

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

class Emitter {
  private out = '';
  private column = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private whitespace = true;
  private indention = true;
  private mappingContext = false;
  private simpleKeyContext = false;

  result(): string {
    return this.out;
  }

  // --- low-level writers

  private put(text: string): void {
    this.out += text;
    this.column += text.length; // ASCII only
  }

  private writeCp(c: number): void {
    this.out += String.fromCodePoint(c);
    this.column++;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
    this.indention = true;
  }

  /** libyaml `write_break`. */
  private writeBreak(c: number): void {
    if (c === 0x0a) {
      this.putBreak();
    } else {
      this.writeCp(c);
      this.column = 0;
    }
  }

  writeIndent(): void {
    const indent = this.indent < 0 ? 0 : this.indent;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop() ?? -1;
  }

  // --- nodes

  emitNode(value: unknown, mapping: boolean, simpleKey: boolean): void {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    if (value === null || value === undefined) return this.emitScalar({ text: 'null', style: 'plain' });
    if (typeof value === 'boolean') return this.emitScalar({ text: value ? 'true' : 'false', style: 'plain' });
    if (typeof value === 'number') return this.emitScalar({ text: numberScalar(value), style: 'plain' });
    if (typeof value === 'bigint') return this.emitScalar({ text: value.toString(), style: 'plain' });
    if (typeof value === 'string') return this.emitScalar(stringScalar(value));
    if (Array.isArray(value)) return this.emitSequence(value.map((v) => (v === undefined ? null : v)));
    if (typeof value === 'object') {
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
        return this.emitNode((value as { toJSON: () => unknown }).toJSON(), mapping, simpleKey);
      }
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function');
      return this.emitMapping(entries);
    }
    return this.emitScalar(stringScalar(String(value)));
  }

  private emitSequence(items: unknown[]): void {
    if (items.length === 0) {
      // An empty sequence is written in flow style (the only flow output go-yaml produces here).
      this.writeIndicator('[', true, true, false);
      this.writeIndicator(']', false, false, false);
      return;
    }
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.emitNode(item, false, false);
    }
    this.popIndent();
  }

  private emitMapping(entries: [string, unknown][]): void {
    if (entries.length === 0) {
      this.writeIndicator('{', true, true, false);
      this.writeIndicator('}', false, false, false);
      return;
    }
    const map = new Map(entries);
    this.increaseIndent(false, false);
    for (const key of sortYamlKeys([...map.keys()])) {
      this.writeIndent();
      const keyScalar = stringScalar(key);
      const simple = !analyzeScalar(codePoints(key)).multiline && Buffer.byteLength(key, 'utf8') <= 128;
      if (simple) {
        this.emitNode(key, true, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.mappingContext = true;
        this.simpleKeyContext = false;
        this.emitScalar(keyScalar);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.emitNode(map.get(key), true, false);
    }
    this.popIndent();
  }

  private emitScalar(scalar: Scalar): void {
    const v = codePoints(scalar.text);
    const a = analyzeScalar(v);
    let style = scalar.style;
    if (this.simpleKeyContext && a.multiline) style = 'double';
    if (style === 'plain') {
      // Block context only (libyaml also checks flowPlainAllowed inside flow collections, which never hold scalars here).
      if (!a.blockPlainAllowed) style = 'single';
      if (v.length === 0 && this.simpleKeyContext) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || this.simpleKeyContext)) style = 'double';

    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    switch (style) {
      case 'plain':
        this.writePlain(v, allowBreaks);
        break;
      case 'single':
        this.writeSingleQuoted(v, allowBreaks);
        break;
      case 'double':
        this.writeDoubleQuoted(v, allowBreaks);
        break;
      case 'literal':
        this.writeLiteral(v);
        break;
    }
    this.popIndent();
  }

  private writePlain(v: number[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i] as number;
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && !isSpace(v[i + 1])) this.writeIndent();
        else this.writeCp(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeCp(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(v: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i] as number;
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < v.length - 1 && !isSpace(v[i + 1])) this.writeIndent();
        else this.writeCp(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.writeCp(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(v: number[], allowBreaks: boolean): void {
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    for (let i = 0; i < v.length; i++) {
      const c = v[i] as number;
      if (!isPrintable(c) || isBom(c) || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put(`\\${escapeOf(c)}`);
        spaces = false;
      } else if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < v.length - 1) {
          this.writeIndent();
          if (isSpace(v[i + 1])) this.put('\\');
        } else {
          this.writeCp(c);
        }
        spaces = true;
      } else {
        this.writeCp(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(v: number[]): void {
    this.writeIndicator('|', true, false, false);
    // block scalar hints
    if (isSpace(v[0]) || isBreak(v[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    let chomp = '';
    if (v.length === 0) chomp = '-';
    else if (!isBreak(v[v.length - 1])) chomp = '-';
    else if (v.length === 1) chomp = '+';
    else if (isBreak(v[v.length - 2])) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of v) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) {
          this.writeIndent();
          breaks = false;
        }
        this.writeCp(c);
        this.indention = false;
      }
    }
  }
}

/** The escape (after the backslash) libyaml writes in a double-quoted scalar. */
function escapeOf(c: number): string {
  switch (c) {
    case 0x00:
      return '0';
    case 0x07:
      return 'a';
    case 0x08:
      return 'b';
    case 0x09:
      return 't';
    case 0x0a:
      return 'n';
    case 0x0b:
      return 'v';
    case 0x0c:
      return 'f';
    case 0x0d:
      return 'r';
    case 0x1b:
      return 'e';
    case 0x22:
      return '"';
    case 0x5c:
      return '\\';
    case 0x85:
      return 'N';
    case 0xa0:
      return '_';
    case 0x2028:
      return 'L';
    case 0x2029:
      return 'P';
  }
  const hex = c.toString(16).toUpperCase();
  if (c <= 0xff) return `x${hex.padStart(2, '0')}`;
  if (c <= 0xffff) return `u${hex.padStart(4, '0')}`;
  return `U${hex.padStart(8, '0')}`;
}

/**
 * One YAML document as kumactl prints it (`yaml.Marshal` of sigs.k8s.io/yaml, i.e. go-yaml v2 on
 * the JSON form). Ends with a newline; no `---` / `...` markers.
 */
export function formatYaml(value: unknown): string {
  const e = new Emitter();
  e.emitNode(value, false, false);
  e.writeIndent();
  return e.result();
}
