import type { KumaClient } from '../client/index.js';
import type { LoadedResource } from '../manifest/load.js';
import type { ResourceType } from '../resources/registry.js';

type Live = Record<string, unknown>;

/** A type in a mesh with at least this many resources in the batch is read with one list, not a GET each. */
export const LIST_FROM = 8;
/** ... unless the control plane holds many more of them than the batch names: then GETs are cheaper. */
const LIST_AT_MOST_TIMES = 4;

/**
 * Reads the live state of the batch's resources with as few requests as it can: the resources of a
 * type in one mesh are listed once (paging through) when the batch has many of them, and fetched one
 * by one otherwise, or when the list would be much longer than the batch. A list is sent when the
 * first of its resources is asked for, so it reflects everything applied before (a Mesh's initial
 * policies, for one). Answers undefined for a resource that does not exist.
 */
export function liveReader(client: KumaClient, resources: readonly LoadedResource[]): (r: LoadedResource) => Promise<Live | undefined> {
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(groupOf(r), (counts.get(groupOf(r)) ?? 0) + 1);
  const lists = new Map<string, Promise<Map<string, Live> | undefined>>();
  return async (r) => {
    const group = groupOf(r);
    const count = counts.get(group) ?? 0;
    if (count >= LIST_FROM) {
      let listed = lists.get(group);
      if (!listed) lists.set(group, (listed = listByName(client, r.type, r.mesh, count)));
      const byName = await listed;
      if (byName) return byName.get(r.name);
    }
    return client.get(r.type, r.mesh, r.name);
  };
}

function groupOf(r: LoadedResource): string {
  return `${r.type.name}\u0000${r.type.scope === 'Mesh' ? (r.mesh ?? '') : ''}`;
}

/** Every resource of a type in a mesh by name; undefined when there are too many for a list to pay. */
async function listByName(client: KumaClient, type: ResourceType, mesh: string | undefined, wanted: number): Promise<Map<string, Live> | undefined> {
  const items = await client.listUpTo(type, mesh !== undefined ? { mesh } : {}, Math.max(1000, LIST_AT_MOST_TIMES * wanted));
  return items && new Map(items.map((item) => [String(item.name), item]));
}
