/*
 * The part of Go's text/template that HostnameGenerator templates use: `{{ .Field }}`, `{{ label "key" }}`,
 * string literals, comments and trim markers. It reports what Go reports for the errors Kuma's validator
 * surfaces (lexer errors, unknown functions, missing operands, unknown fields at execution) and renders with
 * stub values. Anything beyond that subset (if/range/with, pipelines, variables, numbers, parentheses) is
 * reported as `unsupported`, and the caller then accepts the template rather than guess.
 */

export type TemplateResult =
  | { kind: 'ok'; rendered: string }
  | { kind: 'parse-error'; message: string }
  | { kind: 'exec-error'; message: string }
  | { kind: 'unsupported' };

const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'nil', 'template', 'with', 'true', 'false']);
const BUILTINS = new Set(['and', 'call', 'html', 'index', 'slice', 'js', 'len', 'not', 'or', 'print', 'printf', 'println', 'urlquery', 'eq', 'ge', 'gt', 'le', 'lt', 'ne']);

type Tok =
  | { t: 'field'; val: string; pos: number }
  | { t: 'ident'; val: string; pos: number }
  | { t: 'string'; val: string; pos: number }
  | { t: 'char'; val: string; pos: number }
  | { t: 'other'; pos: number };

class Fail {
  constructor(readonly result: TemplateResult) {}
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string) => c === '_' || /^[\p{L}\p{Nd}]$/u.test(c);

/** Go's %#U of a rune. */
function goRuneU(cp: number): string {
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  const ch = String.fromCodePoint(cp);
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch) ? `U+${hex} '${ch}'` : `U+${hex}`;
}

/** Parse, then execute `text` with `fields` as the data and `funcs` as string-returning one-argument functions. */
export function runGoTemplate(text: string, fields: Record<string, string>, funcs: Record<string, string>, dataType: string): TemplateResult {
  try {
    return { kind: 'ok', rendered: run(text, fields, funcs, dataType) };
  } catch (e) {
    if (e instanceof Fail) return e.result;
    throw e;
  }
}

function run(text: string, fields: Record<string, string>, funcs: Record<string, string>, dataType: string): string {
  const lineOf = (pos: number) => 1 + (text.slice(0, pos).match(/\n/g)?.length ?? 0);
  function parseError(pos: number, msg: string): never {
    throw new Fail({ kind: 'parse-error', message: `template: :${lineOf(pos)}: ${msg}` });
  }
  function unsupported(): never {
    throw new Fail({ kind: 'unsupported' });
  }

  // Output pieces: literal text (already trimmed) or the index of an action.
  let out = '';
  let pos = 0;
  let trimNextText = false;
  const actions: Array<() => string> = [];
  const pieces: Array<string | number> = [];

  while (pos <= text.length) {
    const open = text.indexOf('{{', pos);
    let chunk = open < 0 ? text.slice(pos) : text.slice(pos, open);
    if (trimNextText) chunk = chunk.replace(/^[ \t\r\n]+/, '');
    trimNextText = false;
    if (open < 0) {
      pieces.push(chunk);
      break;
    }
    let i = open + 2;
    if (text[i] === '-' && isSpace(text[i + 1])) {
      chunk = chunk.replace(/[ \t\r\n]+$/, '');
      i += 2;
    }
    pieces.push(chunk);

    const atRightDelim = (k: number): { end: number; trim: boolean } | null => {
      if (isSpace(text[k]) && text[k + 1] === '-' && text.startsWith('}}', k + 2)) return { end: k + 4, trim: true };
      if (text.startsWith('}}', k)) return { end: k + 2, trim: false };
      return null;
    };

    // comment
    if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) parseError(open, 'unclosed comment');
      const rd = atRightDelim(close + 2);
      if (!rd) parseError(open, 'comment ends before closing delimiter');
      trimNextText = rd!.trim;
      pos = rd!.end;
      continue;
    }

    /** A lexer error, as the parser reports it: with where the action started when that is another line. */
    function lexError(pos: number, msg: string): never {
      const startLine = lineOf(open);
      if (startLine === lineOf(pos)) return parseError(pos, msg);
      const extra = msg.endsWith(' action') ? ` started at :${startLine}` : ` in action started at :${startLine}`;
      return parseError(pos, msg + extra);
    }

    // lex the action; the parser takes each token as it comes, so its errors are raised in token order
    const toks: Tok[] = [];
    const push = (tok: Tok): void => {
      const first = toks.length === 0;
      if (tok.t === 'char') parseError(tok.pos, `unexpected ${JSON.stringify(tok.val)} in ${first ? 'command' : 'operand'}`);
      if (tok.t === 'ident') {
        if (KEYWORDS.has(tok.val)) unsupported();
        if (!BUILTINS.has(tok.val) && !Object.hasOwn(funcs, tok.val)) parseError(tok.pos, `function ${JSON.stringify(tok.val)} not defined`);
      }
      toks.push(tok);
    };
    let k = i;
    let end: { end: number; trim: boolean } | null = null;
    const atTerminator = (p: number) => {
      const c = text[p];
      return c === undefined || isSpace(c) || '.,|:)('.includes(c) || text.startsWith('}}', p);
    };
    function badChar(p: number, start: number): never {
      return lexError(start, `bad character ${goRuneU(text.codePointAt(p)!)}`);
    }
    for (;;) {
      const rd = atRightDelim(k);
      if (rd) {
        end = rd;
        break;
      }
      const c = text[k];
      if (c === undefined) lexError(k, 'unclosed action');
      if (isSpace(c)) {
        k++;
        continue;
      }
      const start = k;
      if (c === '.' && !(text[k + 1]! >= '0' && text[k + 1]! <= '9')) {
        k++;
        if (atTerminator(k)) {
          push({ t: 'other', pos: start }); // the dot itself
          continue;
        }
        while (k < text.length && isAlnum(String.fromCodePoint(text.codePointAt(k)!))) k += text.codePointAt(k)! > 0xffff ? 2 : 1;
        if (!atTerminator(k)) badChar(k, start);
        push({ t: 'field', val: text.slice(start + 1, k), pos: start });
        continue;
      }
      if (isAlnum(String.fromCodePoint(text.codePointAt(k)!)) && !(c >= '0' && c <= '9')) {
        while (k < text.length && isAlnum(String.fromCodePoint(text.codePointAt(k)!))) k += text.codePointAt(k)! > 0xffff ? 2 : 1;
        if (!atTerminator(k)) badChar(k, start);
        push({ t: 'ident', val: text.slice(start, k), pos: start });
        continue;
      }
      if (c === '"') {
        k++;
        for (;;) {
          const d = text[k];
          if (d === '\\') {
            const e = text[k + 1];
            if (e !== undefined && e !== '\n') {
              k += 2;
              continue;
            }
          }
          if (d === undefined || d === '\n' || d === '\\') lexError(start, 'unterminated quoted string');
          k++;
          if (d === '"') break;
        }
        let val: string;
        try {
          val = JSON.parse(text.slice(start, k)) as string;
        } catch {
          return unsupported();
        }
        push({ t: 'string', val, pos: start });
        continue;
      }
      if (c === '`') {
        const close = text.indexOf('`', k + 1);
        if (close < 0) lexError(start, 'unterminated raw quoted string');
        push({ t: 'string', val: text.slice(k + 1, close), pos: start });
        k = close + 1;
        continue;
      }
      if (c === ':' && text[k + 1] !== '=') lexError(start, 'expected :=');
      if (c === ')') lexError(start, 'unexpected right paren');
      if ('=:|"\'$(+-0123456789.'.includes(c)) {
        // assignments, pipes, variables, char constants, parentheses, numbers: outside the subset
        return unsupported();
      }
      const cp = text.codePointAt(k)!;
      if (cp <= 0x7f && cp >= 0x20 && cp < 0x7f) {
        push({ t: 'char', val: c, pos: start });
        k++;
        continue;
      }
      lexError(start, `unrecognized character in action: ${goRuneU(cp)}`);
    }

    // parse the action
    if (toks.length === 0) parseError(k, 'missing value for command');
    const first = toks[0]!;
    let action: () => string;
    if (toks.length === 1 && first.t === 'field') {
      const name = first.val;
      if (name.includes('.')) return unsupported();
      action = () => {
        if (!Object.hasOwn(fields, name)) {
          const line = text.slice(0, first.pos);
          const nl = line.lastIndexOf('\n');
          const col = nl < 0 ? first.pos : first.pos - (nl + 1);
          throw new Fail({
            kind: 'exec-error',
            message: `template: :${lineOf(first.pos)}:${col}: executing "" at <.${name}>: can't evaluate field ${name} in type ${dataType}`,
          });
        }
        return fields[name]!;
      };
    } else if (toks.length === 1 && first.t === 'string') {
      const v = first.val;
      action = () => v;
    } else if (toks.length === 2 && first.t === 'ident' && Object.hasOwn(funcs, first.val) && (toks[1]!.t === 'string' || toks[1]!.t === 'field')) {
      const second = toks[1]!;
      if (second.t === 'field' && (second.val.includes('.') || !Object.hasOwn(fields, second.val))) return unsupported();
      const v = funcs[first.val]!;
      action = () => v;
    } else {
      return unsupported();
    }
    pieces.push(actions.length);
    actions.push(action);
    trimNextText = end!.trim;
    pos = end!.end;
  }

  // execute
  for (const p of pieces) out += typeof p === 'number' ? actions[p]!() : p;
  return out;
}
