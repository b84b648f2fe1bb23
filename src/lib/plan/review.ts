import type { KumaClient } from '../client/index.js';
import type { LoadedResource } from '../manifest/load.js';
import { RESOURCE_TYPES, type ResourceType } from '../resources/registry.js';
import { formatYaml } from '../output/yaml.js';
import { comparable } from './compare.js';
import { unifiedDiff } from './diff.js';
import { plan, type PlannedChange } from './plan.js';
import { requestBody } from './apply.js';
import type { PlannedDelete } from './prune.js';

export interface Change {
  type: string;
  mesh: string | null;
  name: string;
  action: 'create' | 'update' | 'unchanged' | 'delete' | 'not-in-files';
  /** The live resource as the comparison sees it (null when it does not exist). */
  before: Record<string, unknown> | null;
  /** What the files ask for (null for resources that are in no file). */
  after: Record<string, unknown> | null;
  diff: string;
  /** The live `modificationTime` the change was computed from (null when it does not exist). */
  modificationTime: string | null;
  /** What apply sends for it (null for deletes and resources in no file). */
  request: Record<string, unknown> | null;
}

/** `diff`'s view of the plan (plan.ts): each change with its unified diff; the first failure ends the review. */
export async function reviewChanges(client: KumaClient, resources: readonly LoadedResource[], concurrency: number): Promise<Change[]> {
  const steps = await plan(client, resources, { concurrency });
  const failed = steps.find((s) => s?.error && s.resource.type.name === 'Mesh') ?? steps.find((s) => s?.error);
  if (failed) throw failed.error;
  return steps.map((step) => changeView(step!.change!));
}

function changeView({ resource: r, action, before, after, modificationTime }: PlannedChange): Change {
  const id = `${r.type.name}/${r.mesh ?? ''}/${r.name}`;
  const base = { type: r.type.name, mesh: r.mesh ?? null, name: r.name, action, before, after, modificationTime, request: requestBody(r) };
  if (action === 'unchanged') return { ...base, diff: '' };
  if (action === 'create') return { ...base, diff: unifiedDiff('', formatYaml(after), { from: `${id} (does not exist)`, to: `${id} (${r.file})` }) };
  return { ...base, diff: unifiedDiff(formatYaml(before), formatYaml(after), { from: `${id} (live)`, to: `${id} (${r.file})` }) };
}

/** `--prune`'s deletes as changes: each with the diff from the live resource to nothing. */
export function deleteChanges(deletes: readonly PlannedDelete[], owner: string): Change[] {
  return deletes.map((d) => {
    const id = `${d.type.name}/${d.mesh ?? ''}/${d.name}`;
    const diff = unifiedDiff(formatYaml(d.before), '', { from: `${id} (live)`, to: `${id} (in no file, owned by ${owner}: deleted)` });
    return { type: d.type.name, mesh: d.mesh ?? null, name: d.name, action: 'delete' as const, before: d.before, after: null, diff, modificationTime: d.modificationTime, request: null };
  });
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
        const modificationTime = typeof item.modificationTime === 'string' ? item.modificationTime : null;
        out.push({ type: type.name, mesh, name, action: 'not-in-files', before: comparable(type, item, {}), after: null, diff: '', modificationTime, request: null });
      }
    }
  }
  return out;
}
