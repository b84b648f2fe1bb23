/**
 * The OpenTelemetry checks Kuma 2.14.3 shares between MeshAccessLog, MeshTrace and MeshMetric
 * (pkg/core/validators/common_validators.go: ValidateOtelBackendRefOrEndpoint, ValidateBackendResourceRef,
 * ValidateOtelAttributeName).
 */
import type { Violation } from '../types.js';
import { asRecord, asString, isSet, Loc, type Obj } from './policy-common.js';

export const OTEL_ENDPOINT_DEPRECATED =
  'openTelemetry.endpoint is deprecated, use openTelemetry.backendRef with a MeshOpenTelemetryBackend resource instead';

/** An endpoint without a `backendRef`: the form the deprecation warns about. */
export function isInlineOtelEndpoint(otel: unknown): boolean {
  const o = asRecord(otel);
  return o !== undefined && asString(o.endpoint) !== '' && !isSet(o, 'backendRef');
}

/**
 * Exactly one of `endpoint` and `backendRef`; a backendRef names a MeshOpenTelemetryBackend by labels; an endpoint is
 * host:port, not a URL. `extra` runs on an endpoint that passed (MeshMetric's host:port check).
 */
export function validateOtelBackendRefOrEndpoint(otel: Obj, loc: Loc, extra?: (endpoint: string) => Violation[]): Violation[] {
  const endpoint = asString(otel.endpoint);
  const hasRef = isSet(otel, 'backendRef');
  if (endpoint !== '' && hasRef) return [loc.err('openTelemetry must have only one type defined: endpoint, backendRef')];
  if (endpoint === '' && !hasRef) return [loc.err('openTelemetry must have exactly one defined: endpoint, backendRef')];
  if (hasRef) return validateBackendResourceRef(asRecord(otel.backendRef) ?? {}, loc.f('backendRef'));
  if (/[/?#]/.test(endpoint)) return [loc.f('endpoint').err('must be in host:port format, not a URL')];
  return extra ? extra(endpoint) : [];
}

function validateBackendResourceRef(ref: Obj, loc: Loc): Violation[] {
  const out: Violation[] = [];
  if (asString(ref.kind) !== 'MeshOpenTelemetryBackend') {
    out.push(loc.f('kind').err('"kind" must be one of ["MeshOpenTelemetryBackend"]'));
  }
  const labels = asRecord(ref.labels);
  if (!labels || Object.keys(labels).length === 0) out.push(loc.err('backendRef must have exactly one defined: labels'));
  return out;
}

const OTEL_ATTRIBUTE_NAME = /^[a-z](?:[a-z0-9]|[._][a-z0-9])*$/;

/** A static OpenTelemetry attribute key. */
export function validateOtelAttributeName(value: string, loc: Loc): Violation[] {
  if (value === '') return [loc.err('must be defined')];
  if (value.includes('%')) return [loc.err('must be a static OpenTelemetry attribute name; placeholders are only supported in values')];
  if (value.startsWith('otel.')) return [loc.err("must not use the reserved OpenTelemetry prefix 'otel.'")];
  if (!OTEL_ATTRIBUTE_NAME.test(value)) {
    return [
      loc.err(
        "must start with a lowercase letter, use only lowercase letters, digits, '.' or '_', avoid consecutive delimiters, and end with a letter or digit",
      ),
    ];
  }
  return [];
}
