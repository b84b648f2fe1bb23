/**
 * Kuma 2.14's policy matching, in-process (no server needed): which policies apply to a proxy, in
 * which order, and which proxies a policy selects. It reads an in-memory snapshot of one mesh's
 * resources (StoredResource, as the store, a seed or `kumactl export` output give them).
 *
 * Stable API (other modules and the CLI build on it):
 * - `new Snapshot(mesh, resources)`: the mesh's resources (others are ignored), sorted by name.
 * - `matchedPolicies(resources, mesh, dataplaneName)`: per targetRef policy type (sorted by type
 *   name), the policies selecting the proxy in Kuma's order (least specific first: the last wins),
 *   and per inbound listener (`address:port`) and gateway listener the policies selecting it.
 *   Undefined when the proxy does not exist.
 * - `selectedDataplanes(resources, mesh, policyType, policyName)`: the proxies a policy selects,
 *   sorted by name (what `GET .../{policyType}/{name}/_resources/dataplanes` lists).
 * - `sortByTargetRef(policies)`: Kuma's order of policies (targetref specificity, origin, role, name).
 * - `selectionOf`, `policySelects`, `selectGateway`: the top-level targetRef matching itself.
 * - `dataplaneLayout`, `reachableOutbounds`: a proxy's inbounds/listeners/outbounds with KRIs.
 * - `kriOfResource`, `kriString`, `parseKri`, `withSection`: Kuma's resource identifiers.
 * - dataplane readers: `inbounds`, `listeners`, `isBuiltinGateway`, `tagsMatch`.
 * - rules (rules/, one implementation checked against Kuma's rule goldens): `dataplaneRules` and
 *   `meshGatewayRules` (the `_rules` documents), `mergeConfs` (Kuma's merge: JSON merge patch,
 *   append* lists, MeshHTTPRoute rules by matches), `buildSingleItemRule` (top-level `default`
 *   policies), `buildInboundRules` (`rules`, or `from` for the IsFromAsRules types, per inbound),
 *   `buildResourceRules` + `computeResourceRule`/`contextResourceRule` (outbound `to` entries
 *   resolved to real resources: Mesh, MeshService and its ports, MeshExternalService,
 *   MeshMultiZoneService, MeshHTTPRoute).
 */
import { typeByName } from '../../resources/registry.js';
import type { StoredResource } from '../store/types.js';
import { matchAll, policyAppliesTo, TARGET_REF_POLICY_TYPES, type TypedMatch } from './matched.js';
import { snapshotOf, type Snapshot } from './snapshot.js';

export { Snapshot } from './snapshot.js';
export * from './kri.js';
export { sortByTargetRef, compareByTargetRef } from './order.js';
export { selectionOf, policySelects, selectGateway, targetRefOf, policyRole, isShadow, type TargetRef, type Selection } from './targetref.js';
export { matchType, matchAll, policyAppliesTo, TARGET_REF_POLICY_TYPES, type TypedMatch } from './matched.js';
export { dataplaneLayout, reachableOutbounds, destinationPorts, findPort, destinationIndex, DESTINATION_TYPES, type Outbound, type DestinationPort } from './layout.js';
export { layoutSpiffeId, bestMeshIdentity } from './identity.js';
export { inbounds, listeners, inboundsBySection, listenersBySection, isBuiltinGateway, isDelegatedGateway, tagsMatch, dataplaneMatches, listenerKey, type Inbound, type Listener } from './dataplane.js';

/** The policies of every targetRef type that apply to a proxy; undefined when it does not exist. */
export function matchedPolicies(resources: Snapshot | Iterable<StoredResource>, mesh: string, dataplaneName: string, types: readonly string[] = TARGET_REF_POLICY_TYPES): TypedMatch[] | undefined {
  const snapshot = snapshotOf(resources, mesh);
  const dp = snapshot.get('Dataplane', dataplaneName);
  return dp ? matchAll(snapshot, dp, types) : undefined;
}

/** The proxies (Dataplanes of the mesh, by name) a policy selects; undefined when it does not exist. */
export function selectedDataplanes(resources: Snapshot | Iterable<StoredResource>, mesh: string, policyType: string, policyName: string): StoredResource[] | undefined {
  const snapshot = snapshotOf(resources, mesh);
  const policy = snapshot.get(policyType, policyName);
  if (!policy) return undefined;
  const targetRefBased = typeByName(policyType)?.policy?.isTargetRef ?? false;
  return snapshot.of('Dataplane').filter((dp) => policyAppliesTo(snapshot, policy, dp, targetRefBased));
}
export {
  dataplaneRules,
  meshGatewayRules,
  rulesDocument,
  RULES_PLUGIN_ORDER,
  mergeConfs,
  mergePatch,
  buildFromRules,
  buildInboundRules,
  buildLegacyToRules,
  buildResourceRules,
  buildSingleItemRule,
  indexResourceRules,
  computeResourceRule,
  contextResourceRule,
  type Origin,
  type InboundRule,
  type ResourceRule,
  type ResourceRuleIndex,
} from './rules/index.js';
