import { RESOURCE_TYPES, typeByPath, type ResourceType } from '../resources/registry.js';
import { runGoTemplate } from '../go/template.js';
import { ApiError, meshNotFound, notFound } from './api-error.js';
import type { Caller, ControlPlaneEngine } from './engine.js';
import type { StoredResource } from './store/types.js';
import { dataplaneLayout, dataplaneMatches, selectedDataplanes, Snapshot } from './matching/index.js';
import { rec, str, strMap } from './matching/snapshot.js';
import { dataplanePolicies, inboundPolicies, outboundPolicies, outboundRoutes, routePolicies } from './policy-confs.js';
import { layoutSpiffeId } from './matching/identity.js';

/*
 * kuma-cp 2.14's inspection endpoints that the policy-matching engine answers (matching/): which
 * proxies a policy selects, a proxy's layout and the policies on it, its inbounds, outbounds and
 * routes, a MeshService's proxies, a service's hostnames. The server calls `inspectEndpoint` for
 * every path first; undefined means "not one of these".
 */

export interface InspectContext {
  engine: ControlPlaneEngine;
  caller: Caller;
  params: URLSearchParams;
  /** Pagination and name filter parsed as the server's lists do (kuma-cp's 400s). */
  listQuery(template: string): { offset: number; size: number; name?: string };
  /** The absolute URL of the next page. */
  nextUrl(offset: number): string;
}

export interface InspectAnswer {
  status: number;
  body: unknown;
}

type Handler = (ctx: InspectContext) => InspectAnswer;

/** The handler for a path, or undefined when the path is not an inspection endpoint answered here. */
export function inspectEndpoint(segments: readonly string[]): Handler | undefined {
  if (segments[0] !== 'meshes' || segments.length < 5) return undefined;
  const [, mesh, typePath, name, ...rest] = segments as [string, string, string, string, ...string[]];
  const type = typeByPath(typePath);
  const at = rest.join('/');
  if (at === '_hostnames' && rest.length === 1) return (ctx) => hostnames(ctx, mesh, typePath, name);
  if (!type || type.scope !== 'Mesh') return undefined;
  if (at === '_resources/dataplanes' && (type.policy || type.name === 'MeshService')) return (ctx) => resourcesDataplanes(ctx, type, mesh, name);
  if (at === '_dataplanes' && type.name === 'MeshService') return (ctx) => resourcesDataplanes(ctx, type, mesh, name);
  if (type.name !== 'Dataplane') return undefined;
  if (at === '_layout') return (ctx) => layout(ctx, mesh, name);
  if (at === '_policies') return (ctx) => policyConf(ctx, mesh, name, (s, dp) => dataplanePolicies(s, dp));
  if (rest.length === 3 && rest[0] === '_inbounds' && rest[2] === '_policies') return (ctx) => policyConf(ctx, mesh, name, (s, dp) => inboundPolicies(s, dp, rest[1]!));
  if (rest.length === 3 && rest[0] === '_outbounds' && rest[2] === '_policies') return (ctx) => policyConf(ctx, mesh, name, (s, dp) => outboundPolicies(s, dp, rest[1]!));
  if (rest.length === 3 && rest[0] === '_outbounds' && rest[2] === '_routes') return (ctx) => policyConf(ctx, mesh, name, (s, dp) => outboundRoutes(s, dp, rest[1]!));
  if (rest.length === 5 && rest[0] === '_outbounds' && rest[2] === '_routes' && rest[4] === '_policies') {
    return (ctx) => policyConf(ctx, mesh, name, (s, dp) => routePolicies(s, dp, rest[1]!, rest[3]!));
  }
  return undefined;
}

/** Snapshots by store and mesh, with the store revision they were read at. */
const SNAPSHOTS = new WeakMap<object, Map<string, { revision: number; snapshot: Snapshot }>>();
const SNAPSHOT_CACHE_MESHES = 64;

/**
 * Every resource of a mesh (and the global ones), as the matching engine reads them (secrets and
 * insights aside). Read once per store revision: until something is written, every request on the
 * mesh shares it (and what the matching memoises on it). Callers must not modify it.
 */
export function meshSnapshot(engine: ControlPlaneEngine, mesh: string): Snapshot {
  let byMesh = SNAPSHOTS.get(engine.store);
  if (!byMesh) SNAPSHOTS.set(engine.store, (byMesh = new Map()));
  const revision = engine.store.revision;
  const hit = byMesh.get(mesh);
  if (hit && hit.revision === revision) return hit.snapshot;
  const snapshot = readSnapshot(engine, mesh);
  if (engine.store.revision === revision) {
    if (!byMesh.has(mesh) && byMesh.size >= SNAPSHOT_CACHE_MESHES) byMesh.delete(byMesh.keys().next().value!);
    byMesh.set(mesh, { revision, snapshot });
  }
  return snapshot;
}

function readSnapshot(engine: ControlPlaneEngine, mesh: string): Snapshot {
  const all: StoredResource[] = [];
  const meshResource = engine.store.get('Mesh', '', mesh);
  if (meshResource) all.push(meshResource);
  for (const type of SNAPSHOT_TYPES) {
    const query = type.scope === 'Mesh' ? { type: type.name, mesh } : { type: type.name };
    all.push(...engine.store.list({ ...query, offset: 0, limit: Number.MAX_SAFE_INTEGER }).items);
  }
  return new Snapshot(mesh, all);
}

const SNAPSHOT_TYPES = RESOURCE_TYPES.filter((t) => t.name !== 'Mesh' && !t.adminOnly && t.category !== 'insight' && (t.scope === 'Mesh' || t.name === 'HostnameGenerator'));

function requireMesh(engine: ControlPlaneEngine, mesh: string): StoredResource {
  const m = engine.store.get('Mesh', '', mesh);
  if (!m) throw meshNotFound();
  return m;
}

/** Kuma's api_common.Meta of a resource: type, mesh, name, labels. */
function meta(r: StoredResource): Record<string, unknown> {
  return { labels: r.labels, mesh: r.mesh, name: r.name, type: r.type };
}

/** `GET /meshes/{mesh}/{policyType}/{name}/_resources/dataplanes` and the MeshService ones. */
function resourcesDataplanes(ctx: InspectContext, type: ResourceType, mesh: string, name: string): InspectAnswer {
  if (type.name !== 'MeshService') requireMesh(ctx.engine, mesh);
  let query: { offset: number; size: number; name?: string };
  try {
    query = ctx.listQuery(`/meshes/{mesh}/${type.path}/{name}/_resources/dataplanes`);
  } catch (err) {
    if (err instanceof ApiError) throw new ApiError(err.status, 'Could not retrieve policy', err.detail, err.invalidParameters);
    throw err;
  }
  const resource = ctx.engine.store.get(type.name, mesh, name);
  if (!resource) throw notFound('Could not retrieve policy');
  let selected: StoredResource[];
  const snapshot = meshSnapshot(ctx.engine, mesh);
  if (type.name === 'MeshService') {
    selected = snapshot.of('Dataplane').filter((dp) => meshServiceSelects(resource, dp));
  } else {
    selected = selectedDataplanes(snapshot, mesh, type.name, name) ?? [];
  }
  if (query.name !== undefined) selected = selected.filter((dp) => dp.name.includes(query.name!));
  const items = selected.slice(query.offset, query.offset + query.size).map(meta);
  const body: Record<string, unknown> = { items };
  if (query.offset + query.size < selected.length) body.next = ctx.nextUrl(query.offset + query.size);
  body.total = selected.length;
  return { status: 200, body };
}

/** Kuma's meshservice.MatchesDataplane. */
export function meshServiceSelects(ms: StoredResource, dp: StoredResource): boolean {
  const selector = rec(ms.spec.selector);
  if (selector.dataplaneRef !== undefined && selector.dataplaneRef !== null) return str(rec(selector.dataplaneRef).name) === dp.name;
  if (selector.dataplaneTags !== undefined && selector.dataplaneTags !== null) return dataplaneMatches(dp, strMap(selector.dataplaneTags));
  if (selector.dataplaneLabels !== undefined && selector.dataplaneLabels !== null) {
    const match = strMap(rec(selector.dataplaneLabels).matchLabels);
    return Object.entries(match).every(([k, v]) => dp.labels[k] === v);
  }
  return false;
}

function meshServicesMode(mesh: StoredResource): string {
  const mode = rec(mesh.spec.meshServices).mode;
  return mode === 3 ? 'Exclusive' : str(mode);
}

/** `GET /meshes/{mesh}/dataplanes/{name}/_layout`. */
function layout(ctx: InspectContext, mesh: string, name: string): InspectAnswer {
  const m = ctx.engine.store.get('Mesh', '', mesh);
  if (!m) throw notFound('Failed to build MeshContext');
  if (meshServicesMode(m) !== 'Exclusive') throw new ApiError(400, 'Bad Request', "bad request: can't use _layout endpoint without meshService enabled");
  const dp = ctx.engine.store.get('Dataplane', mesh, name);
  if (!dp) throw notFound('Failed to retrieve Dataplane');
  const snapshot = meshSnapshot(ctx.engine, mesh);
  const body = dataplaneLayout(snapshot, dp);
  const spiffeId = layoutSpiffeId(snapshot, dp, ctx.engine.zone);
  if (spiffeId !== undefined) body.spiffeId = spiffeId;
  return { status: 200, body };
}

/** The `_policies` family: mesh, proxy, MeshService mode, then the answer (bad KRIs: 400). */
function policyConf(ctx: InspectContext, mesh: string, name: string, answer: (s: Snapshot, dp: StoredResource) => unknown): InspectAnswer {
  const m = requireMesh(ctx.engine, mesh);
  const dp = ctx.engine.store.get('Dataplane', mesh, name);
  if (!dp) throw notFound('Could not retrieve Dataplane');
  if (meshServicesMode(m) !== 'Exclusive') throw new ApiError(400, 'Bad Request', "bad request: can't use _policies endpoint without meshService enabled");
  return { status: 200, body: answer(meshSnapshot(ctx.engine, mesh), dp) };
}

const SERVICE_TYPES: Record<string, { type: string; selector: string }> = {
  meshservices: { type: 'MeshService', selector: 'meshService' },
  meshexternalservices: { type: 'MeshExternalService', selector: 'meshExternalService' },
  meshmultizoneservices: { type: 'MeshMultiZoneService', selector: 'meshMultiZoneService' },
};

/**
 * `GET /meshes/{mesh}/{serviceType}/{name}/_hostnames`: the hostnames every HostnameGenerator gives the
 * service, as a zone (or standalone) control plane computes them: with the service's own origin.
 */
function hostnames(ctx: InspectContext, mesh: string, typePath: string, name: string): InspectAnswer {
  const service = SERVICE_TYPES[typePath];
  if (!service) {
    throw new ApiError(400, `only ${JSON.stringify(Object.keys(SERVICE_TYPES).join(','))} are available for inspection`, 'Resource is not valid');
  }
  const svc = ctx.engine.store.get(service.type, mesh, name);
  if (!svc) throw notFound('could not retrieve service');
  const generators = ctx.engine.store.list({ type: 'HostnameGenerator', offset: 0, limit: Number.MAX_SAFE_INTEGER }).items;
  const zone = svc.labels['kuma.io/zone'] !== undefined && svc.labels['kuma.io/zone'] !== '' ? svc.labels['kuma.io/zone'] : svc.name.split('.')[0]!;
  const byHostname = new Map<string, Set<string>>();
  for (const g of generators) {
    const selector = rec(g.spec.selector)[service.selector];
    if (selector === undefined || selector === null) continue;
    const match = strMap(rec(selector).matchLabels);
    if (!Object.entries(match).every(([k, v]) => k in svc.labels && svc.labels[k] === v)) continue;
    const host = evaluateHostnameTemplate(str(g.spec.template), svc, zone);
    if (host === undefined || host === '') continue;
    let zones = byHostname.get(host);
    if (!zones) byHostname.set(host, (zones = new Set()));
    zones.add(zone);
  }
  const items = [...byHostname.keys()].sort().map((hostname) => ({ hostname, zones: [...byHostname.get(hostname)!].sort().map((z) => ({ name: z })) }));
  // Go's nil slice: no hostname is `null`
  return { status: 200, body: { items: items.length > 0 ? items : null, total: items.length } };
}

function evaluateHostnameTemplate(template: string, svc: StoredResource, localZone: string): string | undefined {
  const displayName = svc.labels['kuma.io/display-name'] ?? svc.name;
  const zone = svc.labels['kuma.io/zone'] !== undefined && svc.labels['kuma.io/zone'] !== '' ? svc.labels['kuma.io/zone'] : localZone;
  const fields = { Name: svc.name, DisplayName: displayName, Namespace: svc.labels['k8s.kuma.io/namespace'] ?? '', Mesh: svc.mesh, Zone: zone };
  const r = runGoTemplate(template, fields, {}, 'meshedName');
  return r.kind === 'ok' ? r.rendered : undefined;
}

