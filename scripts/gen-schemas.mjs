#!/usr/bin/env node
// Generates one self-contained JSON Schema (draft-07) per Kuma resource type into
// schemas/generated/<Type>.json, plus schemas/generated/index.json.
//
// Usage: node scripts/gen-schemas.mjs [reference-dir]
//   reference-dir defaults to ../shared/reference/kuma-2.14.3 (relative to the repository root) and
//   must contain openapi.yaml and protos/*.json.
//
// Sources:
//   * spec-wrapped types and Secret: components.schemas.<Type>Item of Kuma's OpenAPI document;
//   * legacy flat types (old policies, ExternalService) and Dataplane, MeshGateway, ZoneIngress,
//     ZoneEgress: the proto JSON schemas (draft-04) in protos/, converted to the proto-JSON wire
//     format that kuma-cp actually decodes (jsonpb). The OpenAPI Items of those four are generated
//     from the same protos but describe the wire format wrongly (Duration as {seconds, nanos},
//     enums without names, no quoted integers, no snake_case field names), so they are only used
//     for the envelope and as a cross-check of the field set;
//   * Zone and GlobalSecret: written here.
//
// Conventions of the output:
//   * prose (description, title, example(s), externalDocs) and every x-* keyword are dropped;
//     x-kubernetes-int-or-string becomes anyOf [integer, string]; x-kubernetes-preserve-unknown-fields
//     leaves the object open (or becomes {} when it carries no type);
//   * every object schema that declares properties, has no additionalProperties/patternProperties of
//     its own and is not preserve-unknown-fields gets additionalProperties: false ("closed"), except
//     inside anyOf/oneOf/allOf branches, which are left open;
//   * formats used: int32, int64, uint32, byte, date-time (see src/lib/validation/formats.ts);
//   * duration fields carry the annotation `x-kuma-duration`: "proto" for google.protobuf.Duration
//     (kuma-cp writes them back as seconds, `3600s`), "go" for the policies' metav1.Duration
//     (written back as Go's time.Duration.String(), `1h0m0s`). The OpenAPI document renders the
//     latter as a plain string, so they are named in GO_DURATION_FIELDS below.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REF_DIR = path.resolve(process.argv[2] ?? path.join(REPO_ROOT, '../shared/reference/kuma-2.14.3'));
const OUT_DIR = path.join(REPO_ROOT, 'schemas', 'generated');
const KUMA_VERSION = '2.14.3';

const SPEC_WRAPPED = [
  // policies
  'MeshAccessLog', 'MeshCircuitBreaker', 'MeshFaultInjection', 'MeshHTTPRoute', 'MeshHealthCheck',
  'MeshLoadBalancingStrategy', 'MeshMetric', 'MeshPassthrough', 'MeshProxyPatch', 'MeshRateLimit',
  'MeshRetry', 'MeshTCPRoute', 'MeshTLS', 'MeshTimeout', 'MeshTrace', 'MeshTrafficPermission',
  // resources
  'HostnameGenerator', 'MeshExternalService', 'MeshIdentity', 'MeshMultiZoneService',
  'MeshOpenTelemetryBackend', 'MeshService', 'MeshTrust', 'MeshZoneAddress', 'Workload',
];
// Flat types whose body comes from protos/<Type>.json and whose envelope comes from the OpenAPI Item.
const PROTO_WITH_ITEM = ['Dataplane', 'MeshGateway', 'ZoneIngress', 'ZoneEgress'];
// Legacy flat types that exist only as proto schemas; all are mesh-scoped.
const PROTO_LEGACY = [
  'CircuitBreaker', 'FaultInjection', 'HealthCheck', 'MeshGatewayRoute', 'ProxyTemplate', 'RateLimit',
  'Retry', 'Timeout', 'TrafficLog', 'TrafficPermission', 'TrafficRoute', 'TrafficTrace',
  'VirtualOutbound', 'ExternalService',
];

// ---------------------------------------------------------------------------------------------
// Shared building blocks

const PROSE = new Set(['description', 'title', 'example', 'examples', 'externalDocs', '$comment']);
const KNOWN_FORMATS = new Set(['int32', 'int64', 'uint32', 'byte', 'date-time']);

// Go time.ParseDuration syntax (what jsonpb uses for google.protobuf.Duration): an optional sign,
// then "0" or one or more <number><unit> groups. Overflow is not checked here.
const GO_DURATION_PATTERN = '^[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$';
/** The annotation that marks a duration field (read by src/lib/validation/canonical.ts). */
const DURATION_KEYWORD = 'x-kuma-duration';

// The fields of the spec-wrapped types that are metav1.Duration in Kuma 2.14.3's Go types (`*k8s.Duration`
// in pkg/plugins/policies/*/api/v1alpha1 and pkg/core/resources/apis/*/api/v1alpha1), as JSON names;
// a dotted name is matched at the end of the field path (`delay.value`, not `sni.value`).
const GO_DURATION_FIELDS = {
  MeshCircuitBreaker: ['outlierDetection.interval', 'outlierDetection.baseEjectionTime'],
  MeshFaultInjection: ['delay.value'],
  MeshHealthCheck: ['interval', 'timeout', 'initialJitter', 'intervalJitter', 'noTrafficInterval'],
  MeshIdentity: ['certificateParameters.expiry', 'agent.timeout'],
  MeshLoadBalancingStrategy: ['cookie.ttl'],
  MeshMetric: ['refreshInterval'],
  MeshRateLimit: ['requestRate.interval', 'connectionRate.interval'],
  MeshRetry: ['perTryTimeout', 'backOff.baseInterval', 'backOff.maxInterval', 'rateLimitedBackOff.maxInterval'],
  MeshTimeout: [
    'connectionTimeout', 'idleTimeout', 'http.requestTimeout', 'http.streamIdleTimeout', 'http.maxStreamDuration',
    'http.maxConnectionDuration', 'http.requestHeadersTimeout',
  ],
};

const QUOTED_INT_PATTERN = '^-?[0-9]+$';
const QUOTED_UINT_PATTERN = '^[0-9]+$';
const QUOTED_NUMBER_PATTERN = '^(-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?|NaN|-?Infinity)$';

const stats = {
  dropped: new Map(), // keyword -> count
  intOrStringAdded: 0,
  intOrStringKept: 0,
  preserveUnknown: 0,
  closed: 0,
  goDurations: 0,
  leftOpenInCombinator: 0,
  typeAdded: 0,
};
const bump = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);

const envelope = {
  type: (t) => ({ type: 'string', enum: [t] }),
  name: () => ({ type: 'string' }),
  mesh: (withDefault) => (withDefault ? { type: 'string', default: 'default' } : { type: 'string' }),
  labels: () => ({ type: 'object', additionalProperties: { type: 'string' } }),
  time: () => ({ type: 'string', format: 'date-time', readOnly: true }),
  kri: () => ({ type: 'string', readOnly: true }),
};

/** Envelope properties in Kuma's output order (type, mesh, name, creationTime, modificationTime, labels, kri). */
function envelopeProps(type, { meshScoped, meshDefault }) {
  const props = { type: envelope.type(type) };
  if (meshScoped) props.mesh = envelope.mesh(meshDefault);
  props.name = envelope.name();
  props.creationTime = envelope.time();
  props.modificationTime = envelope.time();
  props.labels = envelope.labels();
  props.kri = envelope.kri();
  return props;
}

const ENVELOPE_KEYS = new Set(['type', 'mesh', 'name', 'creationTime', 'modificationTime', 'labels', 'kri']);

function fail(msg) {
  throw new Error(`gen-schemas: ${msg}`);
}

// ---------------------------------------------------------------------------------------------
// OpenAPI (3.1, Kubernetes-flavoured) -> draft-07

export function makeOpenApiConverter(doc) {
  const components = doc.components?.schemas ?? fail('openapi.yaml has no components.schemas');

  function resolveRef(ref, stack) {
    const m = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
    if (!m) fail(`unsupported $ref ${ref}`);
    const name = m[1];
    if (stack.includes(name)) fail(`recursive $ref ${ref}`);
    const target = components[name] ?? fail(`dangling $ref ${ref}`);
    return { target, stack: [...stack, name] };
  }

  /**
   * @param node   OpenAPI schema object
   * @param where  human-readable location for error messages
   * @param inComb true when inside an anyOf/oneOf/allOf branch (objects there are left open)
   * @param stack  $ref names being expanded (cycle guard)
   */
  function convert(node, where, inComb = false, stack = []) {
    if (node === true || node === false) return node;
    if (!node || typeof node !== 'object' || Array.isArray(node)) fail(`${where}: schema is not an object`);
    if (node.$ref) {
      const { target, stack: s2 } = resolveRef(node.$ref, stack);
      const rest = { ...node };
      delete rest.$ref;
      for (const k of Object.keys(rest)) if (!PROSE.has(k)) fail(`${where}: $ref with sibling ${k}`);
      return convert(target, where, inComb, s2);
    }
    const out = {};
    let preserve = false;
    let intOrString = false;
    for (const [k, v] of Object.entries(node)) {
      if (PROSE.has(k)) {
        bump(stats.dropped, k);
        continue;
      }
      if (k.startsWith('x-')) {
        bump(stats.dropped, k);
        if (k === 'x-kubernetes-preserve-unknown-fields' && v === true) preserve = true;
        if (k === 'x-kubernetes-int-or-string' && v === true) intOrString = true;
        continue;
      }
      switch (k) {
        case 'type':
        case 'enum':
        case 'const':
        case 'required':
        case 'pattern':
        case 'minimum':
        case 'maximum':
        case 'exclusiveMinimum':
        case 'exclusiveMaximum':
        case 'multipleOf':
        case 'minLength':
        case 'maxLength':
        case 'minItems':
        case 'maxItems':
        case 'uniqueItems':
        case 'minProperties':
        case 'maxProperties':
        case 'default':
        case 'readOnly':
          out[k] = structuredClone(v);
          break;
        case 'format':
          if (!KNOWN_FORMATS.has(v)) fail(`${where}: unknown format ${v}`);
          out.format = v;
          break;
        case 'items':
          if (Array.isArray(v)) fail(`${where}: tuple items are not supported`);
          out.items = convert(v, `${where}[]`, inComb, stack);
          break;
        case 'properties':
          out.properties = {};
          for (const [p, ps] of Object.entries(v)) out.properties[p] = convert(ps, `${where}.${p}`, inComb, stack);
          break;
        case 'patternProperties':
          out.patternProperties = {};
          for (const [p, ps] of Object.entries(v)) out.patternProperties[p] = convert(ps, `${where}[/${p}/]`, inComb, stack);
          break;
        case 'additionalProperties':
          out.additionalProperties = typeof v === 'boolean' ? v : convert(v, `${where}{}`, inComb, stack);
          break;
        case 'anyOf':
        case 'oneOf':
        case 'allOf':
          out[k] = v.map((b, i) => convert(b, `${where}<${k}${i}>`, true, stack));
          break;
        case 'not':
          out.not = convert(v, `${where}<not>`, true, stack);
          break;
        default:
          fail(`${where}: unsupported keyword ${k}`);
      }
    }
    if (intOrString) {
      if (out.anyOf || out.oneOf) {
        stats.intOrStringKept++;
      } else {
        if (out.type) fail(`${where}: int-or-string with a type`);
        out.anyOf = [{ type: 'integer' }, { type: 'string' }];
        stats.intOrStringAdded++;
      }
    }
    if (preserve) {
      stats.preserveUnknown++;
      if (!out.type && !out.properties && !out.anyOf && !out.oneOf && !out.allOf) return {};
    }
    return finishObject(out, { open: preserve, inComb, where });
  }

  return convert;
}

/** Adds the implied `type: object` and closes the object when the rules say so. */
function finishObject(out, { open, inComb, where }) {
  const hasProps = out.properties !== undefined;
  if ((hasProps || out.additionalProperties !== undefined || out.patternProperties !== undefined || out.required) && !out.type) {
    if (out.anyOf || out.oneOf || out.allOf) fail(`${where}: object keywords next to a combinator without a type`);
    out.type = 'object';
    stats.typeAdded++;
  }
  if (hasProps && out.additionalProperties === undefined && out.patternProperties === undefined && !open) {
    if (inComb) {
      stats.leftOpenInCombinator++;
    } else {
      out.additionalProperties = false;
      stats.closed++;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Proto JSON schema (draft-04, protoc-gen-jsonschema style) -> proto-JSON wire format, draft-07

/** protoc's default JSON name: drop underscores, upper-case the letter that follows one. */
function protoJsonName(name) {
  let out = '';
  let up = false;
  for (const ch of name) {
    if (ch === '_') {
      up = true;
    } else if (up && ch >= 'a' && ch <= 'z') {
      out += ch.toUpperCase();
      up = false;
    } else {
      out += ch;
      up = false;
    }
  }
  return out;
}

// Fields whose proto type cannot be told from the JSON schema alone (checked against Kuma's .proto files).
const PROTO_FIELD_OVERRIDES = {
  // uint64 is rendered as a plain string schema; jsonpb accepts a number or a quoted number.
  'kuma.mesh.v1alpha1.TrafficRoute.LoadBalancer.RingHash.min_ring_size': 'uint64',
  'kuma.mesh.v1alpha1.TrafficRoute.LoadBalancer.RingHash.max_ring_size': 'uint64',
  // BytesValue wrappers: base64.
  'kuma.system.v1alpha1.DataSource.inline': 'bytes',
  'kuma.mesh.v1alpha1.HealthCheck.Conf.Tcp.send': 'bytes',
};

const protoScalar = {
  int: () => ({ anyOf: [{ type: 'integer' }, { type: 'string', pattern: QUOTED_INT_PATTERN }] }),
  uint64: () => ({ anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string', pattern: QUOTED_UINT_PATTERN }] }),
  number: () => ({ anyOf: [{ type: 'number' }, { type: 'string', pattern: QUOTED_NUMBER_PATTERN }] }),
  enum: (values) => {
    const names = values.filter((v) => typeof v === 'string');
    if (names.length === 0) fail(`enum without names: ${JSON.stringify(values)}`);
    // proto3 enums are open: any integer decodes.
    return { anyOf: [{ type: 'string', enum: names }, { type: 'integer' }] };
  },
  duration: () => ({ type: 'string', pattern: GO_DURATION_PATTERN, [DURATION_KEYWORD]: 'proto' }),
  bytes: () => ({ type: 'string', format: 'byte' }),
};

function isDurationSchema(s) {
  return s.type === 'string' && s.pattern === '^([0-9]+\\.?[0-9]*|\\.[0-9]+)s$';
}

function makeProtoConverter(file, json) {
  const defs = json.definitions ?? fail(`${file}: no definitions`);
  const used = new Set();
  const queue = [];

  function refName(ref) {
    const m = /^#\/definitions\/(.+)$/.exec(ref);
    if (!m) fail(`${file}: unsupported $ref ${ref}`);
    if (!defs[m[1]]) fail(`${file}: dangling $ref ${ref}`);
    return m[1];
  }

  function ref(name) {
    if (!used.has(name)) {
      used.add(name);
      queue.push(name);
    }
    return { $ref: `#/definitions/${name}` };
  }

  /** A field (or array item / map value) schema. */
  function field(s, where, key) {
    const override = key && PROTO_FIELD_OVERRIDES[key];
    if (override === 'uint64') {
      if (s.type !== 'string') fail(`${where}: override uint64 expects a string schema`);
      return protoScalar.uint64();
    }
    if (override === 'bytes') {
      if (s.type !== 'string') fail(`${where}: override bytes expects a string schema`);
      return protoScalar.bytes();
    }
    if (s.$ref) return ref(refName(s.$ref));
    if (s.enum) return protoScalar.enum(s.enum);
    switch (s.type) {
      case 'integer':
        return protoScalar.int();
      case 'number':
        return protoScalar.number();
      case 'boolean':
        return { type: 'boolean' };
      case 'string': {
        if (isDurationSchema(s)) return protoScalar.duration();
        if (s.title === 'Bytes Value') return protoScalar.bytes();
        const out = { type: 'string' };
        if (s.minLength !== undefined) out.minLength = s.minLength;
        if (s.maxLength !== undefined) out.maxLength = s.maxLength;
        if (s.pattern !== undefined) fail(`${where}: unexpected string pattern ${s.pattern}`);
        return out;
      }
      case 'array':
        if (!s.items) fail(`${where}: array without items`);
        return { type: 'array', items: field(s.items, `${where}[]`) };
      case 'object':
        if (s.properties) fail(`${where}: inline message`);
        if (s.additionalProperties && typeof s.additionalProperties === 'object') {
          // map<string, V>
          return { type: 'object', additionalProperties: field(s.additionalProperties, `${where}{}`) };
        }
        // google.protobuf.Struct / free-form object
        return { type: 'object' };
      default:
        fail(`${where}: unsupported field schema ${JSON.stringify(s)}`);
    }
  }

  /** Properties of a message, each under its proto name and, if different, its JSON name. */
  function messageProps(defName) {
    const d = defs[defName];
    if (d.type !== 'object') fail(`${file}: ${defName} is not an object`);
    for (const k of Object.keys(d)) {
      if (!['type', 'properties', 'additionalProperties', 'title', 'description'].includes(k)) {
        fail(`${file}: ${defName} has unsupported keyword ${k}`);
      }
    }
    if (!d.properties) return undefined;
    const props = {};
    for (const [pname, ps] of Object.entries(d.properties)) {
      const schema = field(ps, `${defName}.${pname}`, `${defName}.${pname}`);
      const jname = protoJsonName(pname);
      for (const n of pname === jname ? [pname] : [pname, jname]) {
        if (props[n]) fail(`${file}: ${defName} has two fields named ${n}`);
        props[n] = schema;
      }
    }
    return props;
  }

  function message(defName) {
    const props = messageProps(defName);
    // Empty messages have no properties and stay open, like Struct.
    if (!props) return { type: 'object' };
    return finishObject({ type: 'object', properties: props }, { open: false, inComb: false, where: defName });
  }

  /** Converts the root message; returns its properties and the referenced definitions. */
  function root(rootName) {
    const props = messageProps(rootName) ?? {};
    const definitions = {};
    while (queue.length) {
      const name = queue.shift();
      definitions[name] = message(name);
    }
    const sorted = {};
    for (const k of Object.keys(definitions).sort()) sorted[k] = definitions[k];
    return { props, definitions: sorted };
  }

  return { root };
}

// ---------------------------------------------------------------------------------------------
// Building the per-type schemas

function schemaHeader(type) {
  return { $schema: 'http://json-schema.org/draft-07/schema#', $id: `kuma:${type}` };
}

function buildSpecWrapped(type, item, convert) {
  if (!item.properties?.spec) fail(`${type}Item has no spec property`);
  const converted = convert(item, `${type}Item`);
  const itemProps = converted.properties;
  const meshScoped = 'mesh' in itemProps;
  const meshDefault = meshScoped && itemProps.mesh.default === 'default';
  const props = envelopeProps(type, { meshScoped, meshDefault });
  for (const [k, v] of Object.entries(itemProps)) {
    if (ENVELOPE_KEYS.has(k)) {
      checkEnvelope(type, k, v, props[k]);
      continue;
    }
    props[k] = v;
  }
  const required = item.required ?? fail(`${type}Item has no required`);
  return {
    ...schemaHeader(type),
    type: 'object',
    properties: props,
    required: [...required],
    additionalProperties: false,
  };
}

/**
 * Marks the metav1.Duration fields of a spec-wrapped type (GO_DURATION_FIELDS) with x-kuma-duration "go".
 * Every name must match at least one string field, and only string fields.
 */
function markGoDurations(type, schema) {
  const names = GO_DURATION_FIELDS[type];
  if (!names) return;
  const found = new Map(names.map((n) => [n, 0]));
  const visit = (node, segments) => {
    if (!node || typeof node !== 'object') return;
    for (const b of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])]) visit(b, segments);
    if (node.items) visit(node.items, segments);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') visit(node.additionalProperties, segments);
    for (const [k, v] of Object.entries(node.properties ?? {})) {
      const path = [...segments, k];
      for (const n of names) {
        const want = n.split('.');
        if (want.length > path.length || want.some((w, i) => path[path.length - want.length + i] !== w)) continue;
        if (v.type !== 'string' || v.enum) fail(`${type}: duration field ${path.join('.')} is not a plain string`);
        v[DURATION_KEYWORD] = 'go';
        found.set(n, found.get(n) + 1);
        stats.goDurations++;
      }
      visit(v, path);
    }
  };
  visit(schema.properties.spec, ['spec']);
  for (const [n, count] of found) if (count === 0) fail(`${type}: duration field ${n} not found`);
}

/** JSON text with sorted keys, for comparisons. */
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The Item's envelope property must not be stricter or looser than ours (sanity check). */
function checkEnvelope(type, key, fromItem, ours) {
  const norm = (s) => canonical({ ...s, readOnly: undefined });
  if (key === 'type' && fromItem.type === 'string' && !fromItem.enum) return; // flat Items: plain string
  if (norm(fromItem) !== norm(ours)) {
    fail(`${type}: envelope property ${key} differs: item ${JSON.stringify(fromItem)} vs ${JSON.stringify(ours)}`);
  }
}

function buildProtoFlat(type, protoJson, { meshScoped, required }) {
  const rootName = (protoJson.$ref ?? '').replace('#/definitions/', '');
  if (rootName !== type) fail(`protos/${type}.json: root is ${protoJson.$ref}`);
  const { root } = makeProtoConverter(`protos/${type}.json`, protoJson);
  const { props: body, definitions } = root(type);
  const props = envelopeProps(type, { meshScoped, meshDefault: false });
  for (const [k, v] of Object.entries(body)) {
    if (props[k]) fail(`${type}: field ${k} collides with the envelope`);
    props[k] = v;
  }
  const schema = {
    ...schemaHeader(type),
    type: 'object',
    properties: props,
    required,
    additionalProperties: false,
  };
  if (Object.keys(definitions).length) schema.definitions = definitions;
  return schema;
}

function buildSecret(item, convert) {
  const converted = convert(item, 'SecretItem');
  const props = envelopeProps('Secret', { meshScoped: true, meshDefault: false });
  for (const [k, v] of Object.entries(converted.properties)) {
    if (ENVELOPE_KEYS.has(k)) {
      checkEnvelope('Secret', k, v, props[k]);
      continue;
    }
    props[k] = v;
  }
  if (!props.data || props.data.format !== 'byte') fail('SecretItem.data is not a byte string');
  return {
    ...schemaHeader('Secret'),
    type: 'object',
    properties: props,
    required: [...item.required],
    additionalProperties: false,
  };
}

function buildGlobalSecret(secret) {
  const props = envelopeProps('GlobalSecret', { meshScoped: false });
  for (const [k, v] of Object.entries(secret.properties)) if (!ENVELOPE_KEYS.has(k)) props[k] = structuredClone(v);
  return {
    ...schemaHeader('GlobalSecret'),
    type: 'object',
    properties: props,
    required: secret.required.filter((r) => r !== 'mesh'),
    additionalProperties: false,
  };
}

function buildZone() {
  const props = envelopeProps('Zone', { meshScoped: false });
  props.enabled = { type: 'boolean' }; // google.protobuf.BoolValue: the bare boolean
  return {
    ...schemaHeader('Zone'),
    type: 'object',
    properties: props,
    required: ['type', 'name'],
    additionalProperties: false,
  };
}

// ---------------------------------------------------------------------------------------------
// Cross-check: the proto-derived field set must match the OpenAPI Item's field set.

function openApiPaths(doc, node, prefix, out, stack = []) {
  if (!node || typeof node !== 'object') return;
  if (node.$ref) {
    const name = node.$ref.split('/').pop();
    if (stack.includes(name)) return;
    return openApiPaths(doc, doc.components.schemas[name], prefix, out, [...stack, name]);
  }
  for (const b of [...(node.oneOf ?? []), ...(node.anyOf ?? []), ...(node.allOf ?? [])]) openApiPaths(doc, b, prefix, out, stack);
  if (node.items) openApiPaths(doc, node.items, `${prefix}[]`, out, stack);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    openApiPaths(doc, node.additionalProperties, `${prefix}{}`, out, stack);
  }
  for (const [k, v] of Object.entries(node.properties ?? {})) {
    const p = prefix ? `${prefix}.${k}` : k;
    out.add(p);
    openApiPaths(doc, v, p, out, stack);
  }
}

function protoPaths(schema, node, prefix, out, stack = []) {
  if (!node || typeof node !== 'object') return;
  if (node.$ref) {
    const name = node.$ref.replace('#/definitions/', '');
    if (stack.includes(name)) return;
    return protoPaths(schema, schema.definitions[name], prefix, out, [...stack, name]);
  }
  if (node.items) protoPaths(schema, node.items, `${prefix}[]`, out, stack);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    protoPaths(schema, node.additionalProperties, `${prefix}{}`, out, stack);
  }
  for (const [k, v] of Object.entries(node.properties ?? {})) {
    if (k.includes('_')) continue; // proto-name aliases; the JSON names are compared
    const p = prefix ? `${prefix}.${k}` : k;
    out.add(p);
    protoPaths(schema, v, p, out, stack);
  }
}

function crossCheck(doc, type, item, schema) {
  const a = new Set();
  const b = new Set();
  openApiPaths(doc, item, '', a);
  protoPaths(schema, schema, '', b);
  const onlyItem = [...a].filter((p) => !b.has(p));
  const onlyProto = [...b].filter((p) => !a.has(p));
  // The OpenAPI Items render Duration as {seconds, nanos} and DataSource as a oneOf of objects;
  // those sub-fields are expected to exist only there.
  // Dataplane metrics.conf is a google.protobuf.Struct on the wire (any object); the Item spells out
  // the Prometheus config it is later converted to.
  const expected = (p) => /\.(seconds|nanos)$/.test(p) || (type === 'Dataplane' && p.startsWith('metrics.conf.'));
  const unexpected = onlyItem.filter((p) => !expected(p));
  const notes = [];
  if (unexpected.length) notes.push(`only in the OpenAPI Item: ${unexpected.join(', ')}`);
  if (onlyProto.length) notes.push(`only in the proto schema: ${onlyProto.join(', ')}`);
  return notes;
}

// ---------------------------------------------------------------------------------------------

function main() {
  const openapiPath = path.join(REF_DIR, 'openapi.yaml');
  if (!fs.existsSync(openapiPath)) fail(`${openapiPath} not found (pass the reference directory as the first argument)`);
  const doc = YAML.parse(fs.readFileSync(openapiPath, 'utf8'), { maxAliasCount: -1 });
  const items = doc.components.schemas;
  const convert = makeOpenApiConverter(doc);
  const readProto = (t) => JSON.parse(fs.readFileSync(path.join(REF_DIR, 'protos', `${t}.json`), 'utf8'));

  /** @type {Map<string, {schema: object, shape: string, source: string}>} */
  const out = new Map();
  const warnings = [];

  for (const t of SPEC_WRAPPED) {
    const item = items[`${t}Item`] ?? fail(`components.schemas.${t}Item not found`);
    const schema = buildSpecWrapped(t, item, convert);
    markGoDurations(t, schema);
    out.set(t, { schema, shape: 'spec', source: `openapi.yaml#/components/schemas/${t}Item` });
  }

  for (const t of PROTO_WITH_ITEM) {
    const item = items[`${t}Item`] ?? fail(`components.schemas.${t}Item not found`);
    if (item.properties?.spec) fail(`${t}Item is unexpectedly spec-wrapped`);
    const meshScoped = 'mesh' in (item.properties ?? {});
    const required = [...(item.required ?? ['type', 'name'])];
    const schema = buildProtoFlat(t, readProto(t), { meshScoped, required });
    for (const n of crossCheck(doc, t, item, schema)) warnings.push(`${t}: ${n}`);
    out.set(t, { schema, shape: 'flat', source: `protos/${t}.json (envelope: openapi.yaml ${t}Item)` });
  }

  const secretItem = items.SecretItem ?? fail('components.schemas.SecretItem not found');
  const secret = buildSecret(secretItem, convert);
  out.set('Secret', { schema: secret, shape: 'flat', source: 'openapi.yaml#/components/schemas/SecretItem' });
  out.set('GlobalSecret', { schema: buildGlobalSecret(secret), shape: 'flat', source: 'derived from SecretItem' });
  out.set('Zone', { schema: buildZone(), shape: 'flat', source: 'scripts/gen-schemas.mjs' });

  for (const t of PROTO_LEGACY) {
    const schema = buildProtoFlat(t, readProto(t), { meshScoped: true, required: ['type', 'name', 'mesh'] });
    out.set(t, { schema, shape: 'flat', source: `protos/${t}.json` });
  }

  // Write.
  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const f of fs.readdirSync(OUT_DIR)) if (f.endsWith('.json')) fs.rmSync(path.join(OUT_DIR, f));
  const index = { kumaVersion: KUMA_VERSION, generatedBy: 'scripts/gen-schemas.mjs', types: {} };
  let bytes = 0;
  for (const t of [...out.keys()].sort()) {
    const { schema, shape, source } = out.get(t);
    const text = `${JSON.stringify(schema, null, 2)}\n`;
    bytes += Buffer.byteLength(text);
    fs.writeFileSync(path.join(OUT_DIR, `${t}.json`), text);
    index.types[t] = {
      file: `${t}.json`,
      id: schema.$id,
      shape,
      scope: schema.properties.mesh ? 'Mesh' : 'Global',
      source,
    };
  }
  const indexText = `${JSON.stringify(index, null, 2)}\n`;
  fs.writeFileSync(path.join(OUT_DIR, 'index.json'), indexText);
  bytes += Buffer.byteLength(indexText);

  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  const dropped = [...stats.dropped.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}=${n}`).join(' ');
  process.stdout.write(
    `wrote ${out.size} schemas + index.json to ${path.relative(process.cwd(), OUT_DIR) || '.'} (${bytes} bytes)\n` +
      `  closed objects: ${stats.closed}; left open inside anyOf/oneOf/allOf: ${stats.leftOpenInCombinator}; ` +
      `implied type added: ${stats.typeAdded}\n` +
      `  int-or-string: ${stats.intOrStringKept} already anyOf, ${stats.intOrStringAdded} added; ` +
      `preserve-unknown-fields: ${stats.preserveUnknown}; metav1.Duration fields marked: ${stats.goDurations}\n` +
      `  dropped: ${dropped}\n`,
  );
}

// scripts/gen-k8s-schemas.mjs reuses the OpenAPI converter without generating these schemas
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
