/**
 * The rules a proxy gets from Kuma 2.14's targetRef policies, computed in-process from a snapshot of
 * its mesh (what `GET /meshes/{mesh}/dataplanes/{name}/_rules` and `.../meshgateways/{name}/_rules`
 * answer).
 *
 * - `dataplaneRules(resources, mesh, name)`: the `_rules` document of a Dataplane, undefined when it
 *   does not exist.
 * - `meshGatewayRules(resources, mesh, name)`: the `_rules` document of a MeshGateway (computed for
 *   a builtin gateway proxy matching its first selector), undefined when it does not exist; throws
 *   `RulesInputError` when the gateway has no selectors.
 * - `rulesDocument`, `buildFromRules`, `buildInboundRules`, `buildLegacyToRules`,
 *   `buildResourceRules`, `buildSingleItemRule`, `mergeConfs`: the pieces, for tests and other views.
 */
import type { StoredResource } from '../../store/types.js';
import { arr, rec, snapshotOf, str, strMap, type Snapshot } from '../snapshot.js';
import { inbounds } from '../dataplane.js';
import { matchType } from '../matched.js';
import { RULES_PLUGIN_ORDER, rulesDocument, type InboundRef, type RulesSubject } from './document.js';
import type { ResourceReader } from './build.js';
import { identityOf } from './policy.js';

export { rulesDocument, RULES_PLUGIN_ORDER, type PolicyTypeMatch, type RulesSubject } from './document.js';
export { buildFromRules, buildInboundRules, buildLegacyToRules, buildResourceRules, buildSingleItemRule, hashMatches, entryConf, type ResourceReader } from './build.js';
export { mergeConfs, mergePatch, type ConfShape } from './merge.js';
export { indexResourceRules, computeResourceRule, contextResourceRule, routeRuleOrigins, matchesKey, type ResourceRuleIndex } from './compute.js';
export { decodedPolicy, policyShape } from './policy.js';
export type { Origin, InboundRule, ResourceRule, SubsetRule } from './build.js';

export class RulesInputError extends Error {}

/** Per snapshot and type, its resources by identity (built once, on first use). */
const IDENTITIES = new WeakMap<Snapshot, Map<string, Map<string, StoredResource>>>();

/** A ResourceReader over a snapshot, finding resources by identity through an index of the snapshot. */
export function snapshotReader(snapshot: Snapshot): ResourceReader {
  return {
    list: (type) => snapshot.of(type),
    find: (type, identity) => {
      let byType = IDENTITIES.get(snapshot);
      if (!byType) IDENTITIES.set(snapshot, (byType = new Map()));
      let index = byType.get(type);
      if (!index) {
        index = new Map();
        for (const r of snapshot.of(type)) {
          const id = identityOf(type, r);
          if (!index.has(id)) index.set(id, r);
        }
        byType.set(type, index);
      }
      return index.get(identity);
    },
  };
}

/** Whether the mesh's `meshServices.mode` is Exclusive (by name, or its protobuf number 3). */
function exclusive(snapshot: Snapshot): boolean {
  const mode = rec(snapshot.meshResource?.spec['meshServices'])['mode'];
  return str(mode) === 'Exclusive' || str(mode) === '3';
}

/** The routes are computed whatever `types` asks for: policies on routes read them. */
const ROUTES = new Set(['MeshHTTPRoute', 'MeshTCPRoute']);

function documentFor(snapshot: Snapshot, resource: StoredResource, proxy: StoredResource, inbound: (port: number) => InboundRef, types?: readonly string[]): Record<string, unknown> {
  const subject: RulesSubject = { resource, inbound, meshServicesExclusive: exclusive(snapshot) };
  const wanted = types && new Set(types);
  const order = wanted ? RULES_PLUGIN_ORDER.filter((t) => wanted.has(t) || ROUTES.has(t)) : RULES_PLUGIN_ORDER;
  const matches = order.map((type) => matchType(snapshot, type, proxy));
  return rulesDocument(subject, matches, snapshotReader(snapshot));
}

/**
 * The `_rules` document of a Dataplane; undefined when the snapshot does not have it. With `types`,
 * only those policy types (and the routes) are computed: what `diff --impact` needs when a change
 * cannot touch the others.
 */
export function dataplaneRules(resources: Snapshot | Iterable<StoredResource>, mesh: string, name: string, types?: readonly string[]): Record<string, unknown> | undefined {
  const snapshot = snapshotOf(resources, mesh);
  const dp = snapshot.get('Dataplane', name);
  if (!dp) return undefined;
  const list = inbounds(dp);
  return documentFor(snapshot, dp, dp, (port) => {
    const inbound = list.find((i) => i.port === port);
    const inboundName = inbound ? str(inbound.raw['name']) : '';
    return { ...(inboundName !== '' ? { name: inboundName } : {}), port, tags: inbound ? inbound.tags : null };
  }, types);
}

/** The `_rules` document of a MeshGateway; undefined when the snapshot does not have it. */
export function meshGatewayRules(resources: Snapshot | Iterable<StoredResource>, mesh: string, name: string): Record<string, unknown> | undefined {
  const snapshot = snapshotOf(resources, mesh);
  const gateway = snapshot.get('MeshGateway', name);
  if (!gateway) return undefined;
  const selectors = arr(gateway.spec['selectors']);
  if (selectors.length === 0) throw new RulesInputError('no selectors on MeshGateway this is not supported');
  const tags = strMap(rec(selectors[0])['match']);
  const proxy: StoredResource = {
    ...gateway,
    type: 'Dataplane',
    spec: { networking: { gateway: { type: 'BUILTIN', tags } } },
  };
  return documentFor(snapshot, gateway, proxy, (port) => ({ port, tags }));
}
