/*
 * Go's encoding/json: Decoder.Decode of the first value of a text (anything after it is ignored), with Go's error
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
