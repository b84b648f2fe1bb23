import { isRecord } from '../../json.js';
import type { StoredResource } from '../store/types.js';

/**
 * An in-memory view of one mesh's resources (and the global ones), the input of every matching
 * function: built from a store, from `kumactl export` output or from a seed, without a server.
 */
export class Snapshot {
  private readonly byType = new Map<string, StoredResource[]>();
  private readonly byName = new Map<string, Map<string, StoredResource>>();

  constructor(
    readonly mesh: string,
    resources: Iterable<StoredResource>,
  ) {
    for (const r of resources) {
      if (r.type !== 'Mesh' && r.mesh !== '' && r.mesh !== mesh) continue;
      let list = this.byType.get(r.type);
      if (!list) this.byType.set(r.type, (list = []));
      list.push(r);
    }
    for (const list of this.byType.values()) list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The Mesh resource, if the snapshot has it. */
  get meshResource(): StoredResource | undefined {
    return this.get('Mesh', this.mesh);
  }

  /** Every resource of a type in the mesh, sorted by name. */
  of(type: string): readonly StoredResource[] {
    return this.byType.get(type) ?? [];
  }

  get(type: string, name: string): StoredResource | undefined {
    let names = this.byName.get(type);
    if (!names) {
      names = new Map();
      for (const r of this.of(type)) if (!names.has(r.name)) names.set(r.name, r);
      this.byName.set(type, names);
    }
    return names.get(name);
  }

  /** Types present in the snapshot. */
  types(): string[] {
    return [...this.byType.keys()];
  }
}

/** The snapshot itself when it is of this mesh, else one built from the resources given. */
export function snapshotOf(resources: Snapshot | Iterable<StoredResource>, mesh: string): Snapshot {
  return resources instanceof Snapshot && resources.mesh === mesh ? resources : new Snapshot(mesh, resources instanceof Snapshot ? [] : resources);
}

/** Small readers of a stored resource's spec (Kuma's protobuf getters: absent is empty). */
export function rec(v: unknown): Record<string, unknown> {
  return isRecord(v) ? v : {};
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

export function strMap(v: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(rec(v)).map(([k, x]) => [k, str(x)]));
}
