/**
 * The forms kuma-cp writes values back in. kuma-cp decodes every document into Go types and encodes
 * it again when it answers, so a value can come back spelled differently from how it was sent: a
 * policy's `idleTimeout: 1h` comes back as `1h0m0s`, a Mesh's `requestTimeout: 1m` as `60s`. The local
 * control plane stores what kuma-cp would return, and apply/diff compare documents in this form, so
 * the same value spelled two ways is no change.
 *
 * Which fields are durations comes from the schemas: the annotation `x-kuma-duration` ("go" for the
 * policies' metav1.Duration, "proto" for google.protobuf.Duration; see scripts/gen-schemas.mjs).
 */
import { loadSchema } from './schema.js';
import { canonicalGoDuration, canonicalProtoDuration } from '../go/time.js';
import { DURATION_KEYWORD } from './formats.js';
import { isRecord } from '../json.js';

export type DurationKind = 'go' | 'proto';

type Schema = Record<string, unknown>;

/** The parts of a schema that lead to a duration field, and nothing else. */
interface Node {
  duration?: DurationKind;
  props?: Map<string, Node>;
  items?: Node;
  /** additionalProperties: every value of a map (the keys not in `declared`) */
  values?: Node;
  declared?: Set<string>;
}

const trees = new Map<string, Node | null>();

function treeOf(typeName: string): Node | undefined {
  if (!trees.has(typeName)) {
    const schema = loadSchema(typeName);
    trees.set(typeName, schema ? (build(schema, schema, new Set()) ?? null) : null);
  }
  return trees.get(typeName) ?? undefined;
}

function resolve(root: Schema, node: Schema): Schema | undefined {
  const ref = node.$ref;
  if (typeof ref !== 'string') return node;
  const m = /^#\/definitions\/(.+)$/.exec(ref);
  const defs = root.definitions;
  const target = m && isRecord(defs) ? defs[m[1]!] : undefined;
  return isRecord(target) ? target : undefined;
}

/** The duration tree of a schema node; undefined when no duration lies below it. */
function build(root: Schema, raw: Schema, expanding: Set<Schema>): Node | undefined {
  const node = resolve(root, raw);
  if (!node || expanding.has(node)) return undefined; // a recursive definition: no duration we know of lives in one
  expanding.add(node);
  try {
    const out: Node = {};
    const kind = node[DURATION_KEYWORD];
    if (kind === 'go' || kind === 'proto') out.duration = kind;
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
      const branches = node[key];
      if (Array.isArray(branches)) for (const b of branches) if (isRecord(b)) merge(out, build(root, b, expanding));
    }
    for (const key of ['then', 'else'] as const) if (isRecord(node[key])) merge(out, build(root, node[key] as Schema, expanding));
    if (isRecord(node.items)) merge(out, { items: build(root, node.items, expanding) });
    if (isRecord(node.additionalProperties)) {
      const values = build(root, node.additionalProperties, expanding);
      if (values) merge(out, { values, declared: new Set(isRecord(node.properties) ? Object.keys(node.properties) : []) });
    }
    if (isRecord(node.properties)) {
      for (const [name, sub] of Object.entries(node.properties)) {
        if (!isRecord(sub)) continue;
        const child = build(root, sub, expanding);
        if (child) merge(out, { props: new Map([[name, child]]) });
      }
    }
    return out.duration || out.props || out.items || out.values ? out : undefined;
  } finally {
    expanding.delete(node);
  }
}

function merge(into: Node, from: Node | undefined): void {
  if (!from) return;
  if (from.duration) into.duration = from.duration;
  if (from.items) into.items = into.items ? mergedCopy(into.items, from.items) : from.items;
  if (from.values) into.values = into.values ? mergedCopy(into.values, from.values) : from.values;
  if (from.declared) into.declared = new Set([...(into.declared ?? []), ...from.declared]);
  if (from.props) {
    into.props ??= new Map();
    for (const [k, v] of from.props) {
      const have = into.props.get(k);
      into.props.set(k, have ? mergedCopy(have, v) : v);
    }
  }
}

function mergedCopy(a: Node, b: Node): Node {
  const out: Node = {};
  merge(out, a);
  merge(out, b);
  return out;
}

/** Every duration field of a type, as `spec.to[].default.idleTimeout` (`[]` an array item, `{}` a map value). */
export function durationFields(typeName: string): Array<{ path: string; kind: DurationKind }> {
  const out: Array<{ path: string; kind: DurationKind }> = [];
  const walk = (node: Node, path: string) => {
    if (node.duration) out.push({ path, kind: node.duration });
    if (node.items) walk(node.items, `${path}[]`);
    if (node.values) walk(node.values, `${path}{}`);
    for (const [k, v] of node.props ?? []) walk(v, path === '' ? k : `${path}.${k}`);
  };
  const tree = treeOf(typeName);
  if (tree) walk(tree, '');
  return out;
}

/**
 * Rewrites, in place, every duration of a resource (its Universal form) the way kuma-cp 2.14 writes it
 * back. A value Go cannot parse is left as it is (the validation reports it).
 */
export function canonicaliseDurations(typeName: string, value: Record<string, unknown>): void {
  const tree = treeOf(typeName);
  if (tree) rewrite(tree, value);
}

function childOf(node: Node, key: string): Node | undefined {
  return node.props?.get(key) ?? (node.declared?.has(key) ? undefined : node.values);
}

function rewrite(node: Node, value: unknown): unknown {
  if (node.duration && typeof value === 'string') {
    return (node.duration === 'go' ? canonicalGoDuration(value) : canonicalProtoDuration(value)) ?? value;
  }
  if (Array.isArray(value)) {
    if (node.items) for (let i = 0; i < value.length; i++) value[i] = rewrite(node.items, value[i]);
    return value;
  }
  if (isRecord(value)) {
    for (const key of Object.keys(value)) {
      const child = childOf(node, key);
      if (child) value[key] = rewrite(child, value[key]);
    }
  }
  return value;
}
