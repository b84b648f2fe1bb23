/**
 * The parse errors of Go's text/template that a hand-written template commonly hits, with Go's texts
 * (`template: <name>:<line>: ...`): an action left open, an empty command, a function that is not
 * defined, and a pipeline stage that cannot be executed (`{{ .A | 1 }}`). Anything else parses: this is
 * never stricter than Go, only less complete.
 */

const BUILTINS = ['and', 'call', 'html', 'index', 'slice', 'js', 'len', 'not', 'or', 'print', 'printf', 'println', 'urlquery', 'eq', 'ge', 'gt', 'le', 'lt', 'ne'];
const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue']);

/** Go's parse error for `text`, or null when it parses (as far as this check goes). */
export function goTemplateParseError(text: string, funcs: readonly string[] = [], name = ''): string | null {
  const known = new Set([...BUILTINS, ...funcs]);
  let pos = 0;
  for (;;) {
    const open = text.indexOf('{{', pos);
    if (open < 0) return null;
    const line = 1 + countNewlines(text.slice(0, open));
    const fail = (msg: string) => `template: ${name}:${line}: ${msg}`;
    let start = open + 2;
    if (text.startsWith('- ', start) || text.startsWith('-\t', start) || text.startsWith('-\n', start)) start += 1;
    // a comment runs to */ and must close right there
    const afterSpace = start + (text.slice(start).match(/^\s*/)?.[0].length ?? 0);
    if (text.startsWith('/*', afterSpace)) {
      const end = text.indexOf('*/', afterSpace + 2);
      if (end < 0) return fail('unclosed comment');
      const close = text.slice(end + 2).match(/^\s*-?\}\}/);
      if (!close) return fail('comment ends before closing delimiter');
      pos = end + 2 + close[0].length;
      continue;
    }
    const scanned = scanAction(text, start);
    if (scanned === null) return fail('unclosed action');
    const { tokens, end } = scanned;
    pos = end;
    const error = checkAction(tokens, known);
    if (error) return fail(error);
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (const c of s) if (c === '\n') n++;
  return n;
}

type Token = { kind: 'pipe' | 'lparen' | 'rparen' | 'operand' | 'ident' | 'keyword' | 'assign'; text: string; executable: boolean };

/** Tokens of one action up to its closing `}}` (or ` -}}`); null when it never closes. */
function scanAction(text: string, from: number): { tokens: Token[]; end: number } | null {
  const tokens: Token[] = [];
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (text.startsWith('}}', i)) return { tokens, end: i + 2 };
    if ((c === ' ' || c === '\t' || c === '\r' || c === '\n') && text.startsWith('-}}', i + 1)) return { tokens, end: i + 4 };
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c === '|') {
      tokens.push({ kind: 'pipe', text: c, executable: false });
      i++;
    } else if (c === '(') {
      tokens.push({ kind: 'lparen', text: c, executable: true });
      i++;
    } else if (c === ')') {
      tokens.push({ kind: 'rparen', text: c, executable: false });
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) return null;
      tokens.push({ kind: 'operand', text: text.slice(i, j + 1), executable: false });
      i = j + 1;
    } else if (c === '`') {
      const j = text.indexOf('`', i + 1);
      if (j < 0) return null;
      tokens.push({ kind: 'operand', text: text.slice(i, j + 1), executable: false });
      i = j + 1;
    } else if (c === ':' && text[i + 1] === '=') {
      tokens.push({ kind: 'assign', text: ':=', executable: false });
      i += 2;
    } else if (c === '=') {
      tokens.push({ kind: 'assign', text: '=', executable: false });
      i++;
    } else {
      const m = /^[^\s|()"'`}=:]+/.exec(text.slice(i));
      const word = m ? m[0] : c;
      i += word.length;
      if (word === '.') tokens.push({ kind: 'operand', text: word, executable: false }); // dot: not executable in a later stage
      else if (word.startsWith('.') || word.startsWith('$')) tokens.push({ kind: 'operand', text: word, executable: true });
      else if (/^[-+]?[0-9.]/.test(word) || word === 'true' || word === 'false' || word === 'nil') tokens.push({ kind: 'operand', text: word, executable: false });
      else if (KEYWORDS.has(word)) tokens.push({ kind: 'keyword', text: word, executable: false });
      else tokens.push({ kind: 'ident', text: word.split('.')[0]!, executable: true });
    }
  }
  return null;
}

/** Undefined functions in order of appearance, then the pipeline stage rules (outside parentheses). */
function checkAction(tokens: Token[], known: Set<string>): string | null {
  for (const t of tokens) if (t.kind === 'ident' && !known.has(t.text)) return `function ${JSON.stringify(t.text)} not defined`;
  let body = tokens;
  if (body[0]?.kind === 'keyword') {
    const kw = body[0].text;
    if (kw === 'end' || kw === 'else' || kw === 'break' || kw === 'continue' || kw === 'define' || kw === 'template' || kw === 'block') return null;
    body = body.slice(1);
  }
  const assign = body.findIndex((t) => t.kind === 'assign');
  if (assign >= 0) body = body.slice(assign + 1);
  // split on top-level pipes
  const commands: Token[][] = [[]];
  let depth = 0;
  for (const t of body) {
    if (t.kind === 'lparen') depth++;
    if (t.kind === 'rparen') depth--;
    if (t.kind === 'pipe' && depth === 0) commands.push([]);
    else commands[commands.length - 1]!.push(t);
  }
  if (commands.some((c) => c.length === 0)) return 'missing value for command';
  for (let i = 1; i < commands.length; i++) {
    if (!commands[i]![0]!.executable) return `non executable command in pipeline stage ${i + 1}`;
  }
  return null;
}
