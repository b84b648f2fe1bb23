import type { Document, Node as YamlNode, Pair, YAMLMap } from 'yaml';
import { yamlModule } from '../lazy-yaml.js';
import type { DocPath, Strictness } from '../validation/types.js';
import type { Source } from './read.js';

const { parseAllDocuments, LineCounter, Parser, isMap, isSeq, isPair, isScalar, isAlias, isNode } = yamlModule();

export interface Position {
  line: number;
  column: number;
}

/** A problem found while reading or parsing, before any resource exists. */
export interface ParseProblem {
  file: string;
  line: number;
  column: number;
  /** Absent: an error. A warning is YAML read as kumactl reads it, under `--validate warn`. */
  severity?: 'warning';
  message: string;
}

export interface ParseOptions {
  /**
   * What kumactl's YAML reader (go-yaml) accepts beyond YAML 1.2: duplicate keys (the last wins) and
   * quoted strings continued on lines not indented past their key. `strict` (default) refuses them,
   * `warn` reads them with a warning, `ignore` reads them silently.
   */
  strictness?: Strictness;
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
  /**
   * The same answers without holding the document's parse tree (what a resource keeps after
   * validation): it may parse the source again when called.
   */
  relocate(path: DocPath): Position;
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
const DEEP_MESSAGE = `nesting deeper than this tool reads (more than about ${MAX_DEPTH} levels)`;

/** Parse every source into documents; syntax errors become problems with their positions. */
export function parseSources(sources: readonly Source[], options: ParseOptions = {}): ParseResult {
  const documents: ManifestDocument[] = [];
  const problems: ParseProblem[] = [];
  let marks: [number, number] = [0, 0];
  streamSources(sources, options, {
    document: (doc) => documents.push(doc),
    problem: (p) => problems.push(p),
    mark: () => (marks = [documents.length, problems.length]),
    rollback: () => {
      documents.length = marks[0];
      problems.length = marks[1];
    },
  });
  return { documents, problems };
}

/**
 * Where parsed documents and problems go as they are found. A source is read one document at a time
 * (its parse tree can go once the document is handled); when it turns out to need another reading
 * (a quoted string go-yaml reads across lines, a parser failure), what it gave so far is taken back
 * (`rollback` to the last `mark`) and it is read again as a whole.
 */
export interface DocumentSink {
  document(doc: ManifestDocument): void;
  problem(problem: ParseProblem): void;
  /** Called before each source: remember how much there is. */
  mark(): void;
  /** Forget what came since the last mark. */
  rollback(): void;
}

/** Parse every source, handing each document to `sink` as soon as it is read. */
export function streamSources(sources: readonly Source[], options: ParseOptions, sink: DocumentSink): void {
  const strictness = options.strictness ?? 'strict';
  const counter: Counter = { next: 0, deep: new Set() };
  for (const source of sources) {
    if (source.problem !== undefined) {
      sink.problem({ file: source.name, line: 1, column: 1, message: source.problem });
      continue;
    }
    sink.mark();
    const start = counter.next;
    if (streamOne(source, sink, strictness, counter)) continue;
    sink.rollback();
    counter.next = start;
    parseOne(source, sink, strictness, counter);
  }
}

/** The next document's index, and the inputs whose parser ran out of stack (said once each). */
interface Counter {
  next: number;
  deep: Set<string>;
}

const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: false, merge: true, strict: true } as const;

/**
 * The common case, one document at a time: false (with part of the source handed over, to be taken
 * back) when the source must be read as a whole instead: a document with an unclosed quote (go-yaml
 * may read it), or a parser failure (reported as parseOne reports it).
 */
function streamOne(source: Source, sink: DocumentSink, strictness: Strictness, counter: Counter): boolean {
  // deep nesting is parseOne's: the parser runs out of stack, which it turns into a problem
  if (findExcessiveDepth(source.text) !== undefined || hasCompactNesting(source.text)) return false;
  const { Composer } = yamlModule();
  const lineCounter = new LineCounter();
  const pos = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const docs = new Composer(YAML_OPTIONS).compose(new Parser(lineCounter.addNewLine).parse(source.text));
  let ordinal = 0;
  for (;;) {
    let next: IteratorResult<Document.Parsed>;
    try {
      next = docs.next() as IteratorResult<Document.Parsed>;
    } catch {
      return false;
    }
    if (next.done) break;
    const doc = next.value;
    // go-yaml may read an unclosed quote; a parser out of stack is said once per input: parseOne's work
    if (doc.errors.some((e) => isUnclosedQuote(e) || yamlMessage(e.code, e.message) === DEEP_MESSAGE)) return false;
    const at = ordinal++;
    handleDocument(doc, source, source.text, pos, sink, strictness, counter, (prefix) => relocator(source, at, prefix, pos));
  }
  if (ordinal === 0 && /^%/m.test(source.text)) return false; // a directive without a document: parseOne says so
  return true;
}

function parseOne(source: Source, sink: DocumentSink, strictness: Strictness, counter: Counter): void {
  let lineCounter = new LineCounter();
  /** Lines of the text parsed that start with spaces the input does not have (see relaxQuotedScalars). */
  let shifted: ReadonlyMap<number, number> | undefined;
  const pos = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    const shift = shifted?.get(p.line);
    return { line: p.line, column: shift === undefined ? p.col : Math.max(1, p.col - shift) };
  };
  const depthProblem = findExcessiveDepth(source.text);
  if (depthProblem !== undefined) {
    // the line counter fills in only while parsing, so count lines here
    const before = source.text.slice(0, depthProblem);
    const line = before.split('\n').length;
    const column = depthProblem - before.lastIndexOf('\n');
    sink.problem({ file: source.name, line, column, message: `nesting deeper than ${MAX_DEPTH} levels` });
    return;
  }
  let docs: Document.Parsed[];
  let text = source.text;
  /** Quoted strings read as kumactl reads them, each with the line that YAML 1.2 refuses. */
  let relaxed: RelaxedScalar[] = [];
  try {
    // Duplicate keys are found by checkTree: the parser's own check compares every key with every other.
    // Merge keys (`<<: *base`) are read as kumactl's YAML reader reads them.
    docs = parseAll(text, lineCounter);
    if (docs.some((d) => d.errors.some(isUnclosedQuote))) {
      // go-yaml lets a quoted string continue on lines indented no deeper than its key: read it so,
      // from a copy of the text with those lines indented further (the string's value is the same)
      const relax = relaxQuotedScalars(text);
      if (relax) {
        const counter = new LineCounter();
        const again = parseAll(relax.text, counter);
        if (!again.some((d) => d.errors.some(isUnclosedQuote))) {
          docs = again;
          text = relax.text;
          lineCounter = counter;
          shifted = relax.shifted;
          relaxed = relax.scalars;
        }
      }
    }
  } catch (err) {
    const deep = err instanceof RangeError;
    if (deep) counter.deep.add(source.name);
    sink.problem({ file: source.name, line: 1, column: 1, message: deep ? DEEP_MESSAGE : `YAML could not be parsed: ${(err as Error).message}` });
    return;
  }
  // kuma-cp reads these strings, and Kuma's own docs write them: a warning even in strict mode, which
  // adds errors only for what kuma-cp would silently read otherwise (unknown fields, YAML 1.1 booleans)
  for (const r of strictness === 'ignore' ? [] : relaxed) {
    const message = `this line continues the quoted string of line ${r.startLine} but is not indented more than its key, as YAML requires (kumactl reads it); indent it further`;
    sink.problem({ file: source.name, line: r.line, column: r.column, severity: 'warning', message });
  }
  const directive = docs.length === 0 ? /^%/m.exec(source.text) : null;
  if (directive) {
    // the parser drops a directive that no document follows; YAML requires one (`%YAML 1.2` then `---`)
    const before = source.text.slice(0, directive.index);
    sink.problem({ file: source.name, line: before.split('\n').length, column: 1, message: 'YAML syntax error: a directive must be followed by a document starting with ---' });
    return;
  }
  for (const doc of docs) {
    handleDocument(doc, source, text, pos, sink, strictness, counter, (prefix) => (path) => locate(doc, [...prefix, ...path], pos));
  }
}

/** One parsed document: its problems, or the documents it holds (itself, or the entries of an `items:` list). */
function handleDocument(
  doc: Document.Parsed,
  source: Source,
  text: string,
  pos: (offset: number) => Position,
  sink: DocumentSink,
  strictness: Strictness,
  counter: Counter,
  relocate: (prefix: DocPath) => (path: DocPath) => Position,
): void {
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const message = yamlMessage(e.code, e.message);
      // the parser may run out of stack more than once on the same deep nesting: say it once
      if (message === DEEP_MESSAGE && counter.deep.has(source.name)) continue;
      if (message === DEEP_MESSAGE) counter.deep.add(source.name);
      sink.problem({ file: source.name, ...pos(e.pos[0]), message });
    }
    return;
  }
  // a later minor version is read with a warning, as YAML says; another major version is refused
  const version = doc.warnings.map((w) => ({ w, v: /^Unsupported YAML version ((\d+)\.\d+)/.exec(w.message) })).find((x) => x.v && x.v[2] !== '1');
  if (version) {
    sink.problem({ file: source.name, ...pos(version.w.pos[0]), message: `YAML version ${version.v![1]} is not supported: write %YAML 1.2, or no directive` });
    return;
  }
  if (doc.contents === null) return; // empty or comment-only document
  const treeProblems = checkTree(doc, text);
  const fatal = treeProblems.filter((p) => !p.duplicate || strictness === 'strict');
  if (fatal.length > 0) {
    for (const p of fatal) sink.problem({ file: source.name, ...pos(p.offset), message: p.message });
    return;
  }
  // kumactl's reader keeps the last of equal keys; so does toJS
  if (strictness === 'warn') {
    for (const p of treeProblems) sink.problem({ file: source.name, ...pos(p.offset), severity: 'warning', message: `duplicate key ${p.duplicate}: kumactl keeps the last value` });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const msg = (err as Error).message;
    const message = /alias count/i.test(msg)
      ? `too many alias expansions (more than ${MAX_ALIAS_COUNT}); expand the anchors by hand`
      : `YAML could not be converted: ${msg}`;
    sink.problem({ file: source.name, ...pos(doc.range[0]), message });
    return;
  }
  if (value === null || value === undefined) return;
  const locateIn = (prefix: DocPath) => (path: DocPath) => locate(doc, [...prefix, ...path], pos);
  if (isItemsList(value)) {
    value.items.forEach((item, i) => {
      const prefix: DocPath = ['items', i];
      sink.document({ file: source.name, index: counter.next++, ...locate(doc, prefix, pos), value: item, locate: locateIn(prefix), relocate: relocate(prefix) });
    });
    return;
  }
  sink.document({ file: source.name, index: counter.next++, ...pos(contentStart(doc)), value, locate: locateIn([]), relocate: relocate([]) });
}

/**
 * A locate for a document read one at a time, that keeps no parse tree: on the first call the source
 * is parsed again as a whole (kept for the calls that follow, one source at a time).
 */
function relocator(source: Source, ordinal: number, prefix: DocPath, pos: (offset: number) => Position): (path: DocPath) => Position {
  return (path) => {
    if (reparsed?.source !== source) reparsed = { source, docs: parseAll(source.text, new LineCounter()) };
    const doc = reparsed.docs[ordinal];
    return doc ? locate(doc, [...prefix, ...path], pos) : { line: 1, column: 1 };
  };
}

let reparsed: { source: Source; docs: Document.Parsed[] } | undefined;

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

/**
 * A mapping's entries by key (the last of each, whose value is the one read), built once: locating
 * every finding stays linear.
 */
function pairByKey(map: YAMLMap): Map<string, Pair> {
  let index = keyIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) {
      if (isPair(p) && isScalar(p.key)) index.set(String(p.key.value), p as Pair);
    }
    keyIndexes.set(map, index);
  }
  return index;
}

interface TreeProblem {
  offset: number;
  message: string;
  /** Set for a duplicate key (the key as written, quoted): kumactl reads those, the last one winning. */
  duplicate?: string;
}

/**
 * One pass over a parsed document, in document order, for what the parser lets through: duplicate keys
 * (also `1` and `"1"`, which become the same key), aliases that would make a resource contain itself
 * (`&a {x: *a}`), and more aliases than anyone writes by hand (resolving each one costs the parser a
 * scan of every anchor before it).
 */
function checkTree(doc: Document.Parsed, text: string): TreeProblem[] {
  const out: TreeProblem[] = [];
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
              out.push({ offset: start, message: `duplicate key ${JSON.stringify(written)}: a key may appear only once in a mapping`, duplicate: JSON.stringify(written) });
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

/** Indicators nested on one line (`- - - x`, `? ? ? x`) more than MAX_DEPTH deep. */
function hasCompactNesting(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    // '-', '?' or ':' followed by a space: one more level
    if ((ch === 45 || ch === 63 || ch === 58) && text.charCodeAt(i + 1) === 32) {
      if (++run > MAX_DEPTH) return true;
      i++;
    } else if (ch !== 32) {
      run = 0;
    }
  }
  return false;
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
      if (/call stack/i.test(message)) return DEEP_MESSAGE;
      return `YAML syntax error: ${message.replace(/\s+/g, ' ').trim()}`;
  }
}

function parseAll(text: string, lineCounter: InstanceType<typeof LineCounter>): Document.Parsed[] {
  const docs = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter }) as Document.Parsed[] | Document.Parsed;
  return Array.isArray(docs) ? docs : [docs as unknown as Document.Parsed];
}

function isUnclosedQuote(e: { code: string; message: string }): boolean {
  return e.code === 'MISSING_CHAR' && /^Missing closing ["']quote/.test(e.message);
}

/** A quoted string that continues on a line YAML 1.2 finds not indented enough. */
interface RelaxedScalar {
  /** Offset of the opening quote, in the relaxed text. */
  offset: number;
  /** Line of the opening quote. */
  startLine: number;
  /** The first line indented too little, at its first character. */
  line: number;
  column: number;
}

/**
 * kumactl and kuma-cp read YAML with go-yaml, whose quoted strings end at the closing quote whatever the
 * indentation of the lines in between (only a `---` or `...` line ends the document first). YAML 1.2,
 * and the `yaml` package, require those lines to be indented more than the string's key. Answers the
 * text with every such line of an unclosed quoted string indented just enough, and which lines gained
 * how many spaces (by line number): leading spaces of a continuation line are not part of the string,
 * so its value is what go-yaml reads, and no line moves. Undefined when there is nothing go-yaml would read.
 */
function relaxQuotedScalars(text: string): { text: string; shifted: Map<number, number>; scalars: RelaxedScalar[] } | undefined {
  const unclosed: Array<{ offset: number; indent: number }> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const t = node as { type?: string; offset?: number; indent?: number; source?: string };
    if ((t.type === 'single-quoted-scalar' || t.type === 'double-quoted-scalar') && typeof t.source === 'string' && !isClosed(t.source)) {
      unclosed.push({ offset: t.offset!, indent: t.indent ?? 0 });
      return;
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'source' && v !== null && typeof v === 'object') visit(v);
  };
  for (const token of new Parser().parse(text)) visit(token);
  if (unclosed.length === 0) return undefined;

  const inserts: Array<{ at: number; spaces: number }> = [];
  const scalars: RelaxedScalar[] = [];
  const lineOf = (offset: number) => {
    let line = 1;
    for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    return line;
  };
  for (const { offset, indent } of unclosed) {
    const end = closingQuote(text, offset);
    if (end === undefined) continue;
    const need = indent + 1;
    /** The first character of the first line indented too little. */
    let first: number | undefined;
    for (let nl = text.indexOf('\n', offset); nl !== -1 && nl < end; nl = text.indexOf('\n', nl + 1)) {
      const start = nl + 1;
      let i = start;
      while (text[i] === ' ') i++;
      if (i - start >= need || text[i] === '\n' || text[i] === '\r') continue;
      inserts.push({ at: start, spaces: need - (i - start) });
      first ??= i;
    }
    if (first !== undefined) {
      scalars.push({ offset, startLine: lineOf(offset), line: lineOf(first), column: first - text.lastIndexOf('\n', first - 1) });
    }
  }
  if (inserts.length === 0) return undefined;
  inserts.sort((a, b) => a.at - b.at);
  let out = '';
  let from = 0;
  let added = 0;
  const shifted = new Map<number, number>();
  let line = 1;
  let scan = 0;
  for (const ins of inserts) {
    for (let i = text.indexOf('\n', scan); i !== -1 && i < ins.at; i = text.indexOf('\n', i + 1)) {
      line++;
      scan = i + 1;
    }
    out += text.slice(from, ins.at) + ' '.repeat(ins.spaces);
    from = ins.at;
    shifted.set(line, ins.spaces);
    // offsets of the opening quotes after this point move
    for (const s of scalars) if (s.offset >= ins.at + added) s.offset += ins.spaces;
    added += ins.spaces;
  }
  out += text.slice(from);
  return { text: out, shifted, scalars };
}

/** Whether a quoted scalar's source (from its opening quote) has its closing quote. */
function isClosed(source: string): boolean {
  return closingQuote(source, 0) === source.length - 1;
}

/** Where go-yaml closes the quoted string opening at `offset`; undefined when it fails (end of input, a document marker). */
function closingQuote(text: string, offset: number): number | undefined {
  const quote = text[offset];
  for (let i = offset + 1; i < text.length; i++) {
    const ch = text[i];
    if (quote === "'" && ch === "'") {
      if (text[i + 1] === "'") i++;
      else return i;
    } else if (quote === '"' && ch === '\\') {
      i++;
    } else if (quote === '"' && ch === '"') {
      return i;
    } else if (ch === '\n') {
      const marker = text.slice(i + 1, i + 4);
      if ((marker === '---' || marker === '...') && /^[\s]?$/.test(text[i + 4] ?? '')) return undefined;
    }
  }
  return undefined;
}
