/**
 * MeshAccessLog semantic rules (Kuma 2.14.3, pkg/plugins/policies/meshaccesslog/api/v1alpha1/validator.go and
 * deprecated.go), in Kuma's order: top-level targetRef, `rules` vs `to`/`from`, then `to`, `from`, `rules` items.
 */
import type { Violation } from '../types.js';
import { isGoJSON, isGovalidatorFilePath, isGovalidatorURL } from '../../go/govalidator.js';
import {
  asArray,
  asRecord,
  asString,
  fromDeprecationWarnings,
  isInboundPolicy,
  isSet,
  K,
  Loc,
  nonEmptyArray,
  specOf,
  topLevelKindDeprecationWarnings,
  topLevelRef,
  validateMatchCore,
  type Obj,
} from './policy-common.js';
import { plainRef, validateTargetRef } from './targetref.js';
import { isInlineOtelEndpoint, OTEL_ENDPOINT_DEPRECATED, validateOtelAttributeName, validateOtelBackendRefOrEndpoint } from './otel-common.js';

const TOP_KINDS = [K.Mesh, K.MeshSubset, K.MeshGateway, K.MeshService, K.MeshServiceSubset, K.Dataplane];
const TO_KINDS = [K.Mesh, K.MeshService, K.MeshExternalService, K.MeshMultiZoneService, K.MeshHTTPRoute];
const TO_KINDS_GATEWAY = [K.Mesh];

export function validateMeshAccessLog(doc: Record<string, unknown>): Violation[] {
  const spec = specOf(doc);
  const root = Loc.of('spec');
  const out: Violation[] = [];
  const top = topLevelRef(spec);

  out.push(
    ...validateTargetRef(top, root.f('targetRef'), {
      allowedKinds: TOP_KINDS,
      gatewayListenerTagsAllowed: true,
      isInboundPolicy: isInboundPolicy(spec),
    }),
  );
  const hasTo = nonEmptyArray(spec.to);
  const hasFrom = nonEmptyArray(spec.from);
  const hasRules = nonEmptyArray(spec.rules);
  if (hasRules && (hasTo || hasFrom)) out.push(root.err("fields 'to' and 'from' must be empty when 'rules' is defined"));
  if (!hasRules && !hasTo && !hasFrom) out.push(root.err("at least one of 'from', 'to' or 'rules' has to be defined"));

  const toKinds = asString(top.kind) === K.MeshGateway ? TO_KINDS_GATEWAY : TO_KINDS;
  asArray(spec.to).forEach((item, i) => {
    const it = asRecord(item) ?? {};
    const loc = root.f('to').i(i);
    out.push(...validateTargetRef(it.targetRef, loc.f('targetRef'), plainRef(toKinds)));
    out.push(...validateConf(it.default, loc.f('default')));
  });
  asArray(spec.from).forEach((item, i) => {
    const it = asRecord(item) ?? {};
    const loc = root.f('from').i(i);
    out.push(...validateTargetRef(it.targetRef, loc.f('targetRef'), plainRef([K.Mesh])));
    out.push(...validateConf(it.default, loc.f('default')));
  });
  asArray(spec.rules).forEach((item, i) => {
    const it = asRecord(item) ?? {};
    const loc = root.f('rules').i(i);
    asArray(it.matches).forEach((m, j) => out.push(...validateMatchCore(m, loc.f('matches').i(j))));
    out.push(...validateConf(it.default, loc.f('default')));
  });

  return [...out, ...deprecations(spec)];
}

function deprecations(spec: Obj): Violation[] {
  const out = fromDeprecationWarnings(spec);
  for (const key of ['to', 'from', 'rules']) {
    const found = asArray(spec[key]).some((item) =>
      asArray(asRecord(asRecord(item)?.default)?.backends).some((b) => isInlineOtelEndpoint(asRecord(b)?.openTelemetry)),
    );
    if (found) {
      out.push(Loc.of('spec').warn(OTEL_ENDPOINT_DEPRECATED));
      break;
    }
  }
  return [...out, ...topLevelKindDeprecationWarnings(spec)];
}

function validateConf(value: unknown, loc: Loc): Violation[] {
  const conf = asRecord(value);
  if (!isSet(conf, 'backends')) return [loc.f('backends').err('must be defined')];
  const out: Violation[] = [];
  asArray(conf!.backends).forEach((b, i) => out.push(...validateBackend(asRecord(b) ?? {}, loc.f('backends').i(i))));
  return out;
}

function validateBackend(backend: Obj, loc: Loc): Violation[] {
  const out: Violation[] = [];
  switch (asString(backend.type)) {
    case 'File': {
      const l = loc.f('file');
      if (!isSet(backend, 'file')) return [l.err('must be defined')];
      const file = asRecord(backend.file) ?? {};
      if (isSet(file, 'format')) out.push(...validateFormat(asRecord(file.format) ?? {}, l.f('format')));
      if (!isGovalidatorFilePath(asString(file.path))) out.push(l.f('path').err('file backend requires a valid path'));
      break;
    }
    case 'Tcp': {
      const l = loc.f('tcp');
      if (!isSet(backend, 'tcp')) return [l.err('must be defined')];
      const tcp = asRecord(backend.tcp) ?? {};
      if (isSet(tcp, 'format')) out.push(...validateFormat(asRecord(tcp.format) ?? {}, l.f('format')));
      if (!isGovalidatorURL(asString(tcp.address))) out.push(l.f('address').err('tcp backend requires valid address'));
      break;
    }
    case 'OpenTelemetry': {
      const l = loc.f('openTelemetry');
      if (!isSet(backend, 'openTelemetry')) return [l.err('must be defined')];
      const otel = asRecord(backend.openTelemetry) ?? {};
      out.push(...validateOtelBackendRefOrEndpoint(otel, l));
      asArray(otel.attributes).forEach((a, i) => {
        out.push(...validateOtelAttributeName(asString(asRecord(a)?.key), l.f('attributes').i(i).f('key')));
      });
      break;
    }
    default:
      // Kuma panics on an unknown type; the schema's enum refuses it before.
      break;
  }
  return out;
}

function validateFormat(format: Obj, loc: Loc): Violation[] {
  const out: Violation[] = [];
  switch (asString(format.type)) {
    case 'Plain':
      if (!isSet(format, 'plain')) return [loc.f('plain').err('must be defined')];
      if (asString(format.plain) === '') out.push(loc.f('plain').err('must not be empty'));
      break;
    case 'Json': {
      if (!isSet(format, 'json')) return [loc.f('json').err('must be defined')];
      const fields = asArray(format.json);
      if (fields.length === 0) out.push(loc.f('json').err('must not be empty'));
      fields.forEach((f, i) => {
        const field = asRecord(f) ?? {};
        const key = asString(field.key);
        const value = asString(field.value);
        const l = loc.f('json').i(i);
        if (key === '') out.push(l.f('key').err('key cannot be empty'));
        if (value === '') out.push(l.f('value').err('value cannot be empty'));
        if (!isGoJSON(`{"${key}": "${value}"}`)) out.push(l.err('is not a valid JSON object'));
      });
      break;
    }
    default:
      break;
  }
  return out;
}
