/**
 * Helpers shared by the targetRef-based policy rules (MeshTimeout, MeshRetry, MeshCircuitBreaker and the
 * others in policies.ts). Documents are Universal, spec-wrapped: `{type, name, mesh, labels?, spec}`.
 * Nothing here throws on unexpected shapes: a value of the wrong type is treated as absent.
 */
import { Loc } from './loc.js';
import { parseGoDuration } from '../../go/time.js';
import { spiffeIdProblem } from '../../go/spiffe.js';
import type { Violation } from '../types.js';

import { asRecord, asArray, asString, type Obj } from '../../json.js';

export { asRecord, asArray, asString, type Obj } from '../../json.js';
export { Loc } from './loc.js';

// ---------------------------------------------------------------------------------------------------------------
// Defensive accessors

/** A key that is present with a non-null value (Go: a non-nil pointer after decoding). */
export function isSet(o: Obj | undefined, key: string): boolean {
  return o !== undefined && o[key] !== undefined && o[key] !== null;
}

export function nonEmptyArray(v: unknown): boolean {
  return Array.isArray(v) && v.length > 0;
}

export function specOf(doc: Obj): Obj {
  return asRecord(doc.spec) ?? {};
}

/** A JSON number that is an integer (schema already enforced `integer`). */
export function asInt(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Kinds, roles, inbound-ness

export const K = {
  Mesh: 'Mesh',
  MeshSubset: 'MeshSubset',
  MeshGateway: 'MeshGateway',
  MeshService: 'MeshService',
  MeshExternalService: 'MeshExternalService',
  MeshMultiZoneService: 'MeshMultiZoneService',
  MeshServiceSubset: 'MeshServiceSubset',
  MeshHTTPRoute: 'MeshHTTPRoute',
  Dataplane: 'Dataplane',
} as const;

export const POLICY_ROLE_LABEL = 'kuma.io/policy-role';

/** True unless the document's labels set `kuma.io/policy-role` to something other than `system`. */
export function isSystemRole(doc: Obj): boolean {
  const labels = asRecord(doc.labels);
  const role = labels?.[POLICY_ROLE_LABEL];
  return typeof role !== 'string' || role === '' || role === 'system';
}

/** Kuma's `inbound.AffectsInbounds`: the policy has a non-empty `from` or `rules`. */
export function isInboundPolicy(spec: Obj): boolean {
  return nonEmptyArray(spec.from) || nonEmptyArray(spec.rules);
}

/** The top-level targetRef, or Kuma's implicit `{kind: Mesh}` when it is missing. */
export function topLevelRef(spec: Obj): Obj {
  return asRecord(spec.targetRef) ?? { kind: K.Mesh };
}

export function topLevelKind(spec: Obj): string {
  return asString(topLevelRef(spec).kind);
}

/** `common_api.IncludesGateways` (2.x): MeshGateway, MeshHTTPRoute, or Mesh/MeshSubset not limited to sidecars. */
export function includesGateways(ref: Obj): boolean {
  const kind = asString(ref.kind);
  if (kind === K.MeshGateway || kind === K.MeshHTTPRoute) return true;
  if (kind !== K.Mesh && kind !== K.MeshSubset) return false;
  const proxyTypes = asArray(ref.proxyTypes);
  return proxyTypes.length === 0 || proxyTypes.includes('Gateway');
}

// ---------------------------------------------------------------------------------------------------------------
// Deprecation warnings

export const FROM_DEPRECATED = "'from' field is deprecated, use 'rules' instead";

export function fromDeprecationWarnings(spec: Obj): Violation[] {
  return nonEmptyArray(spec.from) ? [Loc.of('spec', 'from').warn(FROM_DEPRECATED)] : [];
}

/** The top-level `targetRef.kind` deprecations of MeshTimeout, MeshRetry and MeshCircuitBreaker. */
export function topLevelKindDeprecationWarnings(spec: Obj): Violation[] {
  const ref = asRecord(spec.targetRef);
  if (!ref) return [];
  const kind = asString(ref.kind);
  if (kind === K.MeshService || kind === K.MeshServiceSubset || kind === K.MeshSubset) {
    return [Loc.of('spec', 'targetRef', 'kind').warn(`${kind} value for 'targetRef.kind' is deprecated, use Dataplane with labels instead`)];
  }
  if (kind === K.MeshHTTPRoute) {
    return [
      Loc.of('spec', 'targetRef', 'kind').warn(
        "MeshHTTPRoute value for 'targetRef.kind' is deprecated, use MeshHTTPRoute in spec.to[].targetRef",
      ),
    ];
  }
  return [];
}

// ---------------------------------------------------------------------------------------------------------------
// Duration decoding (Go time.ParseDuration via metav1.Duration)

/** Relative duration paths inside a policy section, e.g. ['http', 'requestTimeout']. */
export type DurationField = readonly string[];

/**
 * Decode every duration string at `fields` (relative to `base`); returns the decode errors at the document path.
 * Values that are not strings are left to the schema.
 */
export function decodeDurations(base: Loc, section: unknown, fields: readonly DurationField[]): Violation[] {
  const out: Violation[] = [];
  for (const rel of fields) {
    let cur: unknown = section;
    let loc = base;
    for (const seg of rel) {
      const o = asRecord(cur);
      cur = o?.[seg];
      loc = loc.f(seg);
    }
    if (typeof cur !== 'string') continue;
    const r = parseGoDuration(cur);
    if (!r.ok) out.push(loc.err(r.error));
  }
  return out;
}

/** Decode errors for the `default` of every `from[i]`, `to[i]` and `rules[i]`, in document order. */
export function decodeSectionDurations(spec: Obj, fields: readonly DurationField[]): Violation[] {
  const out: Violation[] = [];
  for (const key of Object.keys(spec).filter((k) => k === 'from' || k === 'to' || k === 'rules')) {
    asArray(spec[key]).forEach((item, i) => {
      out.push(...decodeDurations(Loc.of('spec', key).i(i).f('default'), asRecord(item)?.default, fields));
    });
  }
  return out;
}

/**
 * Kuma decodes a policy before it validates it: when a duration does not decode, the decode errors are all it
 * reports; otherwise `validate` runs on the spec. `decode` is the duration fields of each `from`/`to`/`rules`
 * section's `default`, or a function for other places.
 */
export function validateDecoded(
  doc: Obj,
  decode: readonly DurationField[] | ((spec: Obj) => Violation[]),
  validate: (doc: Obj, spec: Obj) => Violation[],
): Violation[] {
  const spec = specOf(doc);
  const decodeErrors = typeof decode === 'function' ? decode(spec) : decodeSectionDurations(spec, decode);
  return decodeErrors.length > 0 ? decodeErrors : validate(doc, spec);
}

/** Nanoseconds of a duration value that already decoded, or undefined when absent/not a string. */
export function durationNs(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const r = parseGoDuration(v);
  return r.ok ? r.nanoseconds : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Match (spiffeID / sni) validation, shared by MeshTimeout rules and MeshTrafficPermission rules

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);

/** apimachinery `IsDNS1123Subdomain` messages. */
export function dns1123SubdomainProblems(value: string): string[] {
  const out: string[] = [];
  if (value.length > 253) out.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    out.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '" +
        DNS1123_SUBDOMAIN_FMT +
        "')",
    );
  }
  return out;
}

/**
 * Kuma's `ValidateMatch` (pkg/core/resources/apis/mesh/validators.go) for one `{spiffeID?, sni?}` entry at `loc`:
 * the SPIFFE ID parses, the SNI type and value. This is all MeshTrafficPermission and MeshFaultInjection check.
 */
export function validateMatchCore(match: unknown, loc: Loc): Violation[] {
  const out: Violation[] = [];
  const m = asRecord(match) ?? {};
  const spiffe = asRecord(m.spiffeID);
  const sni = asRecord(m.sni);
  if (spiffe) {
    const problem = spiffeIdProblem(asString(spiffe.value));
    if (problem !== undefined) out.push(loc.f('spiffeID').err(`must be a valid Spiffe ID: ${problem}`));
  }
  if (sni) {
    const type = asString(sni.type);
    if (type === '') out.push(loc.f('sni').f('type').err('must be set'));
    else if (type !== 'Exact') out.push(loc.f('sni').f('type').err(`unrecognized type ${JSON.stringify(type)}, supported values are: Exact`));
    const value = asString(sni.value);
    if (value === '') out.push(loc.f('sni').f('value').err('must be set'));
    else for (const p of dns1123SubdomainProblems(value)) out.push(loc.f('sni').f('value').err(p));
  }
  return out;
}

/**
 * `validateMatchCore` plus what MeshTimeout and MeshRateLimit add per match: at least one of spiffeID or sni, and a
 * known spiffeID type.
 */
export function validateMatch(match: unknown, loc: Loc): Violation[] {
  const out = validateMatchCore(match, loc);
  const m = asRecord(match) ?? {};
  const spiffe = asRecord(m.spiffeID);
  if (!spiffe && !asRecord(m.sni)) {
    out.push(loc.err("must specify at least one of 'spiffeID' or 'sni'"));
    return out;
  }
  if (spiffe) {
    const type = asString(spiffe.type);
    if (type === '') out.push(loc.f('spiffeID').f('type').err('must be set'));
    else if (type !== 'Exact' && type !== 'Prefix') {
      out.push(loc.f('spiffeID').f('type').err(`unrecognized type ${JSON.stringify(type)}, supported values are: Exact, Prefix`));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// IntOrString numbers (healthyPanicThreshold, standardDeviationFactor)

const DECIMAL_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The numeric value of an IntOrString, or 'invalid' for a string that is not a decimal number. */
export function intOrStringNumber(v: unknown): number | 'invalid' | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : 'invalid';
  if (typeof v === 'string') return DECIMAL_RE.test(v.trim()) && v.trim() === v ? Number(v) : 'invalid';
  return undefined;
}
