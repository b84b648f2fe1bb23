import { goQuote } from '../field-path.js';
import { Loc, Verr } from './loc.js';
import { isRecord, type Obj } from '../../json.js';
import { goParseIP, isGoIP, isUnspecifiedIP, sameIP } from '../../go/net.js';
import { isGovalidatorDNSName } from '../../go/govalidator.js';
import { normaliseForStorage } from '../schema.js';
import { parseGoDuration } from '../../go/time.js';

export { goParseIP, isUnspecifiedIP, sameIP };

/*
 * The small shared validators of pkg/core/resources/apis/mesh/validators.go with their exact messages,
 * and readers of protobuf-JSON values. Used by the rules of the types that port Kuma's Validate() one to
 * one (Dataplane, zone proxies, the new resources); they locate fields with `Loc` and collect in `Verr`
 * (rules/loc.ts).
 */

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

/** mesh.ValidatePort: "port must be in the range [1, 65535]". */
export function validateMeshPort(loc: Loc, port: number): Verr {
  const err = new Verr();
  if (port === 0 || port > 65535) err.at(loc, 'port must be in the range [1, 65535]');
  return err;
}

/** validators.ValidatePort (the new resources): "port must be a valid (1-65535)". */
export function validatePort(loc: Loc, port: number): Verr {
  const err = new Verr();
  if (port === 0 || port > 65535) err.at(loc, 'port must be a valid (1-65535)');
  return err;
}

/**
 * mesh.ValidateDuration on a protobuf Duration as kuma-cp decodes it (jsonpb reads a Duration with Go's
 * time.ParseDuration: `10s`, `1m`, `0`): unset or zero is not positive. Every Go duration is in the
 * protobuf range, so "must have a valid value" cannot happen from JSON.
 */
export function validateProtoDuration(loc: Loc, v: unknown): Verr {
  const err = new Verr();
  if (v === undefined || v === null) {
    err.at(loc, 'must have a positive value');
    return err;
  }
  const parsed = typeof v === 'string' ? parseGoDuration(v) : undefined;
  if (parsed?.ok && parsed.nanoseconds === 0) err.at(loc, 'must have a positive value');
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

/** mesh.validateAddress (Dataplane, listeners, zone proxies): the violation is at `<loc>.address`. */
export function validateAddress(loc: Loc, address: string): Verr {
  const err = new Verr();
  const field = loc.f('address');
  if (address === '') {
    err.at(field, "address can't be empty");
    return err;
  }
  if (address === '0.0.0.0' || address === '::') err.at(field, 'must not be 0.0.0.0 or ::');
  if (!isGoIP(address) && !isGovalidatorDNSName(address)) err.at(field, 'address has to be valid IP address or domain name');
  return err;
}

/** validators.ValidateLength: Go's len(), so UTF-8 bytes. */
export function validateLength(loc: Loc, max: number, v: string): Verr {
  const err = new Verr();
  if (goLen(v) > max) err.at(loc, `must not be longer than ${max} characters`);
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
export function validateTlsVersion(version: Obj): Verr {
  const err = new Verr();
  let specificMin = false;
  let specificMax = false;
  const min = version.min;
  const max = version.max;
  if (min !== undefined && min !== null) {
    if (!TLS_VERSIONS.includes(str(min))) err.at(Loc.of('min'), mustBeOneOfMessage('min', TLS_VERSIONS));
    else if (min !== 'TLSAuto') specificMin = true;
  }
  if (max !== undefined && max !== null) {
    if (!TLS_VERSIONS.includes(str(max))) err.at(Loc.of('max'), mustBeOneOfMessage('max', TLS_VERSIONS));
    else if (max !== 'TLSAuto') specificMax = true;
  }
  if (specificMin && specificMax && TLS_VERSIONS.indexOf(str(min)) > TLS_VERSIONS.indexOf(str(max))) err.at(Loc.of('min'), 'min version must be lower than max');
  return err;
}

/** SecureDataSource.ValidateSecureDataSource (api/common/v1alpha1/datasource), at `loc`. */
export function validateSecureDataSource(loc: Loc, ds: Obj): Verr {
  const err = new Verr();
  const type = str(ds.type);
  const sub = (k: string) => {
    const v = ds[k];
    return isRecord(v) ? v : undefined;
  };
  if (type === 'EnvVar') {
    const env = sub('envVar');
    if (!env) err.at(loc.f('envVar'), 'must be defined');
    else if (str(env.name) === '') err.at(loc.f('envVar').f('name'), 'must be defined');
  } else if (type === 'InsecureInline') {
    const inline = sub('insecureInline');
    if (!inline) err.at(loc.f('insecureInline'), 'must be defined');
    else if (str(inline.value) === '') err.at(loc.f('insecureInline').f('value'), 'must be defined');
  } else if (type === 'File') {
    const file = sub('file');
    const p = str(file?.path);
    if (!file) err.at(loc.f('file'), 'must be defined');
    else if (p === '') err.at(loc.f('file').f('path'), 'must be defined');
    else if (p.includes('..')) err.at(loc.f('file').f('path'), `file path contains directory traversal sequence: ${p}`);
    else if (!p.startsWith('/')) err.at(loc.f('file').f('path'), `file path must be absolute: ${p}`);
  } else if (type === 'Secret') {
    const ref = sub('secretRef');
    if (!ref) err.at(loc.f('secretRef'), 'must be defined');
    else {
      const kind = str(ref.kind);
      if (kind !== 'Secret') err.at(loc.f('secretRef').f('kind'), mustBeOneOf(kind, ['Secret']));
      if (str(ref.name) === '') err.at(loc.f('secretRef').f('name'), 'must be defined');
    }
  } else {
    err.at(loc.f('type'), mustBeOneOf(type, ['EnvVar', 'InsecureInline', 'File', 'Secret']));
  }
  return err;
}
