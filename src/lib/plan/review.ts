import type { KumaClient } from '../client/index.js';
import type { LoadedResource } from '../manifest/load.js';
import { RESOURCE_TYPES, type ResourceType } from '../resources/registry.js';
import { formatYaml } from '../output/yaml.js';
import { comparable, compare } from './compare.js';
import { unifiedDiff } from './diff.js';
import { isRecord } from '../json.js';
import { liveReader } from './live.js';

export interface Change {
  type: string;
  mesh: string | null;
  name: string;
  action: 'create' | 'update' | 'unchanged' | 'not-in-files';
  /** The live resource as the comparison sees it (null when it does not exist). */
  before: Record<string, unknown> | null;
  /** What the files ask for (null for resources that are in no file). */
  after: Record<string, unknown> | null;
  diff: string;
}

/** What `apply` would do to each resource, without writing: a review for pipelines and people. */
export async function reviewChanges(client: KumaClient, resources: readonly LoadedResource[], concurrency: number): Promise<Change[]> {
  const changes: Change[] = new Array(resources.length);
  const readLive = liveReader(client, resources);
  // The batch's Meshes first: in a mesh the control plane does not have yet, nothing exists to read
  // (kuma-cp answers 404 "Failed to retrieve Mesh"), so everything in it is new.
  const meshes = new Map<string, Promise<Record<string, unknown> | undefined>>();
  for (const r of resources) if (r.type.name === 'Mesh' && !meshes.has(r.name)) meshes.set(r.name, readLive(r));
  const newMeshes = new Set<string>();
  await Promise.all([...meshes].map(async ([name, live]) => (await live) === undefined && newMeshes.add(name)));
  let next = 0;
  const worker = async () => {
    while (next < resources.length) {
      const i = next++;
      const r = resources[i]!;
      const inNewMesh = r.type.scope === 'Mesh' && r.mesh !== undefined && newMeshes.has(r.mesh);
      const live = r.type.name === 'Mesh' ? await meshes.get(r.name) : inNewMesh ? undefined : await readLive(r);
      const id = `${r.type.name}/${r.mesh ?? ''}/${r.name}`;
      const after = comparable(r.type, r.value);
      if (!live) {
        changes[i] = { type: r.type.name, mesh: r.mesh ?? null, name: r.name, action: 'create', before: null, after, diff: unifiedDiff('', formatYaml(after), { from: `${id} (does not exist)`, to: `${id} (${r.file})` }) };
        continue;
      }
      const c = compare(r.type, r.value, live);
      const before = comparable(r.type, live, isRecord(r.value.labels) ? r.value.labels : {});
      changes[i] = c.equal
        ? { type: r.type.name, mesh: r.mesh ?? null, name: r.name, action: 'unchanged', before, after, diff: '' }
        : { type: r.type.name, mesh: r.mesh ?? null, name: r.name, action: 'update', before, after, diff: unifiedDiff(c.before, c.after, { from: `${id} (live)`, to: `${id} (${r.file})` }) };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, resources.length)) }, worker));
  return changes;
}

/** Resources on the control plane, in the meshes the files touch, that no file names (nothing is deleted). */
export async function pruneCandidates(client: KumaClient, resources: readonly LoadedResource[]): Promise<Change[]> {
  const meshes = new Set<string>();
  for (const r of resources) {
    if (r.type.name === 'Mesh') meshes.add(r.name);
    else if (r.mesh !== undefined) meshes.add(r.mesh);
  }
  const inFiles = new Set(resources.map((r) => `${r.type.name}\u0000${r.mesh ?? ''}\u0000${r.name}`));
  const types = RESOURCE_TYPES.filter((t: ResourceType) => t.scope === 'Mesh' && !t.readOnly && t.cli);
  const out: Change[] = [];
  for (const mesh of [...meshes].sort()) {
    for (const type of types) {
      let items: Record<string, unknown>[];
      try {
        items = await client.listAll(type, { mesh });
      } catch {
        continue; // e.g. a mesh that exists only in the files, or secrets a non-admin cannot list
      }
      for (const item of items) {
        const name = String(item.name);
        if (inFiles.has(`${type.name}\u0000${mesh}\u0000${name}`)) continue;
        out.push({ type: type.name, mesh, name, action: 'not-in-files', before: comparable(type, item, {}), after: null, diff: '' });
      }
    }
  }
  return out;
}
