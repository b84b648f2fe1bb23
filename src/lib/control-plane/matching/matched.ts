import { RESOURCE_TYPES } from '../../resources/registry.js';
import type { StoredResource } from '../store/types.js';
import { dataplaneMatches } from './dataplane.js';
import { sortByTargetRef } from './order.js';
import { arr, rec, strMap, type Snapshot } from './snapshot.js';
import { isShadow, policySelects, selectGateway, selectionOf, targetRefOf } from './targetref.js';

/**
 * Which policies of each targetRef type apply to a proxy (Kuma's matchers.MatchedPolicies, before
 * the rules are built): every policy whose top-level targetRef selects the proxy, in Kuma's order,
 * and per inbound listener and builtin gateway listener the policies that select it.
 */

export interface TypedMatch {
  /** Policy type name, e.g. `MeshTimeout`. */
  type: string;
  /** Policies selecting the proxy, least specific first (the last wins). */
  policies: StoredResource[];
  /** Per inbound listener (`address:port`), the policies selecting it, sorted the same way. */
  byInbound: Map<string, StoredResource[]>;
  /** Per builtin gateway listener (`address:port:hostname`), the policies selecting it (unsorted, as Kuma). */
  byGatewayListener: Map<string, StoredResource[]>;
  /** Kuma's warnings (unresolvable targetRefs). */
  warnings: string[];
}

/** Type names of the targetRef policies, sorted by name (Kuma's plugin order for the inspect API). */
export const TARGET_REF_POLICY_TYPES: readonly string[] = RESOURCE_TYPES.filter((t) => t.policy?.isTargetRef)
  .map((t) => t.name)
  .sort();

/** Per snapshot and type, its policies in Kuma's order (sorted once; a filtered sorted list stays sorted). */
const SORTED = new WeakMap<Snapshot, Map<string, StoredResource[]>>();

function sortedPolicies(snapshot: Snapshot, type: string): StoredResource[] {
  let byType = SORTED.get(snapshot);
  if (!byType) SORTED.set(snapshot, (byType = new Map()));
  let list = byType.get(type);
  if (!list) byType.set(type, (list = sortByTargetRef(snapshot.of(type))));
  return list;
}

export function matchType(snapshot: Snapshot, type: string, dp: StoredResource, options: { includeShadow?: boolean } = {}): TypedMatch {
  const gateway = selectGateway(snapshot, dp);
  const policies: StoredResource[] = [];
  const byInbound = new Map<string, StoredResource[]>();
  const byGatewayListener = new Map<string, StoredResource[]>();
  const warnings: Array<{ name: string; text: string }> = [];
  // in Kuma's order already: the policies, and those of each inbound, need no sorting per proxy
  for (const policy of sortedPolicies(snapshot, type)) {
    if (!options.includeShadow && isShadow(policy)) continue;
    const s = selectionOf(snapshot, policy, targetRefOf(policy), dp, gateway);
    if (s.error) warnings.push({ name: policy.name, text: `unable to resolve TargetRef on policy: mesh:${policy.mesh} name:${policy.name} error:${JSON.stringify(s.error)}` });
    if (s.inbounds.length === 0 && s.gatewayListeners.length === 0 && !s.delegatedGateway) continue;
    policies.push(policy);
    for (const l of s.gatewayListeners) push(byGatewayListener, l, policy);
    for (const i of s.inbounds) push(byInbound, i, policy);
  }
  // warnings and gateway listeners keep the snapshot's order (by name), as Kuma lists policies
  for (const list of byGatewayListener.values()) list.sort(byName);
  return { type, policies, byInbound, byGatewayListener, warnings: warnings.sort(byName).map((w) => w.text) };
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** For every targetRef policy type (or those given), the policies matching the proxy. */
export function matchAll(snapshot: Snapshot, dp: StoredResource, types: readonly string[] = TARGET_REF_POLICY_TYPES): TypedMatch[] {
  return types.map((t) => matchType(snapshot, t, dp));
}

/**
 * Does a policy select a proxy, as `GET .../{policyType}/{name}/_resources/dataplanes` decides:
 * targetRef policies by their top-level targetRef; older policies by `selectors`, or `sources` and
 * `destinations`, matching one of the proxy's inbounds or its gateway.
 */
export function policyAppliesTo(snapshot: Snapshot, policy: StoredResource, dp: StoredResource, targetRefBased: boolean): boolean {
  if (targetRefBased) return policySelects(snapshot, policy, dp);
  const spec = policy.spec;
  const matches = (list: unknown) => arr(list).some((s) => dataplaneMatches(dp, strMap(rec(s).match)));
  if (spec.selectors !== undefined) return matches(spec.selectors);
  return matches(spec.sources) || matches(spec.destinations);
}
