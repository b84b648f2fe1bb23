// A small reader for the subset of Go that Kuma's Ginkgo validator tests use: it finds
// DescribeTable(...) and It(...) calls and gives their arguments as simple expression trees
// (string literals, composite literals with key: value elements, calls, other text).

/** Split Go source into tokens with their line numbers. */
export function tokenize(src) {
  const out = [];
  let i = 0;
  let line = 1;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === '\n') { line++; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '/' && src[i + 1] === '/') { while (i < n && src[i] !== '\n') i++; continue; }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      for (let k = i; k < end; k++) if (src[k] === '\n') line++;
      i = end + 2;
      continue;
    }
    const start = line;
    if (c === '`') {
      const end = src.indexOf('`', i + 1);
      const v = src.slice(i + 1, end);
      for (const ch of v) if (ch === '\n') line++;
      out.push({ t: 'str', v, line: start, raw: true });
      i = end + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      out.push({ t: 'str', v: JSON.parse(goQuotedToJson(src.slice(i, j + 1))), line: start });
      i = j + 1;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      while (src[j] !== "'") j += src[j] === '\\' ? 2 : 1;
      out.push({ t: 'rune', v: src.slice(i, j + 1), line: start });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < n && /[A-Za-z0-9_]/.test(src[j])) j++;
      out.push({ t: 'id', v: src.slice(i, j), line: start });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i;
      while (j < n && /[0-9A-Za-z_.]/.test(src[j])) j++;
      out.push({ t: 'num', v: src.slice(i, j), line: start });
      i = j;
      continue;
    }
    const two = src.slice(i, i + 2);
    if ([':=', '==', '!=', '&&', '||', '<-', '++', '--', '+=', '<=', '>=', '...'].includes(two) || src.slice(i, i + 3) === '...') {
      const v = src.slice(i, i + 3) === '...' ? '...' : two;
      out.push({ t: 'p', v, line: start });
      i += v.length;
      continue;
    }
    out.push({ t: 'p', v: c, line: start });
    i++;
  }
  return out;
}

function goQuotedToJson(s) {
  // Go and JSON escapes agree for what these tests use (\n, \t, \", \\, \uXXXX); \x and octal are converted.
  return s.replace(/\\x([0-9a-fA-F]{2})/g, (_, h) => `\\u00${h}`).replace(/\\([0-7]{3})/g, (_, o) => `\\u${parseInt(o, 8).toString(16).padStart(4, '0')}`);
}

const OPEN = { '(': ')', '{': '}', '[': ']' };

/** Index just past the bracket that closes the one at `i`. */
export function skipGroup(toks, i) {
  const stack = [];
  for (let k = i; k < toks.length; k++) {
    const v = toks[k].t === 'p' ? toks[k].v : null;
    if (v && OPEN[v]) stack.push(OPEN[v]);
    else if (v && (v === ')' || v === '}' || v === ']')) {
      stack.pop();
      if (stack.length === 0) return k + 1;
    }
  }
  throw new Error('unbalanced brackets');
}

/** Split the tokens inside a bracket group (from just after the opener to before the closer) on top-level commas. */
export function splitArgs(toks, from, to) {
  const args = [];
  let cur = from;
  let k = from;
  while (k < to) {
    const v = toks[k].t === 'p' ? toks[k].v : null;
    if (v && OPEN[v]) { k = skipGroup(toks, k); continue; }
    if (v === ',') { if (k > cur) args.push([cur, k]); cur = k + 1; }
    k++;
  }
  if (to > cur) args.push([cur, to]);
  return args;
}

/**
 * An expression as a tree:
 *   {kind:'str', v}                      string literal or a concatenation of them
 *   {kind:'comp', type, elems:[{key, value}]}  composite literal (key is a string or null)
 *   {kind:'call', fn, args:[expr]}
 *   {kind:'func', params, body:[from,to]}
 *   {kind:'other', text}
 * Every node has `line`.
 */
export function parseExpr(toks, from, to) {
  const line = toks[from]?.line;
  // string concatenation
  if (toks[from].t === 'str') {
    let k = from;
    let v = '';
    let ok = true;
    while (k < to) {
      if (toks[k].t !== 'str') { ok = false; break; }
      v += toks[k].v;
      k++;
      if (k < to) {
        if (toks[k].t === 'p' && toks[k].v === '+') k++;
        else { ok = false; break; }
      }
    }
    if (ok) return { kind: 'str', v, line };
  }
  if (toks[from].t === 'id' && toks[from].v === 'func') {
    let k = from + 1;
    const pEnd = skipGroup(toks, k);
    let b = pEnd;
    while (!(toks[b].t === 'p' && toks[b].v === '{')) b++;
    const bEnd = skipGroup(toks, b);
    if (bEnd === to) return { kind: 'func', params: text(toks, k + 1, pEnd - 1), body: [b + 1, bEnd - 1], line };
  }
  // selector chain then ( or {
  let k = from;
  if (toks[k].t === 'p' && toks[k].v === '&') k++;
  while (k < to && (toks[k].t === 'id' || (toks[k].t === 'p' && (toks[k].v === '.' || toks[k].v === '*' || toks[k].v === '[' || toks[k].v === ']')))) k++;
  if (k < to && toks[k].t === 'p' && (toks[k].v === '{' || toks[k].v === '(')) {
    const end = skipGroup(toks, k);
    if (end === to) {
      const head = text(toks, from, k);
      if (toks[k].v === '(') {
        return { kind: 'call', fn: head, args: splitArgs(toks, k + 1, end - 1).map(([a, b]) => parseExpr(toks, a, b)), line };
      }
      const elems = splitArgs(toks, k + 1, end - 1).map(([a, b]) => {
        if (b - a >= 2 && (toks[a].t === 'id' || toks[a].t === 'str') && toks[a + 1].t === 'p' && toks[a + 1].v === ':') {
          return { key: toks[a].v, value: parseExpr(toks, a + 2, b) };
        }
        return { key: null, value: parseExpr(toks, a, b) };
      });
      return { kind: 'comp', type: head, elems, line };
    }
  }
  return { kind: 'other', text: text(toks, from, to), line };
}

export function text(toks, from, to) {
  return toks.slice(from, to).map((t) => (t.t === 'str' ? JSON.stringify(t.v) : t.v)).join(' ');
}

/**
 * Every DescribeTable(...) in the file: {line, description, func, entries:[{name, line, args, call}]},
 * and every It(...) outside tables: {line, description}.
 */
export function readTables(src) {
  const toks = tokenize(src);
  const tables = [];
  const its = [];
  const describes = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.t !== 'id' || !(toks[i + 1]?.t === 'p' && toks[i + 1].v === '(')) continue;
    if (t.v === 'DescribeTable' || t.v === 'It' || t.v === 'Describe' || t.v === 'Context') {
      const end = skipGroup(toks, i + 1);
      const args = splitArgs(toks, i + 2, end - 1).map(([a, b]) => parseExpr(toks, a, b));
      if (t.v === 'DescribeTable') {
        const entries = [];
        for (const a of args.slice(2)) {
          if (a.kind === 'call' && /(^|\.)F?Entry$/.test(a.fn)) {
            const name = a.args[0]?.kind === 'str' ? a.args[0].v : text(toks, 0, 0);
            entries.push({ name, line: a.line, args: a.args.slice(1) });
          } else {
            entries.push({ name: null, line: a.line, other: a.kind === 'call' ? a.fn + '(...)' : a.text ?? a.kind });
          }
        }
        tables.push({
          line: t.line,
          end: toks[end - 1].line,
          description: args[0]?.kind === 'str' ? args[0].v : '',
          func: args[1],
          funcText: args[1]?.kind === 'func' ? text(toks, args[1].body[0], args[1].body[1]) : '',
          entries,
        });
        i = end - 1;
      } else if (t.v === 'It') {
        const fn = args[1];
        its.push({ line: t.line, description: args[0]?.kind === 'str' ? args[0].v : '', body: fn?.kind === 'func' ? toks.slice(fn.body[0], fn.body[1]) : [] });
      } else {
        describes.push({ line: t.line, description: args[0]?.kind === 'str' ? args[0].v : '' });
      }
    }
  }
  return { tables, its, describes, toks };
}
