/**
 * MeshMetric semantic rules (Kuma 2.14.3, pkg/plugins/policies/meshmetric/api/v1alpha1/validator.go and
 * deprecated.go): top-level targetRef by policy role, then `default.sidecar`, `default.applications`,
 * `default.backends`. Kuma names application and backend findings `applications.application[i]` and
 * `backends.backend[i]…`; the document locations are `applications[i].port` and `backends[i]…`.
 */
import type { Violation } from '../types.js';
import { goRegexpError } from '../../go/regexp.js';
import { goSplitHostPort } from '../../go/net.js';
import { asArray, asInt, asRecord, asString, isSet, K, Loc, specOf, topLevelKindDeprecationWarnings, type Obj } from './policy-common.js';
import { validateTopLevelTargetRef } from './targetref.js';
import { isInlineOtelEndpoint, OTEL_ENDPOINT_DEPRECATED, validateOtelBackendRefOrEndpoint } from './otel-common.js';

const TOP_KINDS_SYSTEM = [K.Mesh, K.MeshSubset, K.MeshService, K.MeshServiceSubset, K.MeshGateway, K.Dataplane];
const TOP_KINDS_OTHER = [K.Mesh, K.MeshSubset, K.MeshService, K.Dataplane, K.MeshServiceSubset];
const PORT_MSG = 'port must be a valid (1-65535)';

export function validateMeshMetric(doc: Record<string, unknown>): Violation[] {
  const spec = specOf(doc);
  const root = Loc.of('spec');
  const out: Violation[] = [];
  out.push(...validateTopLevelTargetRef(doc, spec, { kinds: { system: TOP_KINDS_SYSTEM, other: TOP_KINDS_OTHER }, listenerTags: 'system' }));
  const conf = asRecord(spec.default) ?? {};
  const def = root.f('default');
  out.push(...validateSidecar(asRecord(conf.sidecar), def.f('sidecar')));
  out.push(...validateApplications(conf, def.f('applications')));
  out.push(...validateBackends(conf, def.f('backends')));
  return [...out, ...deprecations(spec)];
}

function deprecations(spec: Obj): Violation[] {
  const backends = asArray(asRecord(spec.default)?.backends);
  const out = backends.some((b) => isInlineOtelEndpoint(asRecord(b)?.openTelemetry)) ? [Loc.of('spec', 'default', 'backends').warn(OTEL_ENDPOINT_DEPRECATED)] : [];
  return [...out, ...topLevelKindDeprecationWarnings(spec)];
}

function validateSidecar(sidecar: Obj | undefined, loc: Loc): Violation[] {
  const profiles = asRecord(sidecar?.profiles);
  if (!profiles) return [];
  const out: Violation[] = [];
  const pl = loc.f('profiles');
  for (const key of ['exclude', 'include']) {
    if (!isSet(profiles, key)) continue;
    asArray(profiles[key]).forEach((s, i) => {
      const sel = asRecord(s) ?? {};
      const l = pl.f(key).i(i);
      const type = asString(sel.type);
      if (type === 'Regex') {
        if (goRegexpError(asString(sel.match)) !== null) out.push(l.f('match').err('invalid regex'));
      } else if (type !== 'Prefix' && type !== 'Exact' && type !== 'Contains') {
        out.push(l.f('type').err(`unrecognized type '${type}' - 'Regex', 'Prefix', 'Exact' are supported`));
      }
    });
  }
  if (isSet(profiles, 'appendProfiles')) {
    asArray(profiles.appendProfiles).forEach((p, i) => {
      const name = asString(asRecord(p)?.name);
      if (name !== 'All' && name !== 'None' && name !== 'Basic') {
        out.push(pl.f('appendProfiles').i(i).f('name').err(`unrecognized profile name '${name}' - 'All', 'None', 'Basic' are supported`));
      }
    });
  }
  return out;
}

function badPort(v: unknown): boolean {
  const n = asInt(v) ?? 0;
  return n <= 0 || n > 65535;
}

function validateApplications(conf: Obj, loc: Loc): Violation[] {
  const out: Violation[] = [];
  asArray(conf.applications).forEach((a, i) => {
    if (badPort(asRecord(a)?.port)) out.push(loc.fieldOnly('application').i(i).docOnly('port').err(PORT_MSG));
  });
  return out;
}

function validateBackends(conf: Obj, loc: Loc): Violation[] {
  const out: Violation[] = [];
  asArray(conf.backends).forEach((b, i) => {
    const backend = asRecord(b) ?? {};
    const l = loc.fieldOnly('backend').i(i);
    switch (asString(backend.type)) {
      case 'Prometheus':
        if (!isSet(backend, 'prometheus')) out.push(l.f('prometheus').err('must be defined'));
        else if (badPort(asRecord(backend.prometheus)?.port)) out.push(l.docOnly('prometheus').f('port').err(PORT_MSG));
        break;
      case 'OpenTelemetry':
        if (!isSet(backend, 'openTelemetry')) out.push(l.f('openTelemetry').err('must be defined'));
        else {
          const ol = l.f('openTelemetry');
          out.push(
            ...validateOtelBackendRefOrEndpoint(asRecord(backend.openTelemetry) ?? {}, ol, (endpoint) =>
              goSplitHostPort(endpoint) === null ? [ol.f('endpoint').err('must be in host:port format')] : [],
            ),
          );
        }
        break;
      default:
        out.push(l.err('unrecognized type'));
    }
  });
  return out;
}
