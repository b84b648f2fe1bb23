import type { StoredResource } from './store/types.js';
import { ApiError, notFound } from './api-error.js';
import { meshSnapshot, type InspectAnswer, type InspectContext } from './inspect-routes.js';
import { isBuiltinGateway, kriOfResource, kriString, matchAll, type Snapshot } from './matching/index.js';

/*
 * kuma-cp 2.14's `GET /meshes/{mesh}/dataplanes/{name}/policies`, the endpoint kumactl 2.14's
 * `inspect dataplane NAME` (--type policies) reads: the proxy's attachments (the whole proxy, its
 * inbounds, outbounds and services) with the policies matched on each, by type. For targetRef
 * policies kuma-cp lists every policy whose top-level targetRef selects the proxy on the `dataplane`
 * attachment, types sorted by name, each type's policies in Kuma's order. Older policies
 * (TrafficPermission, TrafficRoute, ...) are matched by their selectors, which this control plane
 * does not compute: they are not listed.
 */

/** Kuma's rest ResourceMeta: type, mesh, name, times, labels when any, kri when the type has one. */
function resourceMeta(r: StoredResource): Record<string, unknown> {
  const out: Record<string, unknown> = { type: r.type, mesh: r.mesh, name: r.name, creationTime: r.creationTime, modificationTime: r.modificationTime };
  if (Object.keys(r.labels).length > 0) out.labels = r.labels;
  const kri = kriString(kriOfResource(r.type, r));
  if (kri !== '') out.kri = kri;
  return out;
}

/** The answer for a sidecar proxy; undefined for a builtin gateway (its listeners' view is not computed here). */
export function legacyDataplanePolicies(snapshot: Snapshot, dp: StoredResource): Record<string, unknown> | undefined {
  if (isBuiltinGateway(dp)) return undefined;
  const matchedPolicies: Record<string, unknown[]> = {};
  for (const m of matchAll(snapshot, dp)) if (m.policies.length > 0) matchedPolicies[m.type] = m.policies.map(resourceMeta);
  const items = Object.keys(matchedPolicies).length > 0 ? [{ type: 'dataplane', matchedPolicies }] : [];
  return { kind: 'SidecarDataplane', total: items.length, items };
}

/** `GET /meshes/{mesh}/dataplanes/{name}/policies` for the server's inspect hook; undefined for any other path. */
export function legacyPoliciesEndpoint(segments: readonly string[]): ((ctx: InspectContext) => InspectAnswer) | undefined {
  if (segments.length !== 5 || segments[0] !== 'meshes' || segments[2] !== 'dataplanes' || segments[4] !== 'policies') return undefined;
  const mesh = segments[1]!;
  const name = segments[3]!;
  return (ctx) => {
    if (!ctx.engine.store.get('Mesh', '', mesh)) throw notFound('Could not build MeshContext');
    const dp = ctx.engine.store.get('Dataplane', mesh, name);
    if (!dp) throw notFound('Could not get MatchedPolicies');
    const body = legacyDataplanePolicies(meshSnapshot(ctx.engine, mesh), dp);
    if (!body) throw new ApiError(501, 'Not supported by the local control plane', 'Listing the policies of a builtin gateway proxy by listener is not supported by the local control plane yet: run kuma-cp for it');
    return { status: 200, body };
  };
}
