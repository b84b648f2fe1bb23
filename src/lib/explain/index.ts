import { readFileSync } from 'node:fs';
import { RESOURCE_TYPES, type ResourceType } from '../resources/registry.js';
import { UsageError } from '../errors.js';
import { unknownTypeError } from '../resources/unknown-type.js';
import { closest } from '../text.js';
import { fieldDescription } from './descriptions.js';
import { DURATION_KEYWORD } from '../validation/formats.js';

/**
 * `kumactl explain TYPE[.FIELD.PATH]`: the fields of a type, read straight from our JSON Schemas
 * (no schema compilation). The walk follows `$ref`, goes through arrays (`items`) transparently, merges
 * `allOf`/`anyOf`/`oneOf`/`then`/`else` branches (fields of an `if: {type: X} then` branch are marked
 * `(when type: X)`), and enters maps (`additionalProperties`) with a `<key>` segment.
 */

type Json = Record<string, unknown>;

export interface ExplainOptions {
  recursive: boolean;
}

/** One schema that may describe a node, and the backend `type` it applies to (from an `if`/`then`). */
interface Cand {
  schema: Json;
  when?: string;
}

interface Field {
  name: string;
  cands: Cand[];
  required: boolean;
}

interface NodeInfo {
  label: string;
  enum: unknown[];
  default?: unknown;
  pattern?: string;
  format?: string;
  readOnly: boolean;
}

const SCHEMA_DIR = new URL('../../../schemas/', import.meta.url);
/** Go's time.ParseDuration syntax, as the schemas spell it. */
const GO_DURATION_PATTERN = '^[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$';
const NUMBER_FORMATS = new Set(['int32', 'int64', 'uint32', 'uint64', 'float', 'double']);
const WIDTH = 80;
const MAX_DEPTH = 25;

const schemas = new Map<string, Json | null>();

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The JSON Schema of a type, read from schemas/ (cached), or undefined when we have none. */
function loadSchema(typeName: string): Json | undefined {
  let schema = schemas.get(typeName);
  if (schema === undefined) {
    const file = typeName === 'Mesh' ? new URL('Mesh.json', SCHEMA_DIR) : new URL(`generated/${typeName}.json`, SCHEMA_DIR);
    try {
      schema = JSON.parse(readFileSync(file, 'utf8')) as Json;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      schema = null;
    }
    schemas.set(typeName, schema);
  }
  return schema ?? undefined;
}

function cliNames(t: ResourceType): string[] {
  return [t.singular, t.plural, ...t.aliases, ...t.pluralAliases];
}

/** A type by its name (`MeshTimeout`) or a CLI name (`meshtimeout`, `meshtimeouts`), case-insensitively. */
export function resolveExplainType(input: string): ResourceType {
  const lower = input.toLowerCase();
  const found = RESOURCE_TYPES.find((t) => [t.name, ...cliNames(t)].some((n) => n.toLowerCase() === lower));
  if (found) return found;
  const known = RESOURCE_TYPES.filter((t) => loadSchema(t.name)).map((t) => t.singular);
  throw unknownTypeError(input, 'explain', known);
}

// ---------------------------------------------------------------------------------------------------
// Schema walking

function deref(ref: string, root: Json): Json | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let cur: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    cur = isObj(cur) && Object.hasOwn(cur, key) ? cur[key] : undefined;
  }
  return isObj(cur) ? cur : undefined;
}

/** `if: {properties: {type: {const: builtin}}}` → `type: builtin`. */
function whenOf(cond: unknown): string | undefined {
  if (!isObj(cond) || !isObj(cond.properties)) return undefined;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(cond.properties)) {
    if (isObj(v) && 'const' in v) parts.push(`${k}: ${String(v.const)}`);
    else if (isObj(v) && Array.isArray(v.enum)) parts.push(`${k}: ${v.enum.map(String).join('|')}`);
  }
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** The schemas that together describe one node: itself, its `$ref` target and every branch. */
function expand(cands: readonly Cand[], root: Json): Cand[] {
  const out: Cand[] = [];
  const seen = new Set<Json>();
  const visit = (s: Json, when: string | undefined): void => {
    if (seen.has(s)) return;
    seen.add(s);
    out.push(when === undefined ? { schema: s } : { schema: s, when });
    if (typeof s.$ref === 'string') {
      const target = deref(s.$ref, root);
      if (target) visit(target, when);
    }
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      const branches = s[key];
      if (Array.isArray(branches)) for (const b of branches) if (isObj(b)) visit(b, when);
    }
    if (isObj(s.then)) visit(s.then, when ?? whenOf(s.if));
    if (isObj(s.else)) visit(s.else, when);
  };
  for (const c of cands) visit(c.schema, c.when);
  return out;
}

/** Like `expand`, then through arrays (`items`) down to the element schemas. */
function objectLevel(cands: readonly Cand[], root: Json): Cand[] {
  let level = expand(cands, root);
  for (let i = 0; i < 5; i++) {
    const items: Cand[] = [];
    for (const c of level) if (isObj(c.schema.items)) items.push(c.when === undefined ? { schema: c.schema.items } : { schema: c.schema.items, when: c.when });
    if (items.length === 0) break;
    level = level.filter((c) => !isObj(c.schema.items)).concat(expand(items, root));
  }
  return level;
}

function children(cands: readonly Cand[], root: Json): Map<string, Field> {
  const fields = new Map<string, Field>();
  for (const c of objectLevel(cands, root)) {
    const props = c.schema.properties;
    if (!isObj(props)) continue;
    const required = Array.isArray(c.schema.required) ? c.schema.required : [];
    for (const [name, sub] of Object.entries(props)) {
      if (!isObj(sub)) continue;
      let field = fields.get(name);
      if (!field) {
        field = { name, cands: [], required: false };
        fields.set(name, field);
      }
      field.cands.push(c.when === undefined ? { schema: sub } : { schema: sub, when: c.when });
      if (required.includes(name)) field.required = true;
    }
  }
  return new Map([...fields.entries()].sort(([a], [b]) => compareNames(a, b)));
}

/** The value schemas of a map node (`additionalProperties: {...}`), when the node has no named fields. */
function mapValues(cands: readonly Cand[], root: Json): Cand[] {
  const out: Cand[] = [];
  for (const c of objectLevel(cands, root)) {
    if (isObj(c.schema.additionalProperties)) {
      out.push(c.when === undefined ? { schema: c.schema.additionalProperties } : { schema: c.schema.additionalProperties, when: c.when });
    }
  }
  return out;
}

function compareNames(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function typesOf(t: unknown): string[] {
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  return [];
}

function kindOfValue(v: unknown): string | undefined {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return undefined;
}

/** A string pattern that only admits numbers: the string encoding of an integer or a double. */
function isNumericPattern(pattern: string): boolean {
  try {
    const re = new RegExp(pattern, 'u');
    return re.test('12') && !re.test('abc') && !re.test('12s');
  } catch {
    return false;
  }
}

/** The facts shown for a node: its type label, enum, default, pattern, format. */
function describeNode(cands: readonly Cand[], root: Json, depth = 0): NodeInfo {
  const ex = expand(cands, root).map((c) => c.schema);
  const kinds = new Set<string>();
  const enumValues: unknown[] = [];
  for (const s of ex) {
    for (const t of typesOf(s.type)) if (t !== 'null') kinds.add(t);
    const values = [...(Array.isArray(s.enum) ? s.enum : []), ...('const' in s ? [s.const] : [])];
    for (const v of values) {
      const k = kindOfValue(v);
      if (k) kinds.add(k);
      if (v !== null && !enumValues.includes(v)) enumValues.push(v);
    }
    if (isObj(s.items)) kinds.add('array');
    if (isObj(s.properties) && Object.keys(s.properties).length > 0) kinds.add('object');
  }
  // proto int64/uint32/double: `anyOf: [integer, {type: string, pattern: <digits>}]` is a number
  const stringSchemas = ex.filter((s) => typesOf(s.type).includes('string'));
  let numericString = false;
  if (kinds.has('string') && (kinds.has('integer') || kinds.has('number'))) {
    numericString = stringSchemas.length > 0 && stringSchemas.every((s) => typeof s.pattern === 'string' && isNumericPattern(s.pattern));
    if (numericString && !enumValues.some((v) => typeof v === 'string')) kinds.delete('string');
  }
  // the schemas mark every duration field, policy (metav1.Duration) and proto alike (gen-schemas.mjs)
  const isDuration = kinds.has('string') && stringSchemas.some((s) => s[DURATION_KEYWORD] !== undefined);

  const parts: string[] = [];
  if (kinds.has('string')) parts.push(isDuration ? 'duration' : 'string');
  if (kinds.has('integer')) parts.push('integer');
  if (kinds.has('number')) parts.push('number');
  if (kinds.has('boolean')) parts.push('boolean');
  let itemEnum: unknown[] = [];
  if (kinds.has('array')) {
    const items: Cand[] = [];
    for (const s of ex) if (isObj(s.items)) items.push({ schema: s.items });
    const inner = depth < MAX_DEPTH ? describeNode(items, root, depth + 1) : undefined;
    parts.push(`[]${inner?.label ?? 'any'}`);
    itemEnum = inner?.enum ?? [];
  }
  if (kinds.has('object')) {
    const hasFields = ex.some((s) => isObj(s.properties) && Object.keys(s.properties).length > 0);
    const values = hasFields ? [] : mapValues(cands, root);
    if (values.length > 0 && depth < MAX_DEPTH) parts.push(`map[string]${describeNode(values, root, depth + 1).label}`);
    else parts.push('Object');
  }

  const info: NodeInfo = {
    label: parts.length > 0 ? parts.join('|') : 'any',
    enum: enumValues.length > 0 ? enumValues : itemEnum,
    readOnly: ex.some((s) => s.readOnly === true),
  };
  const withDefault = ex.find((s) => 'default' in s);
  if (withDefault) info.default = withDefault.default;
  const pattern = ex.find(
    (s) => typeof s.pattern === 'string' && s.pattern !== GO_DURATION_PATTERN && !(numericString && isNumericPattern(s.pattern)),
  );
  if (pattern) info.pattern = pattern.pattern as string;
  const format = stringSchemas.find((s) => typeof s.format === 'string' && !NUMBER_FORMATS.has(s.format));
  if (format && kinds.has('string')) info.format = format.format as string;
  return info;
}

/** `(when type: builtin)` when every schema of the field comes from such a branch and the parent's does not. */
function whenNote(field: Field, parentWhen: string | undefined): string | undefined {
  if (field.cands.length === 0 || field.cands.some((c) => c.when === undefined)) return undefined;
  const whens = [...new Set(field.cands.map((c) => c.when!))].join(' | ');
  return whens === parentWhen ? undefined : whens;
}

// ---------------------------------------------------------------------------------------------------
// Rendering

function wrap(text: string, indent: number, width = WIDTH): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && pad.length + line.length + 1 + word.length > width) {
      lines.push(pad + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(pad + line);
  return lines;
}

function showValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function markers(info: NodeInfo, required: boolean, when: string | undefined): string {
  let out = ` <${info.label}>`;
  if (required) out += ' -required-';
  if (info.readOnly) out += ' -read-only-';
  if (when) out += ` (when ${when})`;
  return out;
}

/** ENUM / DEFAULT / PATTERN / FORMAT lines of a node. */
function facts(info: NodeInfo): [string, string][] {
  const out: [string, string][] = [];
  if (info.enum.length > 0) out.push(['ENUM', info.enum.map(showValue).join(', ')]);
  if (info.default !== undefined) out.push(['DEFAULT', showValue(info.default)]);
  if (info.pattern !== undefined) out.push(['PATTERN', info.pattern]);
  if (info.format !== undefined) out.push(['FORMAT', info.format]);
  return out;
}

/** `LABEL:    value`; a list (ENUM) is wrapped under itself, other values stay on one line. */
function header(label: string, value: string): string[] {
  const lines = label === 'ENUM' ? wrap(value, 10) : [' '.repeat(10) + value];
  const first = lines[0] ?? '';
  return [`${`${label}:`.padEnd(10)}${first.slice(10)}`, ...lines.slice(1)];
}

interface Ctx {
  type: ResourceType;
  root: Json;
  recursive: boolean;
}

function infoOf(ctx: Ctx, cands: readonly Cand[]): NodeInfo {
  return describeNode(cands, ctx.root);
}

/** The FIELDS entries below a node: one level with descriptions, or (recursive) the whole tree. */
function fieldLines(ctx: Ctx, cands: readonly Cand[], path: readonly string[], parentWhen: string | undefined, depth: number, ancestors: Set<Json>): string[] {
  const lines: string[] = [];
  const indent = 2 + depth * 2;
  const pad = ' '.repeat(indent);
  let fields = [...children(cands, ctx.root).values()];
  if (fields.length === 0) {
    // a map of objects: show the value under <key>
    const values = mapValues(cands, ctx.root);
    if (values.length > 0 && children(values, ctx.root).size > 0) fields = [{ name: '<key>', cands: values, required: false }];
  }
  for (const field of fields) {
    const fieldPath = [...path, field.name];
    const info = infoOf(ctx, field.cands);
    const when = whenNote(field, parentWhen);
    lines.push(`${pad}${field.name}${markers(info, field.required, when)}`);
    if (!ctx.recursive) {
      const description = fieldDescription(ctx.type.name, fieldPath);
      if (description !== undefined) lines.push(...wrap(description, indent + 2));
      for (const [label, value] of facts(info)) lines.push(...wrap(`${label}: ${value}`, indent + 2));
      continue;
    }
    const level = objectLevel(field.cands, ctx.root).map((c) => c.schema);
    if (depth >= MAX_DEPTH || level.some((s) => ancestors.has(s))) continue;
    const next = new Set(ancestors);
    for (const s of level) next.add(s);
    lines.push(...fieldLines(ctx, field.cands, fieldPath, when ?? parentWhen, depth + 1, next));
  }
  return lines;
}

function unknownField(ctx: Ctx, segment: string, walked: readonly string[], fields: Map<string, Field>, cands: readonly Cand[]): UsageError {
  const where = [ctx.type.name, ...walked].join('.');
  const names = [...fields.keys()];
  if (names.length === 0) {
    const info = infoOf(ctx, cands);
    return new UsageError(`field "${segment}" does not exist in ${where}: it is a <${info.label}>, which has no fields`);
  }
  const near = closest(segment, names);
  const message = `field "${segment}" does not exist in ${where}${near ? `; did you mean "${near}"?` : '.'} Fields: ${names.join(', ')}`;
  if (walked.length === 0 && segment === 'spec' && ctx.type.shape === 'flat') {
    return new UsageError(message, `${ctx.type.name} is a flat type: its fields sit at the top level, without spec (try "kumactl explain ${ctx.type.singular}").`);
  }
  return new UsageError(message);
}

/**
 * Explain a type, or a field of it. `typeArg`: type name or CLI name, any case. `path`: field names
 * (`['spec', 'to', 'default']`); array levels are passed through, `<key>` (or any key) enters a map.
 */
export function explain(typeArg: string, path: readonly string[], options: ExplainOptions): string {
  const type = resolveExplainType(typeArg);
  const root = loadSchema(type.name);
  if (!root) {
    throw new UsageError(`${type.name} has no schema to explain: it is a read-only type that the control plane computes`);
  }
  const ctx: Ctx = { type, root, recursive: options.recursive };

  let cands: Cand[] = [{ schema: root }];
  let field: Field | undefined;
  let when: string | undefined;
  const walked: string[] = [];
  for (const raw of path) {
    const segment = raw.replace(/\[\d*\]$/, '');
    if (segment === '') throw new UsageError(`empty field name in "${[typeArg, ...path].join('.')}"`);
    const fields = children(cands, root);
    let next = fields.get(segment);
    if (!next && fields.size === 0) {
      const values = mapValues(cands, root);
      if (values.length > 0) next = { name: '<key>', cands: values, required: false };
    }
    if (!next) throw unknownField(ctx, segment, walked, fields, cands);
    when = whenNote(next, when) ?? when;
    field = next;
    cands = next.cands;
    walked.push(next.name);
  }

  const lines = header('KIND', type.name);
  if (field) {
    const info = infoOf(ctx, cands);
    const note = whenNote(field, undefined);
    lines.push(...header('FIELD', `${walked.join('.')}${markers(info, field.required, note)}`));
    for (const [label, value] of facts(info)) lines.push(...header(label, value));
  }
  lines.push('', 'DESCRIPTION:');
  lines.push(...wrap(fieldDescription(type.name, walked) ?? '(no description)', 2));
  if (!field && type.deprecated) lines.push(...wrap(`Deprecated: ${type.deprecated}.`, 2));

  const ancestors = new Set(objectLevel(cands, root).map((c) => c.schema));
  const below = fieldLines(ctx, cands, walked, when, 0, ancestors);
  if (below.length > 0) lines.push('', 'FIELDS:', ...below);
  return `${lines.join('\n')}\n`;
}

/** Split `TYPE.FIELD.PATH` into the type and the field path. */
export function parseExplainTarget(target: string): { type: string; path: string[] } {
  const [type = '', ...path] = target.split('.');
  if (type === '') throw new UsageError(`missing type in "${target}": expected TYPE[.FIELD.PATH], e.g. meshtimeout.spec.to`);
  return { type, path };
}
