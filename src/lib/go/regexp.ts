/* Go's regexp/syntax parser (RE2, Perl flavour): whether regexp.Compile accepts an expression, and its error text. */

const POSIX_CLASSES = new Set(
  ['alnum', 'alpha', 'ascii', 'blank', 'cntrl', 'digit', 'graph', 'lower', 'print', 'punct', 'space', 'upper', 'word', 'xdigit'].flatMap((n) => [
    `[:${n}:]`,
    `[:^${n}:]`,
  ]),
);

const UNICODE_CATEGORIES = new Set([
  'C', 'Cc', 'Cf', 'Co', 'Cs', 'L', 'Ll', 'Lm', 'Lo', 'Lt', 'Lu', 'M', 'Mc', 'Me', 'Mn', 'N', 'Nd', 'Nl', 'No',
  'P', 'Pc', 'Pd', 'Pe', 'Pf', 'Pi', 'Po', 'Ps', 'S', 'Sc', 'Sk', 'Sm', 'So', 'Z', 'Zl', 'Zp', 'Zs',
]);

const CATEGORY_LONG_NAMES = [
  'Other', 'Control', 'Format', 'Unassigned', 'Private_Use', 'Surrogate', 'Letter', 'Cased_Letter', 'Lowercase_Letter',
  'Modifier_Letter', 'Other_Letter', 'Titlecase_Letter', 'Uppercase_Letter', 'Mark', 'Combining_Mark', 'Spacing_Mark',
  'Enclosing_Mark', 'Nonspacing_Mark', 'Number', 'Decimal_Number', 'Digit', 'Letter_Number', 'Other_Number',
  'Punctuation', 'Punct', 'Connector_Punctuation', 'Dash_Punctuation', 'Close_Punctuation', 'Final_Punctuation',
  'Initial_Punctuation', 'Other_Punctuation', 'Open_Punctuation', 'Symbol', 'Currency_Symbol', 'Modifier_Symbol',
  'Math_Symbol', 'Other_Symbol', 'Separator', 'Line_Separator', 'Paragraph_Separator', 'Space_Separator',
];

const normalizeTableName = (n: string) => n.toLowerCase().replace(/[ _-]/g, '');

/** Table names Go (1.25+) matches loosely: case, spaces, underscores and hyphens are ignored. */
const LOOSE_TABLE_NAMES = new Set(
  [...UNICODE_CATEGORIES, ...CATEGORY_LONG_NAMES, 'Any', 'ASCII', 'Assigned', 'Cn', 'LC'].map(normalizeTableName),
);

function isUnicodeTable(name: string): boolean {
  if (LOOSE_TABLE_NAMES.has(normalizeTableName(name))) return true;
  // scripts (Greek, Han, Latin, ...): JS knows the same names under Script=
  if (!/^[A-Za-z_]+$/.test(name)) return false;
  try {
    new RegExp(`\\p{Script=${name}}`, 'u');
    return true;
  } catch {
    return false;
  }
}

class GoRegexpError extends Error {
  constructor(
    readonly code: string,
    readonly expr: string,
  ) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
  }
}

type StackItem = { kind: 'paren' | 'bar' | 'atom'; w: number };

/**
 * What Go's regexp.Compile says about `expr`: null when it compiles, else the error text
 * (`error parsing regexp: missing closing ): `(``). Follows the structure of Go's regexp/syntax
 * parser (Perl flags) for the checks that produce errors.
 */
export function goRegexpError(expr: string): string | null {
  try {
    parseGoRegexp(expr);
    return null;
  } catch (e) {
    if (e instanceof GoRegexpError) return e.message;
    throw e;
  }
}

function parseGoRegexp(s: string): void {
  const n = s.length;
  const stack: StackItem[] = [];
  const top = (): StackItem | undefined => stack[stack.length - 1];
  const pushAtom = (w = 1) => stack.push({ kind: 'atom', w });
  const cpLen = (i: number) => ((s.codePointAt(i) ?? 0) > 0xffff ? 2 : 1);
  let lastRepeat = -1;

  const repeat = (opStart: number, afterOp: number, min: number, max: number, counted: boolean): number => {
    let after = afterOp;
    if (s[after] === '?') after++;
    if (lastRepeat >= 0) throw new GoRegexpError('invalid nested repetition operator', s.slice(lastRepeat, after));
    const t = top();
    if (!t || t.kind !== 'atom') throw new GoRegexpError('missing argument to repetition operator', s.slice(opStart, after));
    if (counted) {
      const m = max < 0 ? min : max;
      if (m > 0) {
        if ((min >= 2 || max >= 2) && m * t.w > 1000) throw new GoRegexpError('invalid repeat count', s.slice(opStart, after));
        t.w = m * t.w;
      } else t.w = 1;
    }
    return after;
  };

  let i = 0;
  while (i < n) {
    let repeatStart = -1;
    const c = s[i]!;
    switch (c) {
      case '(': {
        if (s[i + 1] === '?') {
          const r = parsePerlFlags(s, i);
          if (r.group) stack.push({ kind: 'paren', w: 1 });
          i = r.next;
        } else {
          stack.push({ kind: 'paren', w: 1 });
          i++;
        }
        break;
      }
      case '|': {
        let w = 1;
        while (top()?.kind === 'atom') w = Math.max(w, stack.pop()!.w);
        const t = top();
        if (t?.kind === 'bar') t.w = Math.max(t.w, w);
        else stack.push({ kind: 'bar', w });
        i++;
        break;
      }
      case ')': {
        let w = 1;
        while (top()?.kind === 'atom' || top()?.kind === 'bar') w = Math.max(w, stack.pop()!.w);
        if (top()?.kind !== 'paren') throw new GoRegexpError('unexpected )', s);
        stack.pop();
        pushAtom(w);
        i++;
        break;
      }
      case '[':
        i = parseClass(s, i);
        pushAtom();
        break;
      case '*':
      case '+':
      case '?':
        repeatStart = i;
        i = repeat(i, i + 1, 0, 0, false);
        break;
      case '{': {
        const r = parseRepeatSpec(s, i);
        if (!r) {
          pushAtom(); // a literal {
          i++;
          break;
        }
        if (r.min < 0 || r.min > 1000 || r.max > 1000 || (r.max >= 0 && r.min > r.max)) {
          throw new GoRegexpError('invalid repeat count', s.slice(i, r.end));
        }
        repeatStart = i;
        i = repeat(i, r.end, r.min, r.max, true);
        break;
      }
      case '\\': {
        const d = s[i + 1];
        if (d === 'A' || d === 'b' || d === 'B' || d === 'z') {
          pushAtom();
          i += 2;
          break;
        }
        if (d === 'C') throw new GoRegexpError('invalid escape sequence', '\\C');
        if (d === 'Q') {
          const end = s.indexOf('\\E', i + 2);
          const lit = end < 0 ? s.slice(i + 2) : s.slice(i + 2, end);
          if (lit !== '') pushAtom();
          i = end < 0 ? n : end + 2;
          break;
        }
        if (d === 'p' || d === 'P') {
          i = parseUnicodeClass(s, i);
          pushAtom();
          break;
        }
        if (d !== undefined && 'dDsSwW'.includes(d)) {
          pushAtom();
          i += 2;
          break;
        }
        i = parseEscape(s, i).next;
        pushAtom();
        break;
      }
      default:
        pushAtom();
        i += cpLen(i);
    }
    lastRepeat = repeatStart;
  }
  while (top()?.kind === 'atom' || top()?.kind === 'bar') stack.pop();
  if (stack.length > 0) throw new GoRegexpError('missing closing )', s);
}

function parsePerlFlags(s: string, start: number): { next: number; group: boolean } {
  const t = s.slice(start);
  const startsWithP = t.length > 4 && t[2] === 'P' && t[3] === '<';
  const startsWithName = t.length > 3 && t[2] === '<';
  if (startsWithP || startsWithName) {
    const exprStart = startsWithP ? 4 : 3;
    const end = t.indexOf('>');
    if (end < 0) throw new GoRegexpError('invalid named capture', t);
    const capture = t.slice(0, end + 1);
    const name = t.slice(exprStart, end);
    if (name === '' || !/^[A-Za-z0-9_]+$/.test(name)) throw new GoRegexpError('invalid named capture', capture);
    return { next: start + end + 1, group: true };
  }
  let i = 2;
  let sign = 1;
  let sawFlag = false;
  while (i < t.length) {
    const c = t[i]!;
    i++;
    if (c === 'i' || c === 'm' || c === 's' || c === 'U') {
      sawFlag = true;
      continue;
    }
    if (c === '-') {
      if (sign < 0) break;
      sign = -1;
      sawFlag = false;
      continue;
    }
    if (c === ':' || c === ')') {
      if (sign < 0 && !sawFlag) break;
      return { next: start + i, group: c === ':' };
    }
    break;
  }
  throw new GoRegexpError('invalid or unsupported Perl syntax', t.slice(0, i));
}

function parseRepeatSpec(s: string, start: number): { min: number; max: number; end: number } | null {
  let i = start + 1;
  const int = (): number | null => {
    if (i >= s.length || s[i]! < '0' || s[i]! > '9') return null;
    if (s[i] === '0' && i + 1 < s.length && s[i + 1]! >= '0' && s[i + 1]! <= '9') return null; // leading zero
    let v = 0;
    while (i < s.length && s[i]! >= '0' && s[i]! <= '9') {
      if (v >= 1e8) v = -1;
      else if (v >= 0) v = v * 10 + Number(s[i]);
      i++;
    }
    return v;
  };
  let min = int();
  if (min === null || i >= s.length) return null;
  let max: number;
  if (s[i] !== ',') max = min;
  else {
    i++;
    if (i >= s.length) return null;
    if (s[i] === '}') max = -1;
    else {
      const m = int();
      if (m === null) return null;
      max = m;
      if (max < 0) min = -1;
    }
  }
  if (i >= s.length || s[i] !== '}') return null;
  return { min, max, end: i + 1 };
}

function unhex(c: string | undefined): number {
  return c !== undefined && /^[0-9A-Fa-f]$/.test(c) ? parseInt(c, 16) : -1;
}

/** An escape at s[start] === '\\' that stands for one character. */
function parseEscape(s: string, start: number): { value: number; next: number } {
  let k = start + 1;
  if (k >= s.length) throw new GoRegexpError('trailing backslash at end of expression', '');
  const cp = s.codePointAt(k)!;
  const c = String.fromCodePoint(cp);
  k += c.length;
  const invalid = (): never => {
    throw new GoRegexpError('invalid escape sequence', s.slice(start, k));
  };
  if (cp < 0x80 && !/[A-Za-z0-9]/.test(c)) return { value: cp, next: k };
  if (c >= '1' && c <= '7') {
    if (k >= s.length || s[k]! < '0' || s[k]! > '7') invalid();
  }
  if (c >= '0' && c <= '7') {
    let r = cp - 48;
    for (let x = 1; x < 3; x++) {
      if (k >= s.length || s[k]! < '0' || s[k]! > '7') break;
      r = r * 8 + (s.charCodeAt(k) - 48);
      k++;
    }
    return { value: r, next: k };
  }
  if (c === 'x') {
    if (k >= s.length) invalid();
    const c2 = s[k]!;
    k++;
    if (c2 === '{') {
      let nhex = 0;
      let r = 0;
      for (;;) {
        if (k >= s.length) invalid();
        const c3 = s[k]!;
        k++;
        if (c3 === '}') break;
        const v = unhex(c3);
        if (v < 0) invalid();
        r = r * 16 + v;
        if (r > 0x10ffff) invalid();
        nhex++;
      }
      if (nhex === 0) invalid();
      return { value: r, next: k };
    }
    const x = unhex(c2);
    const c3 = s[k];
    if (k < s.length) k++;
    const y = unhex(c3);
    if (x < 0 || y < 0) invalid();
    return { value: x * 16 + y, next: k };
  }
  const simple: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
  if (c in simple) return { value: simple[c]!, next: k };
  return invalid();
}

/** `\pN`, `\p{Greek}`, `\P{^Han}` at s[start]; returns the index after it. */
function parseUnicodeClass(s: string, start: number): number {
  const k = start + 2;
  let seq: string;
  let name: string;
  let next: number;
  if (s[k] !== '{') {
    const len = k < s.length ? ((s.codePointAt(k) ?? 0) > 0xffff ? 2 : 1) : 0;
    seq = s.slice(start, k + len);
    name = seq.slice(2);
    next = k + len;
  } else {
    const end = s.indexOf('}', start);
    if (end < 0) throw new GoRegexpError('invalid character class range', s.slice(start));
    seq = s.slice(start, end + 1);
    name = s.slice(start + 3, end);
    next = end + 1;
  }
  if (name.startsWith('^')) name = name.slice(1);
  if (!isUnicodeTable(name)) throw new GoRegexpError('invalid character class range', seq);
  return next;
}

/** A character class at s[start] === '['; returns the index after its `]`. */
function parseClass(s: string, start: number): number {
  const whole = s.slice(start);
  let j = start + 1;
  if (s[j] === '^') j++;
  let first = true;
  const classChar = (at: number): { value: number; next: number } => {
    if (at >= s.length) throw new GoRegexpError('missing closing ]', whole);
    if (s[at] === '\\') return parseEscape(s, at);
    const cp = s.codePointAt(at)!;
    return { value: cp, next: at + (cp > 0xffff ? 2 : 1) };
  };
  while (j >= s.length || s[j] !== ']' || first) {
    first = false;
    if (s.length - j > 2 && s[j] === '[' && s[j + 1] === ':') {
      const end = s.indexOf(':]', j + 2);
      if (end >= 0) {
        const name = s.slice(j, end + 2);
        if (!POSIX_CLASSES.has(name)) throw new GoRegexpError('invalid character class range', name);
        j = end + 2;
        continue;
      }
    }
    if (s[j] === '\\' && (s[j + 1] === 'p' || s[j + 1] === 'P')) {
      j = parseUnicodeClass(s, j);
      continue;
    }
    if (s[j] === '\\' && s[j + 1] !== undefined && 'dDsSwW'.includes(s[j + 1]!)) {
      j += 2;
      continue;
    }
    const rangeStart = j;
    const lo = classChar(j);
    j = lo.next;
    if (s.length - j >= 2 && s[j] === '-' && s[j + 1] !== ']') {
      const hi = classChar(j + 1);
      j = hi.next;
      if (hi.value < lo.value) throw new GoRegexpError('invalid character class range', s.slice(rangeStart, j));
    }
  }
  return j + 1;
}
