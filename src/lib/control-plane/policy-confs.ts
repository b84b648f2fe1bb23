import { ApiError } from './api-error.js';
import type { StoredResource } from './store/types.js';
import { inboundsBySection, kriOfResource, kriString, listenerKey, listenersBySection, matchType, noSection, parseKri, type Kri, type Snapshot } from './matching/index.js';
import {
  buildInboundRules,
  buildResourceRules,
  buildSingleItemRule,
  computeResourceRule,
  contextResourceRule,
  decodedPolicy,
  indexResourceRules,
  matchesKey,
  routeRuleOrigins,
  RULES_PLUGIN_ORDER,
  snapshotReader,
  type Origin,
  type ResourceRuleIndex,
} from './matching/rules/index.js';

/*
 * The answers of kuma-cp's `_policies` endpoints for a proxy: the confs of its proxy-wide policies,
 * of an inbound, of an outbound, of an outbound's routes and of one route, each with the policies
 * they come from (as KRIs), the policy types in kuma-cp's plugin order.
 */

/** kuma-cp's policy plugins, in their order. */
export const PLUGIN_ORDER = RULES_PLUGIN_ORDER;

const ROUTE_TYPES = ['MeshHTTPRoute', 'MeshTCPRoute'];

function originKri(o: { policy: StoredResource }, type: string): { kri: string } {
  return { kri: kriString(kriOfResource(type, o.policy)) };
}

/** The policies of a type selecting the proxy (or one of its inbounds), decoded as kuma-cp holds them. */
function decoded(policies: readonly StoredResource[]): StoredResource[] {
  return policies.map(decodedPolicy);
}

/** The outbound resource rules of a type for a proxy, indexed for lookups. */
function resourceRuleIndex(snapshot: Snapshot, type: string, dp: StoredResource): ResourceRuleIndex {
  const matched = matchType(snapshot, type, dp);
  return indexResourceRules(buildResourceRules(type, decoded(matched.policies), snapshotReader(snapshot)), snapshot.mesh);
}

function badKri(s: string): Kri {
  try {
    return parseKri(s);
  } catch (err) {
    throw new ApiError(400, 'Bad Request', `bad request: ${(err as Error).message}`);
  }
}

/** `GET .../dataplanes/{name}/_policies`: proxy-wide (single item) policies. */
export function dataplanePolicies(snapshot: Snapshot, dp: StoredResource): unknown {
  const policies: unknown[] = [];
  for (const type of PLUGIN_ORDER) {
    const matched = matchType(snapshot, type, dp);
    const rule = buildSingleItemRule(type, decoded(matched.policies));
    if (!rule) continue;
    policies.push({ conf: rule.conf, kind: type, origins: rule.origin.map((policy) => originKri({ policy }, type)) });
  }
  return { policies };
}

/** `GET .../_inbounds/{kri}/_policies`. */
export function inboundPolicies(snapshot: Snapshot, dp: StoredResource, inboundKri: string): unknown {
  const id = badKri(inboundKri);
  const inbound = inboundsBySection(dp, id.sectionName)[0];
  const listener = inbound ? undefined : listenersBySection(dp, id.sectionName)[0];
  if (!inbound && !listener) throw new ApiError(500, 'Failed building response', 'Internal Server Error');
  const key = inbound ? listenerKey(inbound.address, inbound.port) : listenerKey(listener!.address, listener!.port);
  const policies: unknown[] = [];
  for (const type of PLUGIN_ORDER) {
    const matched = matchType(snapshot, type, dp);
    const rules = buildInboundRules(type, decoded(matched.byInbound.get(key) ?? []));
    if (rules.length === 0) continue;
    const seen = new Set<StoredResource>();
    const origins: Origin[] = [];
    for (const r of rules) {
      if (seen.has(r.origin.policy)) continue;
      seen.add(r.origin.policy);
      origins.push(r.origin);
    }
    policies.push({
      kind: type,
      origins: origins.map((o) => originKri(o, type)),
      rules: rules.map((r) => ({ conf: r.conf, kri: originKri(r.origin, type).kri })),
    });
  }
  return { policies };
}

/** The confs of the non-route policy types for the identifiers given, most specific first. */
function contextPolicies(snapshot: Snapshot, dp: StoredResource, ids: Kri[]): unknown {
  const policies: unknown[] = [];
  for (const type of PLUGIN_ORDER) {
    if (ROUTE_TYPES.includes(type)) continue;
    const rule = contextResourceRule(resourceRuleIndex(snapshot, type, dp), ids);
    if (!rule) continue;
    policies.push({ conf: rule.conf, kind: type, origins: rule.origin.map((o) => originKri(o, type)) });
  }
  return { policies };
}

/** `GET .../_outbounds/{kri}/_policies`. */
export function outboundPolicies(snapshot: Snapshot, dp: StoredResource, outboundKri: string): unknown {
  const id = badKri(outboundKri);
  return contextPolicies(snapshot, dp, [id, noSection(id)]);
}

/** `GET .../_outbounds/{kri}/_routes/{route-kri}/_policies`. */
export function routePolicies(snapshot: Snapshot, dp: StoredResource, outboundKri: string, routeKri: string): unknown {
  const id = badKri(outboundKri);
  const route = badKri(routeKri);
  return contextPolicies(snapshot, dp, [route, id, noSection(id)]);
}

/** `GET .../_outbounds/{kri}/_routes`: the MeshHTTPRoute and MeshTCPRoute rules of an outbound. */
export function outboundRoutes(snapshot: Snapshot, dp: StoredResource, outboundKri: string): unknown {
  const id = badKri(outboundKri);
  const routes: unknown[] = [];
  for (const type of ROUTE_TYPES) {
    const rule = computeResourceRule(resourceRuleIndex(snapshot, type, dp), id);
    if (!rule) continue;
    const originByMatches = type === 'MeshHTTPRoute' ? routeRuleOrigins(rule) : new Map<string, Origin>();
    const rules: unknown[] = [];
    for (const conf of rule.conf) {
      const c = (conf ?? {}) as Record<string, unknown>;
      if (type === 'MeshHTTPRoute') {
        for (const rr of Array.isArray(c.rules) ? (c.rules as Array<Record<string, unknown>>) : []) {
          const origin = originByMatches.get(matchesKey(rr.matches));
          rules.push({ conf: rr.default ?? {}, kri: origin ? originKri(origin, type).kri : '', matches: rr.matches ?? [] });
        }
      } else {
        rules.push({ conf: c.default ?? {}, kri: '', matches: null });
      }
    }
    routes.push({ kind: type, origins: rule.origin.map((o) => originKri(o, type)), rules });
  }
  return { routes };
}
