import { goCompareStrings } from './sort.js';

/*
 * Go's encoding/json. Encoding: Marshal and MarshalIndent (goMarshal), string literals (goJsonString).
 * Decoding: Decoder.Decode of the first value of a text (anything after it is ignored), with Go's error
 * texts ("unexpected EOF", "invalid character 'x' looking for beginning of value", ...). Only the syntax is checked.
 */

class JsonSyntax {
  constructor(readonly message: string) {}
}

/** Go's quoteChar for scanner errors. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const q = JSON.stringify(c);
  return `'${q.slice(1, -1)}'`;
}

/** Decoder.Decode's syntax check of the first value: null when it decodes, else Go's error text. */
export function goJsonDecodeError(text: string): string | null {
  const r = scanFirstValue(text);
  return 'error' in r ? r.error : null;
}

/** Decoder.Decode of the first value: the value, or Go's error text. */
export function goJsonDecode(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const r = scanFirstValue(text);
  if ('error' in r) return { ok: false, error: r.error };
  return { ok: true, value: JSON.parse(text.slice(r.start, r.end)) as unknown };
}

function scanFirstValue(text: string): { error: string } | { start: number; end: number } {
  let i = 0;
  const n = text.length;
  const eof = (): never => {
    throw new JsonSyntax(i === 0 || /^[ \t\r\n]*$/.test(text) ? 'EOF' : 'unexpected EOF');
  };
  const invalid = (context: string): never => {
    throw new JsonSyntax(`invalid character ${quoteChar(String.fromCodePoint(text.codePointAt(i)!))} ${context}`);
  };
  const ws = () => {
    while (i < n && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (i >= n) eof();
      if (text[i] !== word[k]) invalid(`in literal ${word} (expecting ${quoteChar(word[k]!)})`);
    }
    i++;
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= n) eof();
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        i++;
        if (i >= n) eof();
        const e = text[i]!;
        if ('"\\/bfnrt'.includes(e)) {
          i++;
          continue;
        }
        if (e === 'u') {
          for (let k = 0; k < 4; k++) {
            i++;
            if (i >= n) eof();
            if (!/[0-9a-fA-F]/.test(text[i]!)) invalid('in \\u hexadecimal character escape');
          }
          i++;
          continue;
        }
        invalid('in string escape code');
      }
      if (c.charCodeAt(0) < 0x20) invalid('in string literal');
      i++;
    }
  };
  const number = () => {
    if (text[i] === '-') {
      i++;
      if (i >= n) eof();
      if (!/[0-9]/.test(text[i]!)) invalid('in numeric literal');
    }
    if (text[i] === '0') i++;
    else while (i < n && /[0-9]/.test(text[i]!)) i++;
    if (text[i] === '.') {
      i++;
      if (i >= n) eof();
      if (!/[0-9]/.test(text[i]!)) invalid('after decimal point in numeric literal');
      while (i < n && /[0-9]/.test(text[i]!)) i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (i >= n) eof();
      if (!/[0-9]/.test(text[i]!)) invalid('in exponent of numeric literal');
      while (i < n && /[0-9]/.test(text[i]!)) i++;
    }
  };
  /** At a member's key: the key string and the colon after it. */
  const objectKey = () => {
    if (text[i] !== '"') invalid('looking for beginning of object key string');
    string();
    ws();
    if (i >= n) eof();
    if (text[i] !== ':') invalid('after object key');
    i++;
  };
  /** Go's scanner refuses nesting deeper than this. */
  const MAX_DEPTH = 10000;
  // Iterative, so that deep nesting cannot exhaust the call stack.
  const value = (): void => {
    const stack: Array<'{' | '['> = [];
    for (;;) {
      // at the start of a value
      ws();
      if (i >= n) eof();
      const c = text[i]!;
      if (c === '{' || c === '[') {
        if (stack.length + 1 > MAX_DEPTH) invalid('exceeded max depth');
        i++;
        ws();
        if (i >= n) eof();
        if (text[i] === (c === '{' ? '}' : ']')) i++;
        else {
          stack.push(c);
          if (c === '{') objectKey();
          continue; // the first member's value
        }
      } else if (c === '"') string();
      else if (c === '-' || (c >= '0' && c <= '9')) number();
      else if (c === 't') literal('true');
      else if (c === 'f') literal('false');
      else if (c === 'n') literal('null');
      else invalid('looking for beginning of value');
      // after a complete value: close containers or move to the next member
      for (;;) {
        const top = stack[stack.length - 1];
        if (top === undefined) return;
        ws();
        if (i >= n) eof();
        if (text[i] === ',') {
          i++;
          if (top === '{') {
            ws();
            if (i >= n) eof();
            objectKey();
          }
          break; // the next member's value
        }
        if (text[i] === (top === '{' ? '}' : ']')) {
          i++;
          stack.pop();
          continue;
        }
        invalid(top === '{' ? 'after object key:value pair' : 'after array element');
      }
    }
  };
  ws();
  const start = i;
  try {
    value();
    return { start, end: i };
  } catch (e) {
    if (e instanceof JsonSyntax) return { error: e.message };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------
// Encoding


function isIndexKey(k: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(k) && Number(k) < 2 ** 32 - 1;
}

/** Go's encoding/json string literal (with HTML escaping on). */
export function goJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += '\\\\';
        continue;
      case 0x08:
        out += '\\b';
        continue;
      case 0x0c:
        out += '\\f';
        continue;
      case 0x0a:
        out += '\\n';
        continue;
      case 0x0d:
        out += '\\r';
        continue;
      case 0x09:
        out += '\\t';
        continue;
      case 0x3c:
        out += '\\u003c';
        continue;
      case 0x3e:
        out += '\\u003e';
        continue;
      case 0x26:
        out += '\\u0026';
        continue;
      case 0x2028:
        out += '\\u2028';
        continue;
      case 0x2029:
        out += '\\u2029';
        continue;
    }
    if (c < 0x20) {
      out += `\\u00${c.toString(16).padStart(2, '0')}`;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += s[i] ?? '';
        out += s[i + 1] ?? '';
        i++;
      } else {
        out += '\\ufffd'; // invalid UTF-8 in Go
      }
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      out += '\\ufffd';
    } else {
      out += s[i] ?? '';
    }
  }
  return `${out}"`;
}

function numberText(n: number): string {
  // Go refuses NaN/Inf; print null rather than throwing. Finite numbers: JS and Go agree (shortest
  // round-trip digits, exponent form below 1e-6 and from 1e21, `1e-7` not `1e-07`).
  if (!Number.isFinite(n)) return 'null';
  if (Object.is(n, -0)) return '-0';
  return JSON.stringify(n);
}

/** Object entries in the order they are printed (see the module comment). */
function orderedEntries(obj: Record<string, unknown>): [string, unknown][] {
  const entries = Object.entries(obj).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.some(([k]) => isIndexKey(k))) entries.sort(([a], [b]) => goCompareStrings(a, b));
  return entries;
}

function write(value: unknown, indent: string, unit: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return write((value as { toJSON: () => unknown }).toJSON(), indent, unit);
  }
  const inner = indent + unit;
  const nl = unit === '' ? '' : '\n';
  const colon = unit === '' ? ':' : ': ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => `${inner}${write(v === undefined || typeof v === 'function' ? null : v, inner, unit)}`);
    return `[${nl}${items.join(`,${nl}`)}${nl}${indent}]`;
  }
  if (typeof value === 'object') {
    const entries = orderedEntries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    const items = entries.map(([k, v]) => `${inner}${goJsonString(k)}${colon}${write(v, inner, unit)}`);
    return `{${nl}${items.join(`,${nl}`)}${nl}${indent}}`;
  }
  return 'null';
}

/**
 * Go's json.Marshal (`indentUnit` '') or json.MarshalIndent(v, "", indentUnit): HTML-safe string escaping,
 * objects in insertion order except maps with integer-like keys, which Go prints sorted (see output/json.ts).
 */
export function goMarshal(value: unknown, indentUnit = ''): string {
  return write(value, '', indentUnit);
}
