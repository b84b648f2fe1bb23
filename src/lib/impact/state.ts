import type { KumaClient } from '../client/index.js';
import type { LoadedResource } from '../manifest/load.js';
import { typeByName } from '../resources/registry.js';
import { applyMeshDefaults } from '../resources/mesh-defaults.js';
import { normaliseForStorage } from '../validation/schema.js';
import { asArray, asObject, dropNulls, isRecord } from '../json.js';
import { setZoneTags } from '../resources/computed.js';
import { mapLimit } from '../concurrency.js';
import { exportedTypes } from '../export/index.js';
import { compare } from '../plan/compare.js';
import { computeLabels, DISPLAY_NAME, ENV, MESH, ORIGIN, PROXY_TYPE, ZONE } from '../control-plane/labels.js';
import { specOfBody } from '../control-plane/resource-json.js';
import { seedResources, type SeedResource } from '../control-plane/seed.js';
import type { ChangeAction } from './impact.js';

/*
 * The two sides `diff --impact` compares: the current resources of the meshes a change touches (read
 * as `export` reads them, but with every label: matching and ordering read them), and the change as
 * the control plane would store it (normalised, with the labels it would compute).
 */

export interface LiveState {
  /** Every resource of the meshes, as the API answered (what the engine is seeded with). */
  resources: SeedResource[];
  /** The same, as API JSON, by `type/mesh/name` (for comparing with the files as `diff` does). */
  json: Map<string, Record<string, unknown>>;
}

const k = (type: string, mesh: string, name: string) => `${type}\u0000${mesh}\u0000${name}`;

/** The meshes a batch touches: each Mesh document's name and each resource's mesh. */
export function touchedMeshes(batch: readonly LoadedResource[]): string[] {
  const out = new Set<string>();
  for (const r of batch) {
    if (r.type.name === 'Mesh') out.add(r.name);
    else if (r.type.scope === 'Mesh' && r.mesh !== undefined) out.add(r.mesh);
  }
  return [...out].sort();
}

/** Read the meshes that exist (a mesh only the batch creates has nothing yet), every mesh-scoped type. */
export async function readLive(client: KumaClient, meshes: readonly string[], concurrency = 8): Promise<LiveState> {
  const meshType = typeByName('Mesh')!;
  const types = exportedTypes(false);
  const json = new Map<string, Record<string, unknown>>();
  const raw: Record<string, unknown>[] = [];
  for (const mesh of meshes) {
    const m = await client.get(meshType, undefined, mesh);
    if (!m) continue;
    raw.push({ ...m, type: 'Mesh' });
    const lists = await mapLimit(types, concurrency, (t) => client.listAll(t, { mesh }));
    types.forEach((t, i) => {
      for (const item of lists[i] ?? []) raw.push({ ...item, type: item.type ?? t.name, mesh });
    });
  }
  for (const r of raw) json.set(k(String(r.type), r.type === 'Mesh' ? '' : String(r.mesh), String(r.name)), r);
  return { resources: seedResources(raw), json };
}

/** The zone the control plane stamps on what it creates, read off the live resources (`default` if none says). */
function zoneOf(live: readonly SeedResource[]): string {
  for (const r of live) if (r.labels[ZONE] !== undefined && r.labels[ORIGIN] !== 'global') return r.labels[ZONE]!;
  return 'default';
}

/**
 * The zone the control plane writes into the tags of the Dataplanes it stores (`kuma.io/zone`), read off
 * a live Dataplane of the mesh; undefined when none has it (a seeded or older store: then none is added).
 */
function zoneTagOf(live: readonly SeedResource[], mesh: string): string | undefined {
  for (const r of live) {
    if (r.type !== 'Dataplane' || r.mesh !== mesh) continue;
    const networking = asObject(r.spec.networking);
    for (const i of asArray(networking.inbound)) {
      const zone = asObject(asObject(i).tags)['kuma.io/zone'];
      if (typeof zone === 'string') return zone;
    }
    const gw = asObject(asObject(networking.gateway).tags)['kuma.io/zone'];
    if (typeof gw === 'string') return gw;
  }
  return undefined;
}

function meshServicesExclusive(live: readonly SeedResource[], batch: readonly LoadedResource[], mesh: string): boolean {
  const fromBatch = batch.find((r) => r.type.name === 'Mesh' && r.name === mesh)?.value;
  const spec = fromBatch ?? live.find((r) => r.type === 'Mesh' && r.name === mesh)?.spec;
  const mode = asObject(asObject(spec).meshServices).mode;
  return mode === 'Exclusive' || mode === 3;
}

const KEPT = [ORIGIN, ZONE, ENV, MESH, PROXY_TYPE, DISPLAY_NAME];

/**
 * Each resource of the batch as the control plane would store it, and whether applying it would
 * create, update or leave it unchanged (the comparison `diff` makes).
 */
export function storedForm(batch: readonly LoadedResource[], live: LiveState): Array<{ resource: SeedResource; action: ChangeAction; file: string }> {
  const zone = zoneOf(live.resources);
  return batch.map((r) => {
    const mesh = r.type.scope === 'Mesh' ? (r.mesh ?? 'default') : '';
    const existing = live.json.get(k(r.type.name, mesh, r.name));
    const action: ChangeAction = !existing ? 'create' : compare(r.type, r.value, existing).equal ? 'unchanged' : 'update';
    const value = dropNulls(r.value) as Record<string, unknown>;
    normaliseForStorage(r.type.name, value);
    if (r.type.name === 'Mesh') applyMeshDefaults(value);
    if (r.type.name === 'Dataplane') {
      // the zone tags the control plane adds to every inbound, so that inbounds compare as equal
      const zoneTag = zoneTagOf(live.resources, mesh);
      if (zoneTag !== undefined) setZoneTags(value, meshServicesExclusive(live.resources, batch, mesh), zoneTag);
    }
    const requested = isRecord(value.labels) ? Object.fromEntries(Object.entries(value.labels).map(([a, b]) => [a, String(b)])) : {};
    let labels: Record<string, string>;
    if (r.type.name === 'Mesh') labels = requested;
    else if (existing && isRecord(existing.labels)) {
      // what the control plane computed once stays (origin, zone and display name cannot change)
      labels = { ...requested };
      for (const key of KEPT) if (labels[key] === undefined && typeof existing.labels[key] === 'string') labels[key] = existing.labels[key] as string;
    } else labels = computeLabels(r.type, mesh, requested, specOfBody(r.type, value), { zone, environment: 'universal' });
    const [resource] = seedResources([{ ...value, type: r.type.name, ...(r.type.scope === 'Mesh' ? { mesh } : {}), labels }]);
    return { resource: resource!, action, file: r.file };
  });
}
