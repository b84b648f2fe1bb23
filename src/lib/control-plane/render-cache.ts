/*
 * The local control plane's caches of rendered list items and pages: bytes by type, mesh and name,
 * with the version they show (a resource's version, or a page's items and their versions). Bounded
 * by bytes; when over, the oldest entries go first (FIFO), each in constant time.
 *
 * A list page is a hundred look-ups, so a hit must be cheap: entries are found by type, mesh and name
 * in nested maps (the store hands out the same name strings each time, so their hashes are already
 * computed; a joined key would be a new string to hash on every look-up), and a hit changes nothing.
 */

interface Entry<V> {
  readonly type: string;
  readonly mesh: string;
  readonly name: string;
  readonly version: V;
  /** Bytes this entry is accounted for: its bytes, what its version holds, the overhead. */
  readonly cost: number;
  /** Emptied when the entry is dropped, so a spent queue slot holds no bytes. */
  bytes: Buffer;
  /** Dropped from the maps (replaced, deleted or evicted); its place in the queue is then skipped. */
  gone: boolean;
}

/** What one entry costs beyond its bytes (the entry, its map slots, its queue slot, the Buffer object and
 * its allocation): measured, 100,000 items of 650 bytes raise RSS by about 1,350 bytes each. */
export const ENTRY_OVERHEAD = 700;

const EMPTY = Buffer.alloc(0);

export class RenderCache<V = number> {
  private readonly byType = new Map<string, Map<string, Map<string, Entry<V>>>>();
  /** Entries oldest first, from `head` on (slots before `head` are spent). */
  private queue: Array<Entry<V>> = [];
  private head = 0;
  private used = 0;
  /** Entries in the maps (the queue from `head` on holds these and spent ones). */
  private live = 0;

  constructor(readonly maxBytes: number) {}

  /** Bytes held, overheads included. */
  get size(): number {
    return this.used;
  }

  /** The bytes held and the version they show: the caller checks that version is still current. */
  get(type: string, mesh: string, name: string): { readonly version: V; readonly bytes: Buffer } | undefined {
    return this.byType.get(type)?.get(mesh)?.get(name);
  }

  /** Hold `bytes` for this version; `versionBytes`: what the version itself holds, when that counts. */
  set(type: string, mesh: string, name: string, version: V, bytes: Buffer, versionBytes = 0): void {
    const cost = bytes.length + versionBytes + ENTRY_OVERHEAD;
    if (cost > this.maxBytes) return;
    let meshes = this.byType.get(type);
    if (!meshes) this.byType.set(type, (meshes = new Map()));
    let names = meshes.get(mesh);
    if (!names) meshes.set(mesh, (names = new Map()));
    const prev = names.get(name);
    if (prev) this.drop(prev);
    const e: Entry<V> = { type, mesh, name, version, cost, bytes, gone: false };
    names.set(name, e);
    this.queue.push(e);
    this.used += cost;
    this.live++;
    while (this.used > this.maxBytes) this.evictOldest();
    this.compact();
  }

  delete(type: string, mesh: string, name: string): void {
    const names = this.byType.get(type)?.get(mesh);
    const e = names?.get(name);
    if (!e) return;
    names!.delete(name);
    if (names!.size === 0) this.byType.get(type)!.delete(mesh);
    this.drop(e);
    this.compact();
  }

  clear(): void {
    this.byType.clear();
    this.queue = [];
    this.head = 0;
    this.used = 0;
    this.live = 0;
  }

  /** Account an entry as gone (the caller removes or replaces it in the maps). */
  private drop(e: Entry<V>): void {
    e.gone = true;
    this.used -= e.cost;
    e.bytes = EMPTY;
    this.live--;
  }

  private evictOldest(): void {
    while (this.head < this.queue.length) {
      const e = this.queue[this.head++]!;
      if (e.gone) continue;
      const names = this.byType.get(e.type)!.get(e.mesh)!;
      names.delete(e.name);
      if (names.size === 0) this.byType.get(e.type)!.delete(e.mesh);
      this.drop(e);
      break;
    }
  }

  /** Spent slots go once they are half the queue: amortised constant time per entry. */
  private compact(): void {
    if (this.queue.length < 1024 || this.queue.length < 2 * this.live) return;
    this.queue = this.queue.slice(this.head).filter((e) => !e.gone);
    this.head = 0;
  }
}

/** One cached item: where its bytes are (a view is made when read, so none is held per item). */
export interface Item {
  readonly type: string;
  readonly mesh: string;
  readonly name: string;
  readonly version: number;
  readonly slab: Buffer;
  readonly start: number;
  readonly end: number;
  gone: boolean;
}

/** Largest size of one slab of the item cache. Items larger than a slab are not cached. */
export const SLAB_BYTES = 1024 * 1024;

/**
 * The cache of rendered list items: many small byte strings, copied into a ring of fixed slabs. The
 * bytes held never exceed the slabs (allocated once each, then reused), so evicting makes no garbage
 * beyond the small item records: when the ring comes round, the oldest slab's items all go at once,
 * in time proportional to their number (constant per item). Bytes of an item replaced or deleted
 * stay in their slab until it is reused.
 */
export class ItemCache {
  private readonly byType = new Map<string, Map<string, Map<string, Item>>>();
  private readonly slabs: Buffer[] = [];
  private members: Item[][] = [];
  private current = 0;
  private at = 0;
  /** Slabs in the ring, and their size (a quarter of the bound at most: small bounds still rotate). */
  readonly slabCount: number;
  readonly slabBytes: number;

  constructor(readonly maxBytes: number) {
    this.slabBytes = Math.min(SLAB_BYTES, Math.max(1, Math.floor(maxBytes / 4)));
    this.slabCount = Math.max(1, Math.floor(maxBytes / this.slabBytes));
  }

  get(type: string, mesh: string, name: string): Item | undefined {
    return this.byType.get(type)?.get(mesh)?.get(name);
  }

  /** An item's bytes: valid until the next `set` (which may reuse its slab). */
  static bytes(item: Item): Buffer {
    return item.slab.subarray(item.start, item.end);
  }

  set(type: string, mesh: string, name: string, version: number, bytes: Buffer): void {
    if (bytes.length > this.slabBytes) return;
    if (this.slabs.length === 0 || this.at + bytes.length > this.slabBytes) this.nextSlab();
    const slab = this.slabs[this.current]!;
    bytes.copy(slab, this.at);
    const item: Item = { type, mesh, name, version, slab, start: this.at, end: this.at + bytes.length, gone: false };
    this.at += bytes.length;
    let meshes = this.byType.get(type);
    if (!meshes) this.byType.set(type, (meshes = new Map()));
    let names = meshes.get(mesh);
    if (!names) meshes.set(mesh, (names = new Map()));
    const prev = names.get(name);
    if (prev) prev.gone = true;
    names.set(name, item);
    this.members[this.current]!.push(item);
  }

  delete(type: string, mesh: string, name: string): void {
    const names = this.byType.get(type)?.get(mesh);
    const item = names?.get(name);
    if (!item) return;
    item.gone = true;
    names!.delete(name);
  }

  clear(): void {
    this.byType.clear();
    this.slabs.length = 0;
    this.members = [];
    this.current = 0;
    this.at = 0;
  }

  /** Bytes of slabs allocated. */
  get size(): number {
    return this.slabs.length * this.slabBytes;
  }

  /** Write on in the next slab: a new one while the ring is not full, else the oldest, emptied. */
  private nextSlab(): void {
    if (this.slabs.length < this.slabCount) {
      this.slabs.push(Buffer.allocUnsafeSlow(this.slabBytes));
      this.members.push([]);
      this.current = this.slabs.length - 1;
    } else {
      this.current = (this.current + 1) % this.slabCount;
      for (const item of this.members[this.current]!) {
        if (item.gone) continue;
        item.gone = true;
        const meshes = this.byType.get(item.type)!;
        const names = meshes.get(item.mesh)!;
        names.delete(item.name);
        if (names.size === 0) meshes.delete(item.mesh);
      }
      this.members[this.current] = [];
    }
    this.at = 0;
  }
}
