/**
 * MeshTLS semantic rules (Kuma 2.14.3, pkg/plugins/policies/meshtls/api/v1alpha1/validator.go and
 * api/common/v1alpha1/tls), in Kuma's check order: top-level targetRef, `from` vs `rules`, then rules and from.
 */
import type { Violation } from '../types.js';
import {
  asArray,
  asRecord,
  asString,
  fromDeprecationWarnings,
  isSet,
  K,
  Loc,
  nonEmptyArray,
  specOf,
  topLevelKind,
  topLevelKindDeprecationWarnings,
  type Obj,
} from './policy-common.js';
import { forEachItem, plainRef, validateTopLevelTargetRef, validateTargetRef } from './targetref.js';

const TOP_KINDS = [K.Mesh, K.MeshSubset, K.Dataplane];
const MODES = ['Strict', 'Permissive'];
const CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-RSA-CHACHA20-POLY1305',
];
const TLS_VERSIONS = ['TLSAuto', 'TLS10', 'TLS11', 'TLS12', 'TLS13'];

/** Kuma's `MakeFieldMustBeOneOfErr`: `"field" must be one of ["a", "b"]`. */
function mustBeOneOf(field: string, allowed: readonly string[]): string {
  return `${JSON.stringify(field)} must be one of [${allowed.map((a) => JSON.stringify(a)).join(', ')}]`;
}

export function validateMeshTLS(doc: Record<string, unknown>): Violation[] {
  const spec = specOf(doc);
  const out: Violation[] = [];
  const spec_ = Loc.of('spec');
  out.push(...validateTopLevelTargetRef(doc, spec, { kinds: TOP_KINDS, inbound: true, listenerTags: false }));
  if (nonEmptyArray(spec.rules) && nonEmptyArray(spec.from)) out.push(spec_.err("field 'from' must be empty when 'rules' is defined"));
  const topKind = topLevelKind(spec);
  asArray(spec.rules).forEach((item, i) => {
    out.push(...validateConf(asRecord(asRecord(item)?.default) ?? {}, spec_.f('rules').i(i).f('default'), topKind));
  });
  forEachItem(spec, 'from', (it, loc) => {
    out.push(...validateTargetRef(it.targetRef, loc.f('targetRef'), plainRef([K.Mesh])));
    out.push(...validateConf(asRecord(it.default) ?? {}, loc.f('default'), topKind));
  });
  return [...out, ...fromDeprecationWarnings(spec), ...topLevelKindDeprecationWarnings(spec)];
}

function validateConf(conf: Obj, loc: Loc, topKind: string): Violation[] {
  const out: Violation[] = [];
  if (isSet(conf, 'mode') && !MODES.includes(asString(conf.mode))) out.push(loc.f('mode').err(mustBeOneOf('mode', MODES)));
  const ciphers = asArray(conf.tlsCiphers);
  if (ciphers.length > 0 && topKind !== K.Mesh) {
    out.push(loc.f('tlsCiphers').err('tlsCiphers can only be defined with top level targetRef kind: Mesh'));
  } else if (!ciphers.every((c) => CIPHERS.includes(asString(c)))) {
    out.push(loc.f('tlsCiphers').err(mustBeOneOf('tlsCiphers', CIPHERS)));
  }
  if (isSet(conf, 'tlsVersion')) {
    const vl = loc.f('tlsVersion');
    if (topKind !== K.Mesh) out.push(vl.err('tlsVersion can only be defined with top level targetRef kind: Mesh'));
    else out.push(...validateVersion(asRecord(conf.tlsVersion) ?? {}, vl));
  }
  return out;
}

/** `common_tls.ValidateVersion`. */
function validateVersion(version: Obj, loc: Loc): Violation[] {
  const out: Violation[] = [];
  const order = (v: string): number => TLS_VERSIONS.indexOf(v);
  let specificMin = false;
  let specificMax = false;
  const min = asString(version.min);
  const max = asString(version.max);
  if (isSet(version, 'min')) {
    if (!TLS_VERSIONS.includes(min)) out.push(loc.f('min').err(mustBeOneOf('min', TLS_VERSIONS)));
    else specificMin = min !== 'TLSAuto';
  }
  if (isSet(version, 'max')) {
    if (!TLS_VERSIONS.includes(max)) out.push(loc.f('max').err(mustBeOneOf('max', TLS_VERSIONS)));
    else specificMax = max !== 'TLSAuto';
  }
  if (specificMin && specificMax && order(min) > order(max)) out.push(loc.f('min').err('min version must be lower than max'));
  return out;
}
