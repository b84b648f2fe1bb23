import { readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { validatorFor } from './validators.js';
import { canonicaliseDurations } from './canonical.js';
import { Loc } from './rules/loc.js';
import { closest } from '../text.js';
import { isRecord as isObj } from '../json.js';
import type { DocPath, Strictness, Violation } from './types.js';
import { typeByName } from '../resources/registry.js';

type JsonSchema = Record<string, unknown>;

const SCHEMA_DIR = new URL('../../../schemas/', import.meta.url);

const compiled = new Map<string, { validate: ValidateFunction; schema: JsonSchema } | null>();
const normalisers = new Map<string, ValidateFunction | null>();

/**
 * Where a type's schema lives: Mesh is written by hand, the rest are generated from Kuma's OpenAPI;
 * `kubernetes/<Kind>`: Kuma's Kubernetes-only kinds, generated from their CRDs.
 */
export function schemaFile(typeName: string): URL {
  if (typeName.startsWith('kubernetes/')) return new URL(`${typeName}.json`, SCHEMA_DIR);
  return typeName === 'Mesh' ? new URL('Mesh.json', SCHEMA_DIR) : new URL(`generated/${typeName}.json`, SCHEMA_DIR);
}

/** The JSON Schema of a type, or undefined when we have none. */
export function loadSchema(typeName: string): JsonSchema | undefined {
  return getCompiled(typeName)?.schema;
}

function getCompiled(typeName: string): { validate: ValidateFunction; schema: JsonSchema } | undefined {
  if (compiled.has(typeName)) return compiled.get(typeName) ?? undefined;
  let entry: { validate: ValidateFunction; schema: JsonSchema } | null = null;
  try {
    const schema = JSON.parse(readFileSync(schemaFile(typeName), 'utf8')) as JsonSchema;
    entry = { validate: validatorFor('check', typeName, schema), schema };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  compiled.set(typeName, entry);
  return entry ?? undefined;
}

/**
 * What kuma-cp does to a document it accepts: unknown fields are dropped (its decoders ignore them),
 * the schema's defaults are filled in (`mesh: default`, ...) and durations take the form kuma-cp
 * writes them back in (`1h` -> `1h0m0s`; canonical.ts). Changes `value` in place.
 */
export function normaliseForStorage(typeName: string, value: Record<string, unknown>): void {
  let fn = normalisers.get(typeName);
  if (fn === undefined) {
    const entry = getCompiled(typeName);
    fn = entry ? validatorFor('normalise', typeName, entry.schema) : null;
    normalisers.set(typeName, fn);
  }
  fn?.(value);
  canonicaliseDurations(typeName, value);
}

/** A resource with more schema problems than this gets the first ones listed and a count of the rest. */
export const MAX_SCHEMA_VIOLATIONS = 1000;

const YAML11_BOOLEAN = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|True|TRUE|False|FALSE)$/;
const YAML11_TRUE = /^(y|Y|yes|Yes|YES|on|On|ON|True|TRUE)$/;

export interface SchemaResult {
  violations: Violation[];
  /** True when the document's shape is wrong beyond unknown fields (rules are then skipped, as Kuma does). */
  shapeInvalid: boolean;
}

/**
 * Check a Universal document against its type's schema. Unknown fields are errors, warnings or
 * nothing depending on `strictness`. YAML 1.1 booleans (`yes`, `on`, ...) where a boolean belongs are
 * converted in place, as kumactl's YAML 1.1 reader does: an error in strict mode, else a warning.
 */
export function checkSchema(typeName: string, value: Record<string, unknown>, strictness: Strictness): SchemaResult {
  const entry = getCompiled(typeName);
  if (!entry) return { violations: [], shapeInvalid: false };
  // kuma-cp checks spec-wrapped types against their OpenAPI schema with kube-openapi and words the
  // errors its way (map keys as `.key`, anyOf failures); the other types' schemas stand in for Kuma's
  // decoders, and their fields are written as Kuma's validators write them (`["key"]`).
  const openapi = typeByName(typeName)?.shape === 'spec';
  let errors = run(entry.validate, value);
  // YAML 1.1 booleans (`yes`, `on`, ...) where a boolean belongs: read them as kumactl's YAML 1.1
  // reader does, so the rest of the checks see the intended value; strict mode still rejects them.
  const converted: Violation[] = [];
  for (const e of errors) {
    const v = yaml11Boolean(e, value);
    if (!v) continue;
    const meant = YAML11_TRUE.test(v.text);
    setAt(value, v.path, meant);
    converted.push({
      severity: strictness === 'strict' ? 'error' : 'warning',
      field: fieldOf(entry.schema, v.path, openapi),
      message: `"${v.text}" is a boolean only in YAML 1.1 (kumactl reads ${meant}); write ${meant}`,
      path: v.path,
    });
  }
  if (converted.length > 0) errors = run(entry.validate, value);
  const violations: Violation[] = [...converted];
  const unique = dedupe(errors, openapi);
  // every keyword but additionalProperties makes an error (toViolation)
  const shapeInvalid = unique.some((e) => e.keyword !== 'additionalProperties');
  for (const e of unique.slice(0, MAX_SCHEMA_VIOLATIONS)) {
    const v = toViolation(entry.schema, e, value, strictness, openapi);
    if (v) violations.push(v);
  }
  const rest = unique.slice(MAX_SCHEMA_VIOLATIONS).filter((e) => e.keyword !== 'additionalProperties' || strictness !== 'ignore');
  if (rest.length > 0) {
    const severity = strictness === 'strict' || rest.some((e) => e.keyword !== 'additionalProperties') ? 'error' : 'warning';
    violations.push({ severity, field: '', message: `and ${rest.length} more schema problems in this resource, not listed`, path: [] });
  }
  return { violations, shapeInvalid };
}

function run(validate: ValidateFunction, value: unknown): ErrorObject[] {
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

/**
 * if/then and anyOf produce wrapper errors next to the real ones; keep the informative ones. With
 * `openapi` (kube-openapi's way): an anyOf failure is reported first, then the first branch's type error.
 */
function dedupe(errors: ErrorObject[], openapi: boolean): ErrorObject[] {
  const out: ErrorObject[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  // an anyOf failure whose branches already reported type errors at the same place: keep one line
  const anyOfs = out.filter((o) => o.keyword === 'anyOf');
  const anyOfAt = new Set(anyOfs.map((o) => o.instancePath));
  if (!openapi) return out.filter((e) => !(e.keyword === 'type' && anyOfAt.has(e.instancePath)));
  const result: ErrorObject[] = [];
  const placed = new Set<string>();
  for (const e of out) {
    if (e.keyword === 'anyOf') continue;
    if (e.keyword === 'type' && anyOfAt.has(e.instancePath)) {
      if (placed.has(e.instancePath)) continue;
      placed.add(e.instancePath);
      result.push(anyOfs.find((a) => a.instancePath === e.instancePath)!, e);
      continue;
    }
    result.push(e);
  }
  for (const a of anyOfs) if (!placed.has(a.instancePath)) result.push(a);
  return result;
}

function yaml11Boolean(e: ErrorObject, root: unknown): { path: DocPath; text: string } | undefined {
  if (e.keyword !== 'type') return undefined;
  const expected = (e.params as { type?: string | string[] }).type;
  const types = Array.isArray(expected) ? expected : [expected];
  if (!types.includes('boolean')) return undefined;
  const path = pointerToPath(e.instancePath);
  const data = getAt(root, path);
  return typeof data === 'string' && YAML11_BOOLEAN.test(data) ? { path, text: data } : undefined;
}

function toViolation(schema: JsonSchema, e: ErrorObject, root: unknown, strictness: Strictness, openapi: boolean): Violation | undefined {
  const path = pointerToPath(e.instancePath);
  const data = getAt(root, path);
  const field = (p: DocPath) => fieldOf(schema, p, openapi);
  switch (e.keyword) {
    case 'additionalProperties': {
      if (strictness === 'ignore') return undefined;
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const full = [...path, extra];
      const known = knownProperties(schema, path);
      const near = closest(extra, known);
      const v: Violation = { severity: strictness === 'strict' ? 'error' : 'warning', field: field(full), message: `unknown field "${extra}"; Kuma ignores it`, path: full };
      return near ? { ...v, hint: didYouMean(near) } : v;
    }
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      const full = [...path, missing];
      return { severity: 'error', field: field(full), message: 'in body is required', path };
    }
    case 'type': {
      const expected = (e.params as { type: string | string[] }).type;
      const want = (Array.isArray(expected) ? expected : [expected]).filter((t) => t !== 'null');
      return { severity: 'error', field: field(path), message: `in body must be of type ${want.join(' or ')}: "${jsonType(data)}"`, path };
    }
    case 'enum':
    case 'const': {
      const allowed = e.keyword === 'enum' ? (e.params as { allowedValues: unknown[] }).allowedValues : [(e.params as { allowedValue: unknown }).allowedValue];
      const near = typeof data === 'string' ? closest(data, allowed.filter((a): a is string => typeof a === 'string')) : undefined;
      const v: Violation = { severity: 'error', field: field(path), message: `in body should be one of [${allowed.map(String).join(' ')}]`, path };
      return near ? { ...v, hint: didYouMean(near) } : v;
    }
    case 'pattern':
      return { severity: 'error', field: field(path), message: `in body should match '${(e.params as { pattern: string }).pattern}'`, path };
    case 'minLength':
      return { severity: 'error', field: field(path), message: `in body should be at least ${(e.params as { limit: number }).limit} chars long`, path };
    case 'maxLength':
      return { severity: 'error', field: field(path), message: `in body should be at most ${(e.params as { limit: number }).limit} chars long`, path };
    case 'minimum':
    case 'exclusiveMinimum':
      return { severity: 'error', field: field(path), message: `in body should be greater than ${e.keyword === 'minimum' ? 'or equal to ' : ''}${(e.params as { limit: number }).limit}`, path };
    case 'maximum':
    case 'exclusiveMaximum':
      return { severity: 'error', field: field(path), message: `in body should be less than ${e.keyword === 'maximum' ? 'or equal to ' : ''}${(e.params as { limit: number }).limit}`, path };
    case 'minItems':
      return { severity: 'error', field: field(path), message: `in body should have at least ${(e.params as { limit: number }).limit} items`, path };
    case 'maxItems':
      return { severity: 'error', field: field(path), message: `in body should have at most ${(e.params as { limit: number }).limit} items`, path };
    case 'minProperties':
      return { severity: 'error', field: field(path), message: `in body should have at least ${(e.params as { limit: number }).limit} properties`, path };
    case 'maxProperties':
      return { severity: 'error', field: field(path), message: `in body should have at most ${(e.params as { limit: number }).limit} properties`, path };
    case 'format':
      return { severity: 'error', field: field(path), message: `in body must be of type ${(e.params as { format: string }).format}: ${JSON.stringify(String(data))}`, path };
    case 'anyOf':
    case 'oneOf':
      // kube-openapi: `"<path>" must validate at least one schema (anyOf)`; the quoted path does not start
      // with `spec.`, so kuma-cp reports it with an empty field and the whole text as the reason
      if (openapi) {
        const which = e.keyword === 'anyOf' ? 'at least one schema (anyOf)' : 'one and only one schema (oneOf). Found none valid';
        return { severity: 'error', field: '', message: `${JSON.stringify(field(path))} must validate ${which}`, path };
      }
      return { severity: 'error', field: field(path), message: `in body ${e.keyword === 'oneOf' ? 'must match exactly one' : 'must match at least one'} of the allowed shapes`, path };
    default:
      return { severity: 'error', field: field(path), message: `in body ${e.message ?? 'is invalid'}`, path };
  }
}

/**
 * What Kuma's protobuf JSON decoder (jsonpb, for the flat, proto-based types) makes of `null`: a field
 * set to null is unset, as if absent; a map entry or a list item set to null holds its zero value (`""`
 * for a string, `{}` for a message), so `tags: {version: }` is a tag with an empty value, as Kuma's
 * validators then report. Inside free-form structures (google.protobuf.Struct) null stays a value.
 * Changes `value` in place.
 */
export function decodeNulls(typeName: string, value: Record<string, unknown>): void {
  if (!containsNull(value)) return; // the usual case: no schema walk at all
  const schema = getCompiled(typeName)?.schema;
  if (schema) decodeNullsAt(schema, [schema], value);
}

function decodeNullsAt(root: JsonSchema, nodes: JsonSchema[], v: unknown): void {
  const expanded = nodes.flatMap((n) => expand(root, n));
  if (Array.isArray(v)) {
    const items = expanded.flatMap((n) => (isObj(n.items) ? [n.items as JsonSchema] : []));
    if (items.length === 0) return;
    for (let i = 0; i < v.length; i++) {
      if (v[i] === null) v[i] = zeroOf(root, items);
      else decodeNullsAt(root, items, v[i]);
    }
    return;
  }
  if (!isObj(v) || expanded.length === 0) return;
  // a free-form object (Struct): its nulls are values
  if (expanded.some((n) => n.additionalProperties === true || (isObj(n.additionalProperties) && Object.keys(n.additionalProperties as JsonSchema).length === 0))) return;
  const obj = v as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    const viaProps = expanded.flatMap((n) => (isObj(n.properties) && isObj((n.properties as JsonSchema)[k]) ? [(n.properties as JsonSchema)[k] as JsonSchema] : []));
    const viaMap = viaProps.length > 0 ? [] : expanded.flatMap((n) => (isObj(n.additionalProperties) ? [n.additionalProperties as JsonSchema] : []));
    if (obj[k] === null) {
      if (viaMap.length > 0) obj[k] = zeroOf(root, viaMap);
      else delete obj[k];
    } else decodeNullsAt(root, viaProps.length > 0 ? viaProps : viaMap, obj[k]);
  }
}

function containsNull(v: unknown): boolean {
  if (v === null) return true;
  if (typeof v !== 'object') return false;
  for (const x of Object.values(v as object)) if (containsNull(x)) return true;
  return false;
}

function zeroOf(root: JsonSchema, nodes: JsonSchema[]): unknown {
  const types = nodes.flatMap((n) => expand(root, n)).flatMap((n) => (Array.isArray(n.type) ? n.type : typeof n.type === 'string' ? [n.type] : []));
  if (types.includes('string')) return '';
  if (types.includes('integer') || types.includes('number')) return 0;
  if (types.includes('boolean')) return false;
  if (types.includes('array')) return [];
  return {};
}

function didYouMean(near: string): string {
  return `did you mean "${near}"?`;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'bigint' ? 'number' : typeof v;
}

export function pointerToPath(pointer: string): DocPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

function getAt(root: unknown, path: DocPath): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

function setAt(root: unknown, path: DocPath, value: unknown): void {
  const parent = getAt(root, path.slice(0, -1));
  if (parent !== null && typeof parent === 'object') (parent as Record<string | number, unknown>)[path[path.length - 1]!] = value;
}

/**
 * Kuma's field string for a document path: object properties as `.name`, list items as `[i]` and
 * map entries as `["key"]` (with `openapi`, as kube-openapi writes them: `.key`). Which is which is
 * read off the schema.
 */
export function fieldOf(schema: JsonSchema, path: DocPath, openapi = false): string {
  let fp = Loc.root();
  let nodes: JsonSchema[] = [schema];
  for (const seg of path) {
    if (typeof seg === 'number') {
      fp = fp.i(seg);
      nodes = nodes.flatMap((n) => expand(schema, n)).flatMap((n) => (isObj(n.items) ? [n.items] : []));
      continue;
    }
    const expanded = nodes.flatMap((n) => expand(schema, n));
    const viaProps = expanded.flatMap((n) => (isObj(n.properties) && isObj((n.properties as JsonSchema)[seg]) ? [(n.properties as JsonSchema)[seg] as JsonSchema] : []));
    if (viaProps.length > 0 || expanded.length === 0) {
      fp = fp.f(seg);
      nodes = viaProps;
    } else {
      // map entries: Kuma's `["key"]`; kube-openapi joins every key with a dot
      fp = !openapi && expanded.some((n) => isObj(n.additionalProperties) || n.additionalProperties === true) ? fp.k(seg) : fp.f(seg);
      nodes = expanded.flatMap((n) => (isObj(n.additionalProperties) ? [n.additionalProperties as JsonSchema] : []));
    }
  }
  return fp.field;
}

function knownProperties(schema: JsonSchema, path: DocPath): string[] {
  let nodes: JsonSchema[] = [schema];
  for (const seg of path) {
    const expanded = nodes.flatMap((n) => expand(schema, n));
    nodes =
      typeof seg === 'number'
        ? expanded.flatMap((n) => (isObj(n.items) ? [n.items] : []))
        : expanded.flatMap((n) => {
            const props = n.properties as JsonSchema | undefined;
            if (props && isObj(props[seg])) return [props[seg] as JsonSchema];
            return isObj(n.additionalProperties) ? [n.additionalProperties as JsonSchema] : [];
          });
  }
  return [...new Set(nodes.flatMap((n) => expand(schema, n)).flatMap((n) => Object.keys((n.properties as JsonSchema | undefined) ?? {})))];
}

/** A schema node with its $ref resolved and its allOf/anyOf/oneOf/then/else branches alongside. */
function expand(root: JsonSchema, node: JsonSchema, depth = 0): JsonSchema[] {
  if (depth > 20) return [];
  const out: JsonSchema[] = [];
  if (typeof node.$ref === 'string') {
    const target = resolveRef(root, node.$ref);
    if (target) out.push(...expand(root, target, depth + 1));
  }
  out.push(node);
  for (const k of ['allOf', 'anyOf', 'oneOf']) {
    const list = node[k];
    if (Array.isArray(list)) for (const b of list) if (isObj(b)) out.push(...expand(root, b, depth + 1));
  }
  for (const k of ['then', 'else']) if (isObj(node[k])) out.push(...expand(root, node[k] as JsonSchema, depth + 1));
  return out;
}

function resolveRef(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (!ref.startsWith('#')) return undefined;
  const target = getAt(root, pointerToPath(ref.slice(1)));
  return isObj(target) ? target : undefined;
}
