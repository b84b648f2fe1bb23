import { goQuote } from '../field-path.js';
import { Loc } from './loc.js';
import { isRecord as isObj, asRecord as obj, asArray as list, type Obj } from '../../json.js';
import { isKumaDuration } from '../../go/time.js';
import { goSorted } from './tags.js';
import { scalarStr as str } from './kuma-errors.js';
import type { Violation } from '../types.js';
import { checkProvidedCa, offlineLoader } from '../provided-ca.js';
import { goSplitHostPort } from '../../go/net.js';
import { goParseRequestURI, goUrlPort } from '../../go/url.js';
import { goRegexpError } from '../../go/regexp.js';
import { isGovalidatorDNSName } from '../../go/govalidator.js';

/*
 * Semantic rules of the Universal `Mesh` document (Kuma 2.14.3), the ones a JSON Schema cannot express:
 * MeshResource.Validate() (M, L, T, X, K, Z), the mesh manager's create checks that need no server
 * (C1, C2 with the builtin/provided CA conf checks), lints (warnings), the update rule U1 and the
 * dataplane membership check of mesh constraints. Messages quoted from Kuma are exact; the rest is ours.
 *
 * The document has already passed the schema in normal use, but nothing here assumes it: every value
 * is read defensively and a wrong shape never throws.
 */

// ---------------------------------------------------------------------------------------------------
// small readers

/** A string→string map (tags); non-string values are skipped. */
function stringMap(v: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!isObj(v)) return out;
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out.set(k, val);
  return out;
}

function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

// ---------------------------------------------------------------------------------------------------
// protobuf-JSON decoding of typed `conf` (emulates util_proto.ToTyped: Struct -> JSON -> jsonpb)

type Shape =
  | 'string'
  | 'bool'
  | 'uint32'
  | 'bytes'
  | 'stringMap'
  | { enum: string; names: string[] }
  | { message: Array<[string, Shape]> }
  | { repeated: Shape };

function goJsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'object') return 'object';
  return typeof v; // number | string
}

const JSON_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/;

/** The first error Go's jsonpb would return decoding `value` as `shape`, or null. */
function decodeError(value: unknown, shape: Shape): string | null {
  if (value === null || value === undefined) return null;
  if (shape === 'string') {
    return typeof value === 'string' ? null : `json: cannot unmarshal ${goJsonKind(value)} into Go value of type string`;
  }
  if (shape === 'bool') {
    return typeof value === 'boolean' ? null : `json: cannot unmarshal ${goJsonKind(value)} into Go value of type bool`;
  }
  if (shape === 'uint32') {
    let text: string;
    if (typeof value === 'number') text = String(value);
    else if (typeof value === 'string') {
      // jsonpb strips the quotes of a quoted number and decodes what is inside
      if (value === '') return 'unexpected end of JSON input';
      if (!JSON_NUMBER.test(value)) {
        const lead = /^-?[0-9]/.test(value);
        const bad = lead ? (value.replace(/^-?[0-9]+/, '')[0] ?? '') : value[0]!;
        return `invalid character '${bad}' ${lead ? 'after top-level value' : 'looking for beginning of value'}`;
      }
      text = value;
    } else return `json: cannot unmarshal ${goJsonKind(value)} into Go value of type uint32`;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > 4294967295 || /[.eE]/.test(text)) {
      return `json: cannot unmarshal number ${text} into Go value of type uint32`;
    }
    return null;
  }
  if (shape === 'bytes') {
    if (typeof value !== 'string') return `json: cannot unmarshal ${goJsonKind(value)} into Go value of type []uint8`;
    const bad = base64ErrorAt(value);
    return bad === -1 ? null : `illegal base64 data at input byte ${bad}`;
  }
  if (shape === 'stringMap') {
    if (!isObj(value)) return `json: cannot unmarshal ${goJsonKind(value)} into Go value of type map[string]json.RawMessage`;
    for (const v of Object.values(value)) {
      if (v !== null && typeof v !== 'string') return `json: cannot unmarshal ${goJsonKind(v)} into Go value of type string`;
    }
    return null;
  }
  if ('enum' in shape) {
    if (typeof value === 'string') {
      return shape.names.includes(value) ? null : `unknown value ${goQuote(JSON.stringify(value))} for enum ${shape.enum}`;
    }
    if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 2147483647) return null;
    return `json: cannot unmarshal ${goJsonKind(value)} into Go value of type int32`;
  }
  if ('repeated' in shape) {
    if (!Array.isArray(value)) return `json: cannot unmarshal ${goJsonKind(value)} into Go value of type []json.RawMessage`;
    for (const item of value) {
      const e = decodeError(item, shape.repeated);
      if (e) return e;
    }
    return null;
  }
  if (!isObj(value)) return `json: cannot unmarshal ${goJsonKind(value)} into Go value of type map[string]json.RawMessage`;
  for (const [key, sub] of shape.message) {
    const e = decodeError(value[key], sub);
    if (e) return e;
  }
  return null;
}

/**
 * Where Go's base64.StdEncoding gives up on `s` (CR/LF are skipped, as Go does), or -1 when it decodes.
 * Approximate offsets: the first illegal character, else the start of the incomplete last quantum.
 */
function base64ErrorAt(s: string): number {
  const bad = s.search(/[^A-Za-z0-9+/=\r\n]/);
  if (bad >= 0) return bad;
  const clean = s.replace(/[\r\n]/g, '');
  if (/^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(clean)) return -1;
  const eq = clean.indexOf('=');
  return eq >= 0 && eq % 4 < 2 ? eq : clean.length - (clean.length % 4 || 4);
}

function base64DecodedLength(s: string): number {
  const data = s.replace(/[\r\n=]/g, '');
  return Math.floor((data.length * 3) / 4);
}

const FILE_LOGGING: Shape = { message: [['path', 'string']] };
const TCP_LOGGING: Shape = { message: [['address', 'string']] };
const ZIPKIN: Shape = {
  message: [
    ['url', 'string'],
    ['traceId128bit', 'bool'],
    ['apiVersion', 'string'],
    ['sharedSpanContext', 'bool'],
  ],
};
const DATADOG: Shape = {
  message: [
    ['address', 'string'],
    ['port', 'uint32'],
    ['splitService', 'bool'],
  ],
};
const PROMETHEUS: Shape = {
  message: [
    ['port', 'uint32'],
    ['path', 'string'],
    ['tags', 'stringMap'],
    ['skipMTLS', 'bool'],
    [
      'aggregate',
      {
        repeated: {
          message: [
            ['name', 'string'],
            ['port', 'uint32'],
            ['path', 'string'],
            ['enabled', 'bool'],
            ['address', 'string'],
          ],
        },
      },
    ],
    ['envoy', { message: [['filterRegex', 'string'], ['usedOnly', 'bool']] }],
    ['tls', { message: [['mode', { enum: 'kuma.mesh.v1alpha1.PrometheusTlsConfig.Mode', names: ['activeMTLSBackend', 'providedTLS', 'disabled'] }]] }],
  ],
};
const BUILTIN_CA: Shape = {
  message: [['caCert', { message: [['RSAbits', 'uint32'], ['expiration', 'string']] }]],
};
const DATA_SOURCE: Shape = {
  message: [
    ['secret', 'string'],
    ['file', 'string'],
    ['inline', 'bytes'],
    ['inlineString', 'string'],
  ],
};
const PROVIDED_CA: Shape = { message: [['cert', DATA_SOURCE], ['key', DATA_SOURCE]] };

// ---------------------------------------------------------------------------------------------------
// MeshResource.Validate()

const ALREADY_USED = (name: string) => `${goQuote(name)} name is already used for another backend`;

function validateMtls(doc: Obj, out: Violation[]): void {
  const mtls = obj(doc.mtls);
  if (!mtls) return;
  const root = Loc.of('mtls');
  const backends = list(mtls.backends);
  if (backends.length > 1) out.push(root.f('backends').err('cannot have more than 1 backends'));
  const used = new Set<string>();
  backends.forEach((b, i) => {
    const backend = obj(b) ?? {};
    const name = str(backend.name);
    const bp = root.f('backends').i(i);
    if (used.has(name)) out.push(bp.f('name').err(ALREADY_USED(name)));
    used.add(name);
    const dpCert = obj(backend.dpCert);
    if (dpCert) {
      const expiration = obj(dpCert.rotation)?.expiration;
      if (typeof expiration !== 'string' || !isKumaDuration(expiration)) {
        out.push(new Loc('mtls.dpcert.rotation.expiration', [...bp.doc, 'dpCert', 'rotation', 'expiration']).err('has to be a valid format'));
      }
    }
  });
  const enabled = str(mtls.enabledBackend);
  if (enabled !== '' && !used.has(enabled)) {
    out.push(root.f('enabledBackend').err('has to be set to one of the backends in the mesh'));
  }
}

/** A `config.<key>` violation of a logging/tracing backend, located at `conf.<key>`. */
function configAt(bp: Loc, key: string | undefined, message: string): Violation {
  const config = bp.f('config', 'conf');
  return (key === undefined ? config : config.f(key)).err(message);
}

function validateLogging(doc: Obj, out: Violation[]): void {
  const logging = obj(doc.logging);
  if (!logging) return;
  const root = Loc.of('logging');
  const used = new Set<string>();
  list(logging.backends).forEach((b, i) => {
    const backend = obj(b) ?? {};
    const bp = root.f('backends').i(i);
    const name = str(backend.name);
    if (name === '') out.push(bp.f('name').err('cannot be empty'));
    const type = str(backend.type);
    const conf = backend.conf;
    if (type === 'file') {
      const err = decodeError(conf ?? {}, FILE_LOGGING);
      if (err) out.push(configAt(bp, undefined, `could not parse config: ${err}`));
      else if (str(obj(conf)?.path) === '') out.push(configAt(bp, 'path', 'cannot be empty'));
    } else if (type === 'tcp') {
      const err = decodeError(conf ?? {}, TCP_LOGGING);
      if (err) out.push(configAt(bp, undefined, `could not parse config: ${err}`));
      else {
        const address = str(obj(conf)?.address);
        if (address === '') out.push(configAt(bp, 'address', 'cannot be empty'));
        else {
          const hp = goSplitHostPort(address);
          if (!hp || hp.host === '' || hp.port === '') out.push(configAt(bp, 'address', 'has to be in format of HOST:PORT'));
        }
      }
    } else {
      out.push(bp.f('type').err('unknown backend type. Available backends: "tcp", "file"'));
    }
    if (used.has(name)) out.push(bp.f('name').err(ALREADY_USED(name)));
    used.add(name);
  });
  const def = str(logging.defaultBackend);
  if (def !== '' && !used.has(def)) out.push(root.f('defaultBackend').err('has to be set to one of the logging backend in mesh'));
}

/** DoubleValue as jsonpb reads it (number, numeric string, NaN/Infinity); unset reads as 0. */
function doubleValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (v === 'NaN') return NaN;
    if (v === 'Infinity') return Infinity;
    if (v === '-Infinity') return -Infinity;
    return JSON_NUMBER.test(v) ? Number(v) : NaN;
  }
  return 0;
}

function validateTracing(doc: Obj, out: Violation[]): void {
  const tracing = obj(doc.tracing);
  if (!tracing) return;
  const root = Loc.of('tracing');
  const used = new Set<string>();
  list(tracing.backends).forEach((b, i) => {
    const backend = obj(b) ?? {};
    const bp = root.f('backends').i(i);
    const name = str(backend.name);
    if (name === '') out.push(bp.f('name').err('cannot be empty'));
    const sampling = doubleValue(backend.sampling);
    if (sampling < 0 || sampling > 100) out.push(bp.f('sampling').err('has to be in [0.0 - 100.0] range'));
    const type = str(backend.type);
    const conf = backend.conf;
    if (type === 'zipkin') {
      const err = decodeError(conf ?? {}, ZIPKIN);
      if (err) out.push(configAt(bp, undefined, `could not parse config: ${err}`));
      else validateZipkin(obj(conf) ?? {}, bp, out);
    } else if (type === 'datadog') {
      const err = decodeError(conf ?? {}, DATADOG);
      if (err) out.push(configAt(bp, undefined, `could not parse config: ${err}`));
      else {
        const c = obj(conf) ?? {};
        if (str(c.address) === '') out.push(configAt(bp, 'address', 'cannot be empty'));
        const port = c.port === null || c.port === undefined ? 0 : Number(c.port);
        if (!(port >= 1 && port <= 65535)) out.push(configAt(bp, 'port', 'port must be in the range [1, 65535]'));
      }
    } else {
      out.push(bp.f('type').err('unknown backend type. Available backends: "zipkin", "datadog"'));
    }
    if (used.has(name)) out.push(bp.f('name').err(ALREADY_USED(name)));
    used.add(name);
  });
  const def = str(tracing.defaultBackend);
  if (def !== '' && !used.has(def)) out.push(root.f('defaultBackend').err('has to be set to one of the tracing backend in mesh'));
}

function validateZipkin(conf: Obj, bp: Loc, out: Violation[]): void {
  const apiVersion = str(conf.apiVersion);
  if (apiVersion !== '' && !['httpJsonV1', 'httpJson', 'httpProto'].includes(apiVersion)) {
    out.push(configAt(bp, 'apiVersion', 'has invalid value. Allowed values: httpJsonV1, httpJson, httpProto'));
  }
  const url = str(conf.url);
  if (url === '') {
    out.push(configAt(bp, 'url', 'cannot be empty'));
    return;
  }
  const parsed = goParseRequestURI(url);
  if (!parsed) out.push(configAt(bp, 'url', 'invalid URL'));
  else if (goUrlPort(parsed.host) === '') out.push(configAt(bp, 'url', 'port has to be explicitly specified'));
}

const TLS_MODES: Record<string, number> = { activeMTLSBackend: 0, providedTLS: 1, disabled: 2 };

function validateMetrics(doc: Obj, out: Violation[]): void {
  const metrics = obj(doc.metrics);
  if (!metrics) return;
  const root = Loc.of('metrics');
  const used = new Set<string>();
  list(metrics.backends).forEach((b, i) => {
    const backend = obj(b) ?? {};
    const bp = root.f('backends').i(i);
    const name = str(backend.name);
    if (used.has(name)) out.push(bp.f('name').err(ALREADY_USED(name)));
    used.add(name);
    if (str(backend.type) !== 'prometheus') {
      out.push(bp.f('type').err('unknown backend type. Available backends: "prometheus"'));
    } else {
      validatePrometheus(backend.conf, bp.f('conf'), out);
    }
  });
  const enabled = str(metrics.enabledBackend);
  if (enabled !== '' && !used.has(enabled)) out.push(root.f('enabledBackend').err('has to be set to one of the backends in the mesh'));
}

function validatePrometheus(rawConf: unknown, cp: Loc, out: Violation[]): void {
  const err = decodeError(rawConf ?? {}, PROMETHEUS);
  if (err) {
    out.push(cp.err(`could not parse config: ${err}`));
    return;
  }
  const conf = obj(rawConf) ?? {};
  const skip = conf.skipMTLS;
  const tls = obj(conf.tls);
  if (typeof skip === 'boolean' && tls) {
    const raw = tls.mode;
    const mode = raw === null || raw === undefined ? 0 : typeof raw === 'string' ? TLS_MODES[raw] : raw;
    const agrees = (skip === false && mode === 0) || (skip === true && mode === 2);
    if (!agrees) {
      out.push(cp.err('skipMTLS and tls configuration cannot be defined together'));
      return;
    }
  }
  const filterRegex = str(obj(conf.envoy)?.filterRegex);
  if (filterRegex !== '') {
    const rerr = goRegexpError(filterRegex);
    if (rerr) {
      out.push(cp.f('envoy').f('filterRegex').err(`provided regexp isn't correct: ${rerr}`));
      return;
    }
  }
  const seen = new Set<string>();
  list(conf.aggregate).forEach((a, j) => {
    const name = str(obj(a)?.name);
    if (seen.has(name)) out.push(cp.f('aggregate').i(j).f('name').err(`duplicate entry: ${name}, values have to be unique`));
    seen.add(name);
  });
}

const TAG_NAME = /^[a-zA-Z0-9.\-_:/]*$/;
const TAG_VALUE_OR_WILDCARD = /^([a-zA-Z0-9.\-_:/]*|\*)$/;

function validateConstraints(doc: Obj, out: Violation[]): void {
  const dpp = obj(obj(doc.constraints)?.dataplaneProxy);
  if (!dpp) return;
  const root = Loc.of('constraints', 'dataplaneProxy');
  for (const kind of ['requirements', 'restrictions']) {
    list(dpp[kind]).forEach((rule, i) => {
      const tp = root.f(kind).i(i).f('tags');
      const tags = obj(obj(rule)?.tags);
      const keys = tags ? Object.keys(tags) : [];
      if (keys.length === 0) {
        out.push(tp.err('must have at least one tag'));
        return;
      }
      for (const key of goSorted(keys)) {
        const value = str(tags![key]);
        if (key === '') out.push(tp.err('tag name must be non-empty'));
        if (!TAG_NAME.test(key)) out.push(tp.k(key).err('tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores'));
        if (value === '') out.push(tp.k(key).err('tag value must be non-empty'));
        if (!TAG_VALUE_OR_WILDCARD.test(value)) {
          out.push(tp.k(key).err('tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be "*"'));
        }
      }
    });
  }
}

function validateZoneEgress(doc: Obj, out: Violation[]): void {
  if (obj(doc.routing)?.zoneEgress !== true) return;
  const mtls = obj(doc.mtls);
  if (mtls && str(mtls.enabledBackend) !== '') return;
  out.push(Loc.of('mtls').at(mtls ? ['mtls'] : ['routing', 'zoneEgress']).err('has to be set when zoneEgress enabled'));
}

// ---------------------------------------------------------------------------------------------------
// mesh manager: create-time checks (C1, C2) that need no server

const KONG_MESH_CA_TYPES = new Set(['vault', 'acmpca', 'certmanager']);

function validateCreate(doc: Obj, out: Violation[]): void {
  const name = str(doc.name);
  if (byteLength(name) > 63) out.push(Loc.of('name').err('cannot be longer than 63 characters'));
  const mtls = obj(doc.mtls);
  if (!mtls) return;
  const skipValidation = mtls.skipValidation === true;
  const backends = list(mtls.backends);
  for (let i = 0; i < backends.length; i++) {
    const backend = obj(backends[i]) ?? {};
    const bp = Loc.of('mtls').f('backends').i(i);
    const type = str(backend.type);
    if (KONG_MESH_CA_TYPES.has(type)) {
      out.push(
        bp.f('type').warn(`"${type}" is a Kong Mesh CA backend: Kuma OSS 2.14 rejects it with "could not find installed plugin for this type"; only a Kong Mesh control plane accepts it`),
      );
      continue;
    }
    if (type !== 'builtin' && type !== 'provided') {
      out.push(bp.f('type').err('could not find installed plugin for this type'));
      return; // Kuma stops at the first unknown type
    }
    if (skipValidation) continue;
    if (type === 'builtin') validateBuiltinCa(name, backend, bp, out);
    else validateProvidedCa(backend, bp, out);
  }
}

function validateBuiltinCa(meshName: string, backend: Obj, bp: Loc, out: Violation[]): void {
  const cp = bp.f('conf');
  const err = decodeError(backend.conf ?? {}, BUILTIN_CA);
  if (err) {
    out.push(cp.err(`could not convert backend config: ${err}`));
    return;
  }
  const backendName = str(backend.name);
  const secretName = `${meshName}.ca-builtin-cert-${backendName}`;
  const namePath = [...bp.doc, 'name'];
  const nameField = cp.f('mtls').f('backends').f('name');
  if (byteLength(secretName) > 255) out.push(nameField.at(namePath).err('Backend name is too long. Max length: 255'));
  if (!isGovalidatorDNSName(secretName) || secretName !== secretName.toLowerCase()) {
    out.push(nameField.at(namePath).err(`${goQuote(backendName)} name must be valid dns name`));
  }
  // Kuma only finds these when it generates the CA, after the Mesh is stored (HTTP 500)
  const caCert = obj(obj(backend.conf)?.caCert);
  if (!caCert) return;
  const expiration = caCert.expiration;
  if (typeof expiration === 'string' && expiration !== '' && !isKumaDuration(expiration)) {
    out.push(
      cp.f('caCert').f('expiration').err(`must be a duration such as 10y, 52w, 365d or 8760h (digits and one unit: y, w, d, h, m, s or ms); Kuma stores the Mesh and then fails to generate the CA`),
    );
  }
  const bits = caCert.RSAbits;
  const n = bits === null || bits === undefined ? 0 : Number(bits);
  if (Number.isFinite(n) && n !== 0 && n < 1024) {
    out.push(
      cp.f('caCert').f('RSAbits').err(`must be 0 (meaning 2048) or at least 1024: Go refuses to generate smaller RSA keys, so Kuma stores the Mesh and then fails to generate the CA`),
    );
  }
}

const DATA_SOURCE_KEYS = ['secret', 'file', 'inline', 'inlineString'] as const;

function validateProvidedCa(backend: Obj, bp: Loc, out: Violation[]): void {
  const cp = bp.f('conf');
  const err = decodeError(backend.conf ?? {}, PROVIDED_CA);
  if (err) {
    out.push(cp.err(`could not convert backend config: ${err}`));
    return;
  }
  const conf = obj(backend.conf) ?? {};
  const before = out.length;
  for (const key of ['cert', 'key']) {
    const dp = cp.f(key);
    const ds = obj(conf[key]);
    if (!ds) {
      out.push(dp.err('has to be defined'));
      continue;
    }
    // a oneof: with several members present, the last one in declaration order wins
    let chosen: (typeof DATA_SOURCE_KEYS)[number] | undefined;
    for (const k of DATA_SOURCE_KEYS) if (ds[k] !== null && ds[k] !== undefined) chosen = k;
    if (!chosen) {
      out.push(dp.err('data source has to be chosen. Available sources: secret, file, inline'));
      continue;
    }
    const value = str(ds[chosen]);
    if (chosen === 'secret' && value === '') out.push(dp.f('secret').err('cannot be empty'));
    if (chosen === 'file' && value === '') out.push(dp.f('file').err('cannot be empty'));
    if (chosen === 'inline' && base64DecodedLength(value) === 0) out.push(dp.f('inline').err('cannot be empty'));
  }
  if (out.length > before) return;
  // With the pair written inline, the key pair check kuma-cp runs at create needs nothing else.
  const inline = offlineLoader(new Map());
  const cert = inline(obj(conf.cert) ?? {});
  const key = inline(obj(conf.key) ?? {});
  if (cert === undefined || key === undefined) return;
  for (const v of checkProvidedCa(cert, key)) out.push(cp.fieldOnly(v.field).at([...cp.doc, 'cert']).err(v.message));
}


// ---------------------------------------------------------------------------------------------------
// warnings

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const RFC1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_ERROR =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

function nameWarnings(doc: Obj, out: Violation[]): void {
  const display = obj(doc.labels)?.['kuma.io/display-name'];
  const fromLabel = typeof display === 'string' && display !== '';
  const name = fromLabel ? (display as string) : str(doc.name);
  if (name === '') return;
  // a name that already breaks the meta rules gets that error, not this warning
  if (!fromLabel && !RFC1123_SUBDOMAIN.test(name)) return;
  const errs: string[] = [];
  if (name.length > 63) errs.push('must be no more than 63 characters');
  if (!DNS1035_LABEL.test(name)) errs.push(DNS1035_ERROR);
  if (errs.length === 0) return;
  const message = `Invalid Mesh resource name: '${name}'. It does not conform to the DNS format (RFC 1035). This is deprecated. Errors: ${errs.join('; ')}`;
  out.push((fromLabel ? Loc.of('name').at(['labels', 'kuma.io/display-name']) : Loc.of('name')).warn(message));
}

function deprecationWarnings(doc: Obj, out: Violation[]): void {
  const set = (v: unknown) => v !== null && v !== undefined;
  if (set(doc.logging)) {
    out.push(Loc.of('logging').warn('deprecated: since Kuma 2.6 access logs are configured with the MeshAccessLog policy; Kuma 3.0 drops this field'));
  }
  if (set(doc.tracing)) {
    out.push(Loc.of('tracing').warn('deprecated: tracing is configured with the MeshTrace policy; Kuma 3.0 drops this field'));
  }
  if (set(doc.metrics)) {
    out.push(Loc.of('metrics').warn('deprecated: metrics are configured with the MeshMetric policy; Kuma 3.0 drops this field'));
  }
  if (obj(doc.routing)?.localityAwareLoadBalancing === true) {
    out.push(
      Loc.of('routing', 'localityAwareLoadBalancing').warn('deprecated: locality-aware load balancing is configured with the MeshLoadBalancingStrategy policy; Kuma 3.0 drops this field'),
    );
  }
}

function rsaBitsWarnings(doc: Obj, out: Violation[]): void {
  list(obj(doc.mtls)?.backends).forEach((b, i) => {
    const backend = obj(b);
    if (!backend || str(backend.type) !== 'builtin') return;
    const caCert = obj(obj(backend.conf)?.caCert);
    if (!caCert || !('rsaBits' in caCert)) return;
    const f = Loc.of('mtls').f('backends').i(i).f('conf').f('caCert').f('rsaBits');
    out.push(
      f.warn('Kuma reads the key size only from "RSAbits" (capital RSA, lower-case bits); "rsaBits" is ignored and the CA key gets the default 2048 bits'),
    );
  });
}

// ---------------------------------------------------------------------------------------------------
// public API

/** Every rule a Universal Mesh document can be checked against without a control plane. */
export function validateMesh(doc: Record<string, unknown>): Violation[] {
  const out: Violation[] = [];
  if (!isObj(doc)) return out;
  validateMtls(doc, out);
  validateLogging(doc, out);
  validateTracing(doc, out);
  validateMetrics(doc, out);
  validateConstraints(doc, out);
  validateZoneEgress(doc, out);
  validateCreate(doc, out);
  nameWarnings(doc, out);
  deprecationWarnings(doc, out);
  rsaBitsWarnings(doc, out);
  return out;
}

/** U1: the CA cannot change while mTLS stays enabled. */
export function checkMeshUpdate(previous: Record<string, unknown>, next: Record<string, unknown>): Violation[] {
  const before = str(obj(obj(previous)?.mtls)?.enabledBackend);
  const after = str(obj(obj(next)?.mtls)?.enabledBackend);
  if (before !== '' && after !== '' && before !== after) {
    return [Loc.of('mtls', 'enabledBackend').err('Changing CA when mTLS is enabled is forbidden. Disable mTLS first and then change the CA')];
  }
  return [];
}

function formatTags(tags: Map<string, string>): string {
  return goQuote(goSorted([...tags].map(([k, v]) => `${k}=${v}`)).join(' '));
}

function matchesRule(rule: Map<string, string>, tags: Map<string, string>): boolean {
  for (const [k, v] of rule) {
    const actual = tags.get(k) ?? ''; // Go reads a missing key as ""
    if (v === '*' && actual !== '') continue;
    if (actual !== v) return false;
  }
  return true;
}

/**
 * Mesh constraints on a Dataplane (what kuma-cp checks on every Dataplane create/update): null when
 * the proxy may join, else Kuma's error text. `zone` is the control plane's zone name, injected as the
 * `kuma.io/zone` tag the way the dataplane manager does (pass "" for none).
 */
export function checkDataplaneMembership(mesh: Record<string, unknown>, dataplane: Record<string, unknown>, zone = 'default'): string | null {
  const dpp = obj(obj(obj(mesh)?.constraints)?.dataplaneProxy);
  const rules = (v: unknown) => list(v).map((r) => stringMap(obj(r)?.tags));
  const requirements = rules(dpp?.requirements);
  const restrictions = rules(dpp?.restrictions);
  const meshName = str(obj(dataplane)?.mesh) || str(obj(mesh)?.name);
  const modeRaw = obj(obj(mesh)?.meshServices)?.mode;
  const exclusive = modeRaw === 'Exclusive' || modeRaw === 3;

  const networking = obj(obj(dataplane)?.networking);
  const tagSets: Array<Map<string, string>> = [];
  for (const inbound of list(networking?.inbound)) {
    const tags = stringMap(obj(inbound)?.tags);
    if (zone !== '' && !(exclusive && tags.size === 0)) tags.set('kuma.io/zone', zone);
    tagSets.push(tags);
  }
  const gateway = obj(networking?.gateway);
  if (gateway) {
    const tags = stringMap(gateway.tags);
    if (zone !== '') tags.set('kuma.io/zone', zone);
    tagSets.push(tags);
  }

  for (const tags of tagSets) {
    if (requirements.length > 0 && !requirements.some((r) => matchesRule(r, tags))) {
      return `dataplane cannot be a member of mesh ${goQuote(meshName)} because its tags ${formatTags(tags)} does not fulfill any requirements defined on the Mesh`;
    }
    const denied = restrictions.find((r) => matchesRule(r, tags));
    if (denied) {
      return `dataplane cannot be a member of mesh ${goQuote(meshName)} because its tags ${formatTags(tags)} matches restricted tags ${formatTags(denied)} defined on the Mesh`;
    }
  }
  return null;
}

/** The Prometheus backend `conf` checks (shared with the Dataplane's own `metrics`), rooted at `at`. */
export function validatePrometheusConf(rawConf: unknown, at: Loc): Violation[] {
  const out: Violation[] = [];
  validatePrometheus(rawConf, at, out);
  return out;
}
