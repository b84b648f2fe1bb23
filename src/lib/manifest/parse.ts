import { parseAllDocuments, LineCounter, isMap, isSeq, isPair, isScalar, type Document, type Node as YamlNode } from 'yaml';
import type { DocPath } from '../validation/types.js';
import type { Source } from './read.js';

export interface Position {
  line: number;
  column: number;
}

/** A problem found while reading or parsing, before any resource exists. */
export interface ParseProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/**
 * One YAML document of an input (or one entry of an `items:` list): its plain value, and a way
 * back from a path inside that value to a line and column in the source.
 */
export interface ManifestDocument {
  file: string;
  /** Position among all documents read, from 0 (kumactl's `resource[N]`). */
  index: number;
  line: number;
  column: number;
  value: unknown;
  /** The position of the node at `path` (or of the deepest part of it that exists). */
  locate(path: DocPath): Position;
}

export interface ParseResult {
  documents: ManifestDocument[];
  problems: ParseProblem[];
}

/** Bound on alias expansion: a small file must not expand into gigabytes (billion laughs). */
const MAX_ALIAS_COUNT = 1000;
/** Deeper nesting than this is refused before the recursive conversion could exhaust the stack. */
const MAX_DEPTH = 200;

/** Parse every source into documents; syntax errors become problems with their positions. */
export function parseSources(sources: readonly Source[]): ParseResult {
  const documents: ManifestDocument[] = [];
  const problems: ParseProblem[] = [];
  for (const source of sources) {
    if (source.problem !== undefined) {
      problems.push({ file: source.name, line: 1, column: 1, message: source.problem });
      continue;
    }
    parseOne(source, documents, problems);
  }
  return { documents, problems };
}

function parseOne(source: Source, documents: ManifestDocument[], problems: ParseProblem[]): void {
  const lineCounter = new LineCounter();
  const pos = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const depthProblem = findExcessiveDepth(source.text);
  if (depthProblem !== undefined) {
    // the line counter fills in only while parsing, so count lines here
    const before = source.text.slice(0, depthProblem);
    const line = before.split('\n').length;
    const column = depthProblem - before.lastIndexOf('\n');
    problems.push({ file: source.name, line, column, message: `nesting deeper than ${MAX_DEPTH} levels` });
    return;
  }
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(source.text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true }) as Document.Parsed[];
  } catch (err) {
    const deep = err instanceof RangeError;
    problems.push({ file: source.name, line: 1, column: 1, message: deep ? `nesting deeper than this tool reads (more than about ${MAX_DEPTH} levels)` : `YAML could not be parsed: ${(err as Error).message}` });
    return;
  }
  if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) problems.push({ file: source.name, ...pos(e.pos[0]), message: yamlMessage(e.code, e.message, /^[^:\n]*/.exec(source.text.slice(e.pos[0], e.pos[0] + 300))?.[0] ?? "") });
      continue;
    }
    if (doc.contents === null) continue; // empty or comment-only document
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      const msg = (err as Error).message;
      const message = /alias count/i.test(msg)
        ? `too many alias expansions (more than ${MAX_ALIAS_COUNT}); expand the anchors by hand`
        : `YAML could not be converted: ${msg}`;
      problems.push({ file: source.name, ...pos(doc.range[0]), message });
      continue;
    }
    if (value === null || value === undefined) continue;
    const start = pos(contentStart(doc));
    const locateIn = (prefix: DocPath) => (path: DocPath) => locate(doc, [...prefix, ...path], pos);
    if (isItemsList(value)) {
      value.items.forEach((item, i) => {
        documents.push({ file: source.name, index: documents.length, ...locate(doc, ['items', i], pos), value: item, locate: locateIn(['items', i]) });
      });
      continue;
    }
    documents.push({ file: source.name, index: documents.length, ...start, value, locate: locateIn([]) });
  }
}

/** `get -o yaml` prints `{items: [...], next, total}`; Kubernetes prints `kind: List`. Both hold resources. */
function isItemsList(value: unknown): value is { items: unknown[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.items)) return false;
  if (typeof v.kind === 'string') return v.kind === 'List' || v.kind.endsWith('List');
  return v.type === undefined;
}

function contentStart(doc: Document.Parsed): number {
  const c = doc.contents as YamlNode | null;
  return c?.range?.[0] ?? doc.range[0];
}

/** Walk the YAML node tree along `path`; answer the deepest node reached (a map entry: its key). */
function locate(doc: Document.Parsed, path: DocPath, pos: (offset: number) => Position): Position {
  let node: unknown = doc.contents;
  let best = contentStart(doc);
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? String(p.key.value) === String(seg) : false));
      if (!pair) break;
      const key = pair.key as YamlNode;
      if (key.range) best = key.range[0];
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as YamlNode | undefined;
      if (!item) break;
      if (item.range) best = item.range[0];
      node = item;
    } else {
      break;
    }
  }
  return pos(best);
}

/** A cheap scan for bracket/indent nesting that would overflow the recursive parser. */
function findExcessiveDepth(text: string): number | undefined {
  let depth = 0;
  let inQuote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuote) {
      if (ch === '\\' && inQuote === '"') i++;
      else if (ch === inQuote) inQuote = null;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const prev = text[i - 1];
      if (prev === undefined || /[\s\[{,:]/.test(prev)) inQuote = ch;
    } else if (ch === '[' || ch === '{') {
      if (++depth > MAX_DEPTH) return i;
    } else if (ch === ']' || ch === '}') {
      depth = Math.max(0, depth - 1);
    } else if (ch === '#') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
    } else if (ch === '\n') {
      // indentation depth: two spaces or more per level
      let j = i + 1;
      while (text[j] === ' ') j++;
      if (j - i - 1 > MAX_DEPTH * 2) return j;
    }
  }
  return undefined;
}

function yamlMessage(code: string, message: string, snippet: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return `duplicate key ${JSON.stringify(snippet.trim())}: a key may appear only once in a mapping`;
    case 'TAB_AS_INDENT':
      return 'tab used for indentation; YAML indents with spaces';
    default:
      if (/call stack/i.test(message)) return `nesting deeper than this tool reads (more than about ${MAX_DEPTH} levels)`;
      return `YAML syntax error: ${message.replace(/\s+/g, ' ').trim()}`;
  }
}
