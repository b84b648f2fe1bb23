import type { Document, Node as YamlNode, Pair, YAMLMap } from 'yaml';
import { yamlModule } from '../lazy-yaml.js';
import type { DocPath } from '../validation/types.js';
import type { Source } from './read.js';

const { parseAllDocuments, LineCounter, isMap, isSeq, isPair, isScalar, isAlias, isNode } = yamlModule();

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
/**
 * Bound on the parser's work to resolve aliases, in loop steps: each alias scans every anchor and alias
 * before it, and each alias inside an anchored node makes it walk the whole document (about 10 steps a
 * node). Hand-written YAML stays far below; a crafted file would otherwise take minutes.
 */
const MAX_ALIAS_WORK = 10_000_000;
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
    // Duplicate keys are found by checkTree: the parser's own check compares every key with every other.
    // Merge keys (`<<: *base`) are read as kumactl's YAML reader reads them.
    docs = parseAllDocuments(source.text, { lineCounter, prettyErrors: false, uniqueKeys: false, merge: true, strict: true }) as Document.Parsed[];
  } catch (err) {
    const deep = err instanceof RangeError;
    problems.push({ file: source.name, line: 1, column: 1, message: deep ? `nesting deeper than this tool reads (more than about ${MAX_DEPTH} levels)` : `YAML could not be parsed: ${(err as Error).message}` });
    return;
  }
  if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  const directive = docs.length === 0 ? /^%/m.exec(source.text) : null;
  if (directive) {
    // the parser drops a directive that no document follows; YAML requires one (`%YAML 1.2` then `---`)
    const before = source.text.slice(0, directive.index);
    problems.push({ file: source.name, line: before.split('\n').length, column: 1, message: 'YAML syntax error: a directive must be followed by a document starting with ---' });
    return;
  }
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) problems.push({ file: source.name, ...pos(e.pos[0]), message: yamlMessage(e.code, e.message) });
      continue;
    }
    // a later minor version is read with a warning, as YAML says; another major version is refused
    const version = doc.warnings.map((w) => ({ w, v: /^Unsupported YAML version ((\d+)\.\d+)/.exec(w.message) })).find((x) => x.v && x.v[2] !== '1');
    if (version) {
      problems.push({ file: source.name, ...pos(version.w.pos[0]), message: `YAML version ${version.v![1]} is not supported: write %YAML 1.2, or no directive` });
      continue;
    }
    if (doc.contents === null) continue; // empty or comment-only document
    const treeProblems = checkTree(doc, source.text);
    if (treeProblems.length > 0) {
      for (const p of treeProblems) problems.push({ file: source.name, ...pos(p.offset), message: p.message });
      continue;
    }
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
      const pair = pairByKey(node).get(String(seg));
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

const keyIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

/** A mapping's entries by key (the first of each), built once: locating every finding stays linear. */
function pairByKey(map: YAMLMap): Map<string, Pair> {
  let index = keyIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) {
      if (isPair(p) && isScalar(p.key)) {
        const k = String(p.key.value);
        if (!index.has(k)) index.set(k, p as Pair);
      }
    }
    keyIndexes.set(map, index);
  }
  return index;
}

/**
 * One pass over a parsed document, in document order, for what the parser lets through: duplicate keys
 * (also `1` and `"1"`, which become the same key), aliases that would make a resource contain itself
 * (`&a {x: *a}`), and more aliases than anyone writes by hand (resolving each one costs the parser a
 * scan of every anchor before it).
 */
function checkTree(doc: Document.Parsed, text: string): Array<{ offset: number; message: string }> {
  const out: Array<{ offset: number; message: string }> = [];
  const anchors = new Map<string, unknown>();
  const open = new Set<unknown>();
  let aliases = 0;
  let anchored = 0;
  let nodes = 0;
  let openAnchored = 0;
  let aliasesInAnchored = 0;
  let firstAlias = -1;
  // explicit stack: a document may be nested as deep as the parser managed to read
  const stack: Array<{ node: unknown; exit?: true }> = [{ node: doc.contents }];
  while (stack.length > 0) {
    const { node, exit } = stack.pop()!;
    if (exit) {
      open.delete(node);
      if ((node as YamlNode).anchor) openAnchored--;
      continue;
    }
    nodes++;
    if (isAlias(node)) {
      aliases++;
      if (openAnchored > 0) aliasesInAnchored++;
      const target = anchors.get(node.source);
      const at = node.range?.[0] ?? 0;
      if (firstAlias < 0) firstAlias = at;
      if (aliases > MAX_ALIAS_COUNT) {
        out.push({ offset: at, message: `too many aliases (more than ${MAX_ALIAS_COUNT}); expand the anchors by hand` });
        break;
      }
      if (target === undefined) {
        out.push({ offset: at, message: `alias *${node.source} refers to no anchor before it (an anchor is written &${node.source} before its aliases)` });
      } else if (open.has(target)) {
        out.push({ offset: at, message: `alias *${node.source} is inside the node it refers to: a resource cannot contain itself` });
      }
      continue;
    }
    if (!isNode(node)) continue;
    if (node.anchor) {
      anchors.set(node.anchor, node);
      anchored++;
    }
    if (isMap(node) || isSeq(node)) {
      open.add(node);
      if (node.anchor) openAnchored++;
      stack.push({ node, exit: true });
      const children: unknown[] = [];
      if (isMap(node)) {
        const seen = new Set<string>();
        for (const p of node.items) {
          const key = p.key;
          if (isScalar(key)) {
            const k = key.value === null ? '' : String(key.value);
            if (seen.has(k)) {
              const start = key.range?.[0] ?? 0;
              const written = key.range ? text.slice(start, key.range[1]).trim() : k;
              out.push({ offset: start, message: `duplicate key ${JSON.stringify(written)}: a key may appear only once in a mapping` });
            }
            seen.add(k);
          }
          children.push(key, p.value);
        }
      } else {
        for (const item of node.items) children.push(item);
      }
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i] });
    }
  }
  if (out.length === 0 && aliases * (anchored + aliases) + 10 * aliasesInAnchored * nodes > MAX_ALIAS_WORK) {
    out.push({ offset: firstAlias, message: `too many anchors and aliases to resolve (${anchored} anchors, ${aliases} aliases in a document of ${nodes} nodes); expand the anchors by hand` });
  }
  return out;
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

function yamlMessage(code: string, message: string): string {
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'tab used for indentation; YAML indents with spaces';
    default:
      if (/call stack/i.test(message)) return `nesting deeper than this tool reads (more than about ${MAX_DEPTH} levels)`;
      return `YAML syntax error: ${message.replace(/\s+/g, ' ').trim()}`;
  }
}
