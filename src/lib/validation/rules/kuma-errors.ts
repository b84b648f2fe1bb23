import { error, type DocPath, type Violation } from '../types.js';
import { goQuote, parseField } from '../field-path.js';
import { isRecord, type Obj } from '../../json.js';
import { goParseIP, isGoIP, isUnspecifiedIP, sameIP } from '../../go/net.js';
import { isGovalidatorDNSName } from '../../go/govalidator.js';
import { normaliseForStorage } from '../schema.js';
import { parseGoDuration } from '../../go/time.js';
import { checkTags, type TagRules } from './tags.js';

export { goParseIP, isUnspecifiedIP, sameIP };

/*
 * Kuma's ValidationError and PathBuilder (pkg/core/validators/types.go) as far as the rules need them:
 * violations collected with field strings, nested errors re-rooted with Kuma's concatenation rule (a
 * child field starting with `[` is appended as is, anything else after a dot), and the small shared
 * validators of pkg/core/resources/apis/mesh/validators.go with their exact messages. Used by the
 * rules of the types that port Kuma's Validate() one to one (Dataplane, zone proxies, the new
 * resources).
 */

export class VErr {
  readonly violations: Array<{ field: string; message: string; path?: DocPath }> = [];

  /** AddViolation: `field` is already a full Kuma field string (may be ""). */
  add(field: string, message: string, path?: DocPath): void {
    this.violations.push(path ? { field, message, path } : { field, message });
  }

  /** AddErrorAt(prefix, other): every violation of `other` re-rooted under `prefix`. */
  addAt(prefix: string, other: VErr): void {
    for (const v of other.violations) {
      const field = concat(prefix, v.field);
      const path = v.path && prefix !== '' ? [...parseField(prefix), ...v.path] : v.path;
      this.add(field, v.message, path);
    }
  }

  /** Add(other): AddErrorAt(Root(), other). */
  merge(other: VErr): void {
    this.addAt('', other);
  }

  get empty(): boolean {
    return this.violations.length === 0;
  }

  toViolations(): Violation[] {
    return this.violations.map((v) => error(v.field, v.message, v.path));
  }
}

/** PathBuilder.concat of two rendered field strings. */
export function concat(prefix: string, field: string): string {
  if (field === '') return prefix;
  if (prefix === '') return field;
  return field.startsWith('[') ? prefix + field : `${prefix}.${field}`;
}

export const fieldOf = (prefix: string, name: string): string => (prefix === '' ? name : `${prefix}.${name}`);
export const indexOf = (prefix: string, i: number): string => `${prefix}[${i}]`;
export const keyOf = (prefix: string, k: string): string => `${prefix}[${goQuote(k)}]`;

// ---------------------------------------------------------------------------------------------------
// readers of protobuf-JSON / Go structs (values are read defensively: the schema reports wrong types)

/** A string field; unset reads as "". */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** A proto3 string field as jsonpb reads it: numbers and booleans as their text, anything else unset (""). */
export function scalarStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

/** A number field (uint32 and friends, possibly a quoted number in protobuf-JSON); unset reads as 0. */
export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?[0-9]+$/.test(v)) return Number(v);
  return 0;
}

/** A protobuf-JSON field under its JSON name or its proto name (the JSON name wins when both are set). */
export function pf(o: Obj | undefined, jsonName: string, protoName?: string): unknown {
  if (!o) return undefined;
  const v = o[jsonName];
  if (v !== undefined && v !== null) return v;
  return protoName === undefined ? undefined : o[protoName];
}

/** A string→string map; non-string values read as "" (the schema reports them). */
export function strMap(v: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!isRecord(v)) return out;
  for (const [k, val] of Object.entries(v)) out.set(k, typeof val === 'string' ? val : '');
  return out;
}

export { goSorted } from './tags.js';

/** Go's len() of a string: its UTF-8 byte length. */
export function goLen(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

// ---------------------------------------------------------------------------------------------------
// pkg/core/resources/apis/mesh/validators.go

export interface TagsOpts extends Omit<TagRules, 'selector'> {
  extraTags?: Array<(path: string, tags: Map<string, string>) => VErr>;
}

/** ValidateTags: the tag charset for names and values (no "*"), plus the options' rules. */
export function validateTags(path: string, tags: Map<string, string>, opts: TagsOpts = {}): VErr {
  const err = new VErr();
  checkTags(tags, opts, (key, message) => err.add(key === undefined ? path : keyOf(path, key), message), {
    tags: () => {
      for (const extra of opts.extraTags ?? []) err.merge(extra(path, tags));
    },
  });
  return err;
}

/** mesh.ValidatePort: "port must be in the range [1, 65535]". */
export function validateMeshPort(path: string, port: number): VErr {
  const err = new VErr();
  if (port === 0 || port > 65535) err.add(path, 'port must be in the range [1, 65535]');
  return err;
}

/** validators.ValidatePort (the new resources): "port must be a valid (1-65535)". */
export function validatePort(path: string, port: number): VErr {
  const err = new VErr();
  if (port === 0 || port > 65535) err.add(path, 'port must be a valid (1-65535)');
  return err;
}

/**
 * mesh.ValidateDuration on a protobuf Duration as kuma-cp decodes it (jsonpb reads a Duration with Go's
 * time.ParseDuration: `10s`, `1m`, `0`): unset or zero is not positive. Every Go duration is in the
 * protobuf range, so "must have a valid value" cannot happen from JSON.
 */
export function validateProtoDuration(path: string, v: unknown): VErr {
  const err = new VErr();
  if (v === undefined || v === null) {
    err.add(path, 'must have a positive value');
    return err;
  }
  const parsed = typeof v === 'string' ? parseGoDuration(v) : undefined;
  if (parsed?.ok && parsed.nanoseconds === 0) err.add(path, 'must have a positive value');
  return err; // a malformed duration is the schema's to report
}

export const SUPPORTED_PROTOCOLS = ['grpc', 'http', 'http2', 'kafka', 'tcp'];
const KNOWN_PROTOCOLS = new Set(['http', 'http2', 'tcp', 'tls', 'grpc', 'kafka', 'mysql']);

/** core_meta.ParseProtocol: the protocol, lower-cased, or "<unknown>". */
export function parseProtocol(p: string): string {
  const l = p.toLowerCase();
  return KNOWN_PROTOCOLS.has(l) ? l : '<unknown>';
}

export function allowedValuesHint(values: string[]): string {
  return `Allowed values: ${values.length === 0 ? '(none)' : values.join(', ')}`;
}

/** validators.MakeFieldMustBeOneOfErr's message. */
export function mustBeOneOfMessage(field: string, allowed: string[]): string {
  return `${goQuote(field)} must be one of [${allowed.map(goQuote).join(', ')}]`;
}

/** validators.MustBeOneOf. */
export function mustBeOneOf(entity: string, allowed: string[]): string {
  return `${entity} must be one of: ${allowed.join(', ')}`;
}

/** Kuma's overlap(): either side unspecified (0.0.0.0, ::) matches anything, else the same address. */
export function overlap(a: number[] | undefined, b: number[] | undefined): boolean {
  if (isUnspecifiedIP(a) || isUnspecifiedIP(b)) return true;
  return sameIP(a, b);
}

/** mesh.validateAddress (Dataplane, listeners, zone proxies): the violation is at `<path>.address`. */
export function validateAddress(path: string, address: string): VErr {
  const err = new VErr();
  const field = fieldOf(path, 'address');
  if (address === '') {
    err.add(field, "address can't be empty");
    return err;
  }
  if (address === '0.0.0.0' || address === '::') err.add(field, 'must not be 0.0.0.0 or ::');
  if (!isGoIP(address) && !isGovalidatorDNSName(address)) err.add(field, 'address has to be valid IP address or domain name');
  return err;
}

/** validators.ValidateLength: Go's len(), so UTF-8 bytes. */
export function validateLength(path: string, max: number, v: string): VErr {
  const err = new VErr();
  if (goLen(v) > max) err.add(path, `must not be longer than ${max} characters`);
  return err;
}

/**
 * The document as Kuma validates it: kuma-cp applies the schema's defaults (structural defaulting)
 * before Validate() runs, so a rule reading an absent defaulted field sees the default. A copy.
 */
export function defaulted(typeName: string, doc: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(doc);
  normaliseForStorage(typeName, copy);
  return copy;
}

const TLS_VERSIONS = ['TLSAuto', 'TLS10', 'TLS11', 'TLS12', 'TLS13'];

/** common_tls.ValidateVersion: fields `min`/`max` relative to the version object. */
export function validateTlsVersion(version: Obj): VErr {
  const err = new VErr();
  let specificMin = false;
  let specificMax = false;
  const min = version.min;
  const max = version.max;
  if (min !== undefined && min !== null) {
    if (!TLS_VERSIONS.includes(str(min))) err.add('min', mustBeOneOfMessage('min', TLS_VERSIONS));
    else if (min !== 'TLSAuto') specificMin = true;
  }
  if (max !== undefined && max !== null) {
    if (!TLS_VERSIONS.includes(str(max))) err.add('max', mustBeOneOfMessage('max', TLS_VERSIONS));
    else if (max !== 'TLSAuto') specificMax = true;
  }
  if (specificMin && specificMax && TLS_VERSIONS.indexOf(str(min)) > TLS_VERSIONS.indexOf(str(max))) err.add('min', 'min version must be lower than max');
  return err;
}

/** SecureDataSource.ValidateSecureDataSource (api/common/v1alpha1/datasource), at `path`. */
export function validateSecureDataSource(path: string, ds: Obj): VErr {
  const err = new VErr();
  const type = str(ds.type);
  const sub = (k: string) => {
    const v = ds[k];
    return isRecord(v) ? v : undefined;
  };
  if (type === 'EnvVar') {
    const env = sub('envVar');
    if (!env) err.add(`${path}.envVar`, 'must be defined');
    else if (str(env.name) === '') err.add(`${path}.envVar.name`, 'must be defined');
  } else if (type === 'InsecureInline') {
    const inline = sub('insecureInline');
    if (!inline) err.add(`${path}.insecureInline`, 'must be defined');
    else if (str(inline.value) === '') err.add(`${path}.insecureInline.value`, 'must be defined');
  } else if (type === 'File') {
    const file = sub('file');
    const p = str(file?.path);
    if (!file) err.add(`${path}.file`, 'must be defined');
    else if (p === '') err.add(`${path}.file.path`, 'must be defined');
    else if (p.includes('..')) err.add(`${path}.file.path`, `file path contains directory traversal sequence: ${p}`);
    else if (!p.startsWith('/')) err.add(`${path}.file.path`, `file path must be absolute: ${p}`);
  } else if (type === 'Secret') {
    const ref = sub('secretRef');
    if (!ref) err.add(`${path}.secretRef`, 'must be defined');
    else {
      const kind = str(ref.kind);
      if (kind !== 'Secret') err.add(`${path}.secretRef.kind`, mustBeOneOf(kind, ['Secret']));
      if (str(ref.name) === '') err.add(`${path}.secretRef.name`, 'must be defined');
    }
  } else {
    err.add(`${path}.type`, mustBeOneOf(type, ['EnvVar', 'InsecureInline', 'File', 'Secret']));
  }
  return err;
}
