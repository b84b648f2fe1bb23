/**
 * MeshTrace semantic rules (Kuma 2.14.3, pkg/plugins/policies/meshtrace/api/v1alpha1/validator.go and deprecated.go):
 * top-level targetRef by policy role, then `default` (backends, tags, sampling).
 */
import type { Violation } from '../types.js';
import { goURLParseRequestURI, goUrlPort as goURLPort } from '../../go/url.js';
import { isGovalidatorURL } from '../../go/govalidator.js';
import { asArray, asRecord, asString, intOrStringNumber, isSet, K, Loc, specOf, topLevelKindDeprecationWarnings, type Obj } from './policy-common.js';
import { validateTopLevelTargetRef } from './targetref.js';
import { isInlineOtelEndpoint, OTEL_ENDPOINT_DEPRECATED, validateOtelBackendRefOrEndpoint } from './otel-common.js';

const TOP_KINDS_SYSTEM = [K.Mesh, K.MeshSubset, K.MeshGateway, K.MeshService, K.MeshServiceSubset, K.Dataplane];
const TOP_KINDS_OTHER = [K.Mesh, K.MeshSubset, K.MeshService, K.MeshServiceSubset, K.Dataplane];

export function validateMeshTrace(doc: Record<string, unknown>): Violation[] {
  const spec = specOf(doc);
  const root = Loc.of('spec');
  const out: Violation[] = [];
  out.push(...validateTopLevelTargetRef(doc, spec, { kinds: { system: TOP_KINDS_SYSTEM, other: TOP_KINDS_OTHER }, listenerTags: false }));
  out.push(...validateDefault(asRecord(spec.default) ?? {}, root.f('default')));
  return [...out, ...deprecations(spec)];
}

function deprecations(spec: Obj): Violation[] {
  const backends = asArray(asRecord(spec.default)?.backends);
  const out = backends.some((b) => isInlineOtelEndpoint(asRecord(b)?.openTelemetry)) ? [Loc.of('spec', 'default', 'backends').warn(OTEL_ENDPOINT_DEPRECATED)] : [];
  return [...out, ...topLevelKindDeprecationWarnings(spec)];
}

function validateDefault(conf: Obj, loc: Loc): Violation[] {
  const out: Violation[] = [];
  const backendsLoc = loc.f('backends');
  if (!isSet(conf, 'backends')) out.push(backendsLoc.err('must be defined'));
  const backends = asArray(conf.backends);
  if (backends.length === 1) out.push(...validateBackend(asRecord(backends[0]) ?? {}, backendsLoc.i(0)));
  else if (backends.length > 1) out.push(backendsLoc.err('must have zero or one backend defined'));

  asArray(conf.tags).forEach((t, i) => {
    const tag = asRecord(t) ?? {};
    const l = loc.f('tags').i(i);
    if (asString(tag.name) === '') out.push(l.f('name').err('must not be empty'));
    if (isSet(tag, 'header') === isSet(tag, 'literal')) out.push(l.err('tag must have only one type defined: header, literal'));
  });

  const sampling = asRecord(conf.sampling);
  if (sampling) {
    for (const key of ['client', 'random', 'overall']) {
      if (!isSet(sampling, key)) continue;
      const l = loc.f('sampling').f(key);
      const n = intOrStringNumber(sampling[key]);
      if (n === 'invalid') out.push(l.err('string is not a number'));
      else if (n !== undefined && (n < 0 || n > 100)) out.push(l.err('must be between 0 and 100'));
    }
  }
  return out;
}

function validateBackend(backend: Obj, loc: Loc): Violation[] {
  const out: Violation[] = [];
  switch (asString(backend.type)) {
    case 'Datadog': {
      const l = loc.f('datadog');
      if (!isSet(backend, 'datadog')) return [l.err('must be defined')];
      const ul = l.f('url');
      const url = goURLParseRequestURI(asString(asRecord(backend.datadog)?.url));
      if (!url) return [ul.err('must be a valid url')];
      if (url.scheme !== 'http') out.push(ul.err('scheme must be http'));
      const port = goURLPort(url.host);
      if (port === '') out.push(ul.err('port must be defined'));
      else {
        const n = /^[+-]?[0-9]+$/.test(port) ? Number(port) : NaN;
        if (!Number.isFinite(n) || n <= 0 || n > 65535) out.push(ul.err('port must be a valid (1-65535)'));
      }
      // Kuma walks a Go map here, so several of these come out in no fixed order; one at a time is the usual case.
      if (url.opaque !== '') out.push(ul.err('opaque must not be defined'));
      if (url.user) out.push(ul.err('user must not be defined'));
      if (url.path !== '') out.push(ul.err('path must not be defined'));
      if (url.rawQuery !== '') out.push(ul.err('query must not be defined'));
      if (url.fragment !== '') out.push(ul.err('fragment must not be defined'));
      break;
    }
    case 'Zipkin': {
      const l = loc.f('zipkin');
      if (!isSet(backend, 'zipkin')) return [l.err('must be defined')];
      const url = asString(asRecord(backend.zipkin)?.url);
      if (url === '') out.push(l.f('url').err('must not be empty'));
      else if (!isGovalidatorURL(url)) out.push(l.f('url').err('must be a valid url'));
      break;
    }
    case 'OpenTelemetry': {
      const l = loc.f('openTelemetry');
      if (!isSet(backend, 'openTelemetry')) return [l.err('must be defined')];
      out.push(...validateOtelBackendRefOrEndpoint(asRecord(backend.openTelemetry) ?? {}, l));
      break;
    }
    default:
      break;
  }
  return out;
}
