/**
 * The store-aware checks kuma-cp's resource manager runs when a RateLimit or an ExternalService is created
 * or updated (Kuma 2.14.3 pkg/core/managers/apis/ratelimit and external_service): a RateLimit that reaches
 * an external service may select its destinations by `kuma.io/service` only. The local control plane
 * calls these with the mesh's other resources.
 */
import { isRecord, type Obj } from './common.js';
import { SERVICE_TAG } from './common.js';

export interface ManagerViolation {
  field: string;
  message: string;
}

/** The `match` maps of a RateLimit's destinations. */
function destinationMatches(spec: Obj): Array<Record<string, unknown>> {
  const list = Array.isArray(spec.destinations) ? spec.destinations : [];
  return list.map((d) => (isRecord(d) && isRecord(d.match) ? d.match : {}));
}

function serviceOf(spec: Obj): string | undefined {
  const tags = isRecord(spec.tags) ? spec.tags : {};
  return typeof tags[SERVICE_TAG] === 'string' ? tags[SERVICE_TAG] : undefined;
}

/** A RateLimit being written, against the mesh's ExternalServices. */
export function checkRateLimitDestinations(rateLimit: Obj, externalServices: Obj[]): ManagerViolation[] {
  const services = new Set(externalServices.map(serviceOf).filter((s): s is string => s !== undefined));
  if (services.size === 0) return [];
  const out: ManagerViolation[] = [];
  for (const match of destinationMatches(rateLimit)) {
    let hasNonService = false;
    let hasExternalService = false;
    for (const [tag, value] of Object.entries(match)) {
      if (tag === SERVICE_TAG) {
        if (services.has(String(value)) || value === '*') hasExternalService = true;
      } else hasNonService = true;
    }
    if (hasNonService && hasExternalService) {
      out.push({ field: 'ratelimit', message: 'RateLimit applied to external service only supports kuma.io/service as destination match' });
    }
  }
  return out;
}

/** An ExternalService being written, against the mesh's RateLimits (by name, in the store's order). */
export function checkExternalServiceRateLimits(externalService: Obj, rateLimits: Array<{ name: string; spec: Obj }>): ManagerViolation[] {
  const service = serviceOf(externalService) ?? '';
  const out: ManagerViolation[] = [];
  for (const rl of rateLimits) {
    for (const match of destinationMatches(rl.spec)) {
      let matchesThisService = false;
      let matchesNonService = false;
      for (const [tag, value] of Object.entries(match)) {
        if (tag === SERVICE_TAG) {
          if (value === service || value === '*') matchesThisService = true;
        } else matchesNonService = true;
      }
      if (matchesThisService && matchesNonService) {
        out.push({ field: 'externalservice', message: `ExternalService would match RateLimit '${rl.name}' which includes incompatible destination matches` });
      }
    }
  }
  return out;
}
