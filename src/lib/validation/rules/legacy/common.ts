/**
 * Shared pieces of the legacy (Kuma 2.x, selector-based) rule modules: reading a flat Universal document
 * the way kuma-cp's protobuf-JSON decoder (golang/protobuf jsonpb) reads the proto spec, Kuma's field
 * strings paired with where the value sits in the document, and Kuma 2.14.3's selector and tag checks
 * (pkg/core/resources/apis/mesh/validators.go).
 *
 * Decoding rules reproduced here: a field is found under its JSON name or its proto (snake_case) name, the
 * JSON name winning; `null` means unset; an empty list decodes as nil (absent), an empty map or message as
 * present-but-empty; wrapper and scalar numbers may be JSON numbers or numeric strings; durations are Go
 * duration strings. Nothing here throws on a value of the wrong shape: it reads as unset.
 */
import { parseGoDuration } from '../../../go/time.js';
import type { Violation } from '../../types.js';
import { Loc, Verr } from '../loc.js';
import { isRecord, type Obj } from '../../../json.js';
import { SERVICE_TAG, validateSelector, type TagKeyValidator, type TagsOpts, type TagsValidator } from '../tags.js';
import { parseProtocol, scalarStr as asStr } from '../kuma-errors.js';
import { goQuote as q } from '../../../go/strconv.js';

export { validateSelector, validateTags, type TagsOpts, type TagsValidator, type TagKeyValidator, type TagValueValidator } from '../tags.js';
export { parseProtocol, SUPPORTED_PROTOCOLS, validateMeshPort } from '../kuma-errors.js';

export { isRecord, type Obj } from '../../../json.js';
export { q };
export { Loc, Verr } from '../loc.js';

// ---------------------------------------------------------------------------------------------------
// Reading a proto message from JSON

function snake(jsonName: string): string {
  return jsonName.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Which key of `o` holds the field (JSON name first, then proto name), or undefined when unset. */
export function keyOf(o: Obj | undefined, jsonName: string, protoName: string = snake(jsonName)): string | undefined {
  if (!o) return undefined;
  if (Object.prototype.hasOwnProperty.call(o, jsonName)) return o[jsonName] === null || o[jsonName] === undefined ? undefined : jsonName;
  if (protoName !== jsonName && Object.prototype.hasOwnProperty.call(o, protoName)) {
    return o[protoName] === null || o[protoName] === undefined ? undefined : protoName;
  }
  return undefined;
}

/** A decoded proto message: its JSON object and where it sits. */
export class Msg {
  constructor(
    readonly o: Obj,
    readonly loc: Loc,
  ) {}

  static of(v: unknown, loc: Loc): Msg | undefined {
    return isRecord(v) ? new Msg(v, loc) : undefined;
  }

  /** The raw value of a field (undefined when unset). */
  raw(name: string, protoName?: string): unknown {
    const k = keyOf(this.o, name, protoName);
    return k === undefined ? undefined : this.o[k];
  }

  has(name: string, protoName?: string): boolean {
    return keyOf(this.o, name, protoName) !== undefined;
  }

  /** The location of a field, Kuma naming it `name` (or `kumaName`), the document the way it is spelled. */
  at(name: string, kumaName: string = name, protoName?: string): Loc {
    return this.loc.f(kumaName, keyOf(this.o, name, protoName) ?? name);
  }

  /** A sub-message; undefined when unset (nil in Go). */
  msg(name: string, kumaName: string = name, protoName?: string): Msg | undefined {
    return Msg.of(this.raw(name, protoName), this.at(name, kumaName, protoName));
  }

  str(name: string, protoName?: string): string {
    return asStr(this.raw(name, protoName));
  }

  /** A repeated field: undefined when unset or empty (jsonpb leaves an empty list nil). */
  list(name: string, protoName?: string): unknown[] | undefined {
    const v = this.raw(name, protoName);
    return Array.isArray(v) && v.length > 0 ? v : undefined;
  }

  /** A map field: undefined when unset; an empty object is an empty (non-nil) map. */
  map(name: string, protoName?: string): Map<string, string> | undefined {
    const v = this.raw(name, protoName);
    return isRecord(v) ? stringMap(v) : undefined;
  }

  /** A number (scalar or wrapper); undefined when unset. */
  num(name: string, protoName?: string): number | undefined {
    return asNum(this.raw(name, protoName));
  }

  bool(name: string, protoName?: string): boolean {
    const v = this.raw(name, protoName);
    return v === true || v === 'true';
  }
}

export { asStr };

/** A JSON number or a numeric string, as jsonpb reads numbers. */
export function asNum(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

/** A string→string map as jsonpb decodes it (`null` values read as ""). */
export function stringMap(o: Obj): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o)) out.set(k, asStr(v));
  return out;
}

/** A proto Duration written as a Go duration string: its nanoseconds, or undefined when unset or unreadable. */
export function durationNs(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const d = parseGoDuration(v);
  return d.ok ? Math.trunc(d.nanoseconds) : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Kuma's shared checks (validators.go)

const TAG_NAME = /^[a-zA-Z0-9.\-_:/]*$/;
export const TAG_NAME_CHARSET = TAG_NAME;

export { goSorted as goSortedKeys, SERVICE_TAG } from '../tags.js';
export const PROTOCOL_TAG = 'kuma.io/protocol';
export const ZONE_TAG = 'kuma.io/zone';
export const EXTERNAL_SERVICE_TAG = 'kuma.io/external-service-name';

export interface SelectorsOpts extends TagsOpts {
  requireAtMostOneSelector?: boolean;
  requireAtLeastOneSelector?: boolean;
}

/** ValidateSelectors: each `…[i].match` as a selector. `list` undefined means none. */
export function validateSelectors(loc: Loc, list: unknown[] | undefined, opts: SelectorsOpts): Verr {
  const err = new Verr();
  const items = list ?? [];
  if (opts.requireAtLeastOneSelector && items.length === 0) err.at(loc, 'must have at least one element');
  items.forEach((raw, i) => {
    const sel = Msg.of(raw, loc.i(i)) ?? new Msg({}, loc.i(i));
    err.add(validateSelector(sel.at('match'), sel.map('match') ?? new Map(), opts));
    if (i > 0 && opts.requireAtMostOneSelector) err.at(loc.i(i), 'there can be at most one selector');
  });
  return err;
}

/** OnlyServiceTagAllowed: destinations of the legacy policies. */
export const ONLY_SERVICE_TAG_ALLOWED: SelectorsOpts = {
  requireAtLeastOneSelector: true,
  requireService: true,
  extraTags: [
    (loc, tags) => {
      const e = new Verr();
      if (tags.size !== 1 || !tags.has(SERVICE_TAG)) e.at(loc, `must consist of exactly one tag "${SERVICE_TAG}"`);
      return e;
    },
  ],
  extraKeys: [
    (loc, key) => {
      const e = new Verr();
      if (key !== SERVICE_TAG) e.at(loc.k(key), `tag ${q(key)} is not allowed`);
      return e;
    },
  ],
};

/** The common `sources` options: at least one selector, each with at least one tag (and the service tag when asked). */
export function sourcesOpts(requireService: boolean): SelectorsOpts {
  return { requireAtLeastOneSelector: true, requireAtLeastOneTag: true, requireService };
}

/** The `conf` a legacy policy needs; when it is missing, reports `message` at `conf` and returns undefined. */
export function requiredConf(spec: Msg, err: Verr, message: string): Msg | undefined {
  const conf = spec.msg('conf');
  if (!conf) err.at(spec.at('conf'), message);
  return conf;
}

/** A connection policy: its `sources` and `destinations` (see validateSourcesAndDestinations), then `validateConf` if any. */
export function validateConnectionPolicy(doc: Record<string, unknown>, shape: 'byService' | 'tagged', validateConf?: (spec: Msg) => Verr): Violation[] {
  const spec = specOf(doc);
  const err = validateSourcesAndDestinations(spec, shape);
  if (validateConf) err.add(validateConf(spec));
  return err.list;
}

/** A connection policy whose `conf` is required: `missing` is reported when it is absent, otherwise `validateConf` checks it. */
export function validateConnectionPolicyConf(doc: Record<string, unknown>, shape: 'byService' | 'tagged', missing: string, validateConf: (conf: Msg) => Verr): Violation[] {
  return validateConnectionPolicy(doc, shape, (spec) => {
    const err = new Verr();
    const conf = requiredConf(spec, err, missing);
    if (conf) err.add(validateConf(conf));
    return err;
  });
}

/**
 * The `sources` and `destinations` of a connection policy. `byService`: sources carry `kuma.io/service` and
 * destinations select by that tag alone (CircuitBreaker, HealthCheck, Retry, Timeout, TrafficLog, TrafficRoute);
 * `tagged`: both only need a tag (TrafficPermission, RateLimit).
 */
export function validateSourcesAndDestinations(spec: Msg, shape: 'byService' | 'tagged'): Verr {
  const err = new Verr();
  const byService = shape === 'byService';
  err.add(validateSelectors(spec.at('sources'), spec.list('sources'), sourcesOpts(byService)));
  err.add(validateSelectors(spec.at('destinations'), spec.list('destinations'), byService ? ONLY_SERVICE_TAG_ALLOWED : sourcesOpts(false)));
  return err;
}

/** SelectorKeyNotInSet: tag names a selector must not use. */
export function selectorKeyNotIn(...names: string[]): TagKeyValidator {
  return (loc, key) => {
    const e = new Verr();
    if (names.includes(key)) e.at(loc.k(key), `tag name must not be ${q(key)}`);
    return e;
  };
}

/** ValidateDuration: set, valid and non-zero. */
export function validateDuration(loc: Loc, value: unknown): Verr {
  const err = new Verr();
  if (value === undefined || value === null) {
    err.at(loc, 'must have a positive value');
    return err;
  }
  const ns = durationNs(value);
  if (ns === undefined) {
    err.at(loc, 'must have a valid value');
    return err;
  }
  if (ns === 0) err.at(loc, 'must have a positive value');
  return err;
}

/** ValidateThreshold: a uint32 that must not be 0. */
export function validateThreshold(loc: Loc, value: number | undefined): Verr {
  const err = new Verr();
  if (!value) err.at(loc, 'must have a positive value');
  return err;
}

/** ValidatePort: 1..65535. */

const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DOMAIN = new RegExp(`^${DNS_LABEL}(\\.${DNS_LABEL})*$`);

/** ValidateHostname: `*`, `*.domain` or `domain`. */
export function validateHostname(loc: Loc, hostname: string): Verr {
  const err = new Verr();
  if (hostname === '*') return err;
  if (Buffer.byteLength(hostname, 'utf8') > 253) err.at(loc, 'must be at most 253 characters');
  if (hostname.startsWith('*.')) {
    if (!DOMAIN.test(hostname.slice(2))) err.at(loc, 'invalid wildcard domain');
    return err;
  }
  if (!DOMAIN.test(hostname)) err.at(loc, 'invalid hostname');
  return err;
}

/** ProtocolValidator: the `kuma.io/protocol` tag must be present and one of `protocols`. */
export function protocolValidator(protocols: string[]): TagsValidator {
  return (loc, tags) => {
    const e = new Verr();
    const v = tags.get(PROTOCOL_TAG);
    if (v === undefined) {
      e.at(loc, 'protocol must be specified');
      return e;
    }
    if (!protocols.includes(parseProtocol(v))) e.at(loc.k(PROTOCOL_TAG), `must be one of the [${protocols.join(', ')}]`);
    return e;
  };
}

/** The document's top level read as the proto spec. */
export function specOf(doc: Record<string, unknown>): Msg {
  return new Msg(doc, Loc.root());
}
