/**
 * In-memory store: the default for a throw-away local control plane (tests, CI, demos).
 *
 * Layout, per type:
 *  - `sorted`: every entry, sorted by mesh then name, byte-wise (the order Kuma lists in). An unfiltered
 *    page is `sorted.slice(offset, offset + limit)`, and a one-mesh page is a slice of that mesh's
 *    contiguous run (found by binary search), so page time does not depend on how many resources exist.
 *  - `byKey`: mesh + NUL + name → entry, for O(1) get.
 *  - `meshCounts`: mesh → number of entries, for O(1) counts.
 *
 * Each entry keeps the record serialized as JSON (the deep copy: callers can never reach stored state,
 * and a JSON string is far smaller than the object graph) plus its labels, parsed and frozen, so label
 * filters need not parse the whole record. Reads return a fresh `JSON.parse` of the string.
 *
 * Transactions keep an undo log; a throw inside `transaction` replays it backwards to where that
 * (possibly nested) transaction started, like a SQLite savepoint.
 */
import { ConflictError, type ListPage, type ListQuery, type Store, type StoredResource, type VersionPage } from './types.js';

interface Entry {
  readonly mesh: string;
  readonly name: string;
  readonly version: number;
  readonly labels: Readonly<Record<string, string>>;
  /** The whole StoredResource, serialized. */
  readonly json: string;
}

type UndoOp =
  | { kind: 'insert'; index: TypeIndex; mesh: string; name: string }
  | { kind: 'replace'; index: TypeIndex; prev: Entry }
  | { kind: 'remove'; index: TypeIndex; prev: Entry }
  | { kind: 'removeRange'; index: TypeIndex; prev: Entry[] };

const HIGH = /[\uD800-\uFFFF]/;

/** UTF-16 code units from U+D800 up sort differently from UTF-8 bytes; remap to code point order. */
function fixup(c: number): number {
  return c >= 0xe000 ? c - 0x800 : c + 0x2000;
}

/**
 * Byte-wise comparison of the UTF-8 encodings of two strings (what Go and SQLite's BINARY collation
 * do). Native `<` compares UTF-16 code units, which agrees except when both strings hold characters
 * from U+D800 up (surrogate pairs versus U+E000..U+FFFF); only then the slow path runs.
 */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  if (HIGH.test(a) && HIGH.test(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      let x = a.charCodeAt(i);
      let y = b.charCodeAt(i);
      if (x !== y) {
        if (x >= 0xd800 && y >= 0xd800) {
          x = fixup(x);
          y = fixup(y);
        }
        return x < y ? -1 : 1;
      }
    }
    return a.length < b.length ? -1 : 1;
  }
  return a < b ? -1 : 1;
}

function compareKey(mesh: string, name: string, e: Entry): number {
  return compareBytes(mesh, e.mesh) || compareBytes(name, e.name);
}

function keyOf(mesh: string, name: string): string {
  return `${mesh}\u0000${name}`;
}

class TypeIndex {
  sorted: Entry[] = [];
  readonly byKey = new Map<string, Entry>();
  readonly meshCounts = new Map<string, number>();

  /** First position whose key is >= (mesh, name). */
  lowerBound(mesh: string, name: string): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKey(mesh, name, this.sorted[mid]!) > 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The run [lo, hi) of entries in `mesh`. */
  meshRange(mesh: string): [number, number] {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareBytes(this.sorted[mid]!.mesh, mesh) < 0) lo = mid + 1;
      else hi = mid;
    }
    const start = lo;
    hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareBytes(this.sorted[mid]!.mesh, mesh) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return [start, lo];
  }

  private bump(mesh: string, by: number): void {
    const n = (this.meshCounts.get(mesh) ?? 0) + by;
    if (n === 0) this.meshCounts.delete(mesh);
    else this.meshCounts.set(mesh, n);
  }

  insert(e: Entry): void {
    const i = this.lowerBound(e.mesh, e.name);
    this.sorted.splice(i, 0, e);
    this.byKey.set(keyOf(e.mesh, e.name), e);
    this.bump(e.mesh, 1);
  }

  /** Replace the entry with the same key. */
  replace(e: Entry): void {
    const i = this.lowerBound(e.mesh, e.name);
    this.sorted[i] = e;
    this.byKey.set(keyOf(e.mesh, e.name), e);
  }

  remove(mesh: string, name: string): void {
    const i = this.lowerBound(mesh, name);
    this.sorted.splice(i, 1);
    this.byKey.delete(keyOf(mesh, name));
    this.bump(mesh, -1);
  }

  removeRange(lo: number, hi: number): Entry[] {
    const removed = this.sorted.slice(lo, hi);
    this.sorted = this.sorted.slice(0, lo).concat(this.sorted.slice(hi));
    for (const e of removed) {
      this.byKey.delete(keyOf(e.mesh, e.name));
      this.bump(e.mesh, -1);
    }
    return removed;
  }

  /** Put back a contiguous, sorted run removed by removeRange. */
  insertRange(entries: Entry[]): void {
    const first = entries[0];
    if (!first) return;
    const i = this.lowerBound(first.mesh, first.name);
    this.sorted = this.sorted.slice(0, i).concat(entries, this.sorted.slice(i));
    for (const e of entries) {
      this.byKey.set(keyOf(e.mesh, e.name), e);
      this.bump(e.mesh, 1);
    }
  }
}

function labelsMatch(have: Readonly<Record<string, string>>, want: [string, string][]): boolean {
  for (const [k, v] of want) {
    if (!Object.prototype.hasOwnProperty.call(have, k) || have[k] !== v) return false;
  }
  return true;
}

export class MemoryStore implements Store {
  readonly kind = 'memory' as const;

  private types = new Map<string, TypeIndex>();
  private depth = 0;
  private undo: UndoOp[] = [];
  revision = 0;

  private index(type: string, create: true): TypeIndex;
  private index(type: string, create?: false): TypeIndex | undefined;
  private index(type: string, create = false): TypeIndex | undefined {
    let idx = this.types.get(type);
    if (!idx && create) {
      idx = new TypeIndex();
      this.types.set(type, idx);
    }
    return idx;
  }

  private log(op: UndoOp): void {
    if (this.depth > 0) this.undo.push(op);
  }

  get(type: string, mesh: string, name: string): StoredResource | undefined {
    const e = this.types.get(type)?.byKey.get(keyOf(mesh, name));
    return e ? (JSON.parse(e.json) as StoredResource) : undefined;
  }

  list(query: ListQuery): ListPage {
    return this.page(query, (e) => JSON.parse(e.json) as StoredResource);
  }

  listVersions(query: ListQuery): VersionPage {
    return this.page(query, (e) => ({ mesh: e.mesh, name: e.name, version: e.version }));
  }

  /** One page of a type's sorted index (a slice when unfiltered), each entry read with `pick`. */
  private page<T>(query: ListQuery, pick: (e: Entry) => T): { total: number; items: T[] } {
    const offset = Math.max(0, Math.floor(query.offset) || 0);
    const limit = Math.max(0, Math.floor(query.limit) || 0);
    const idx = this.types.get(query.type);
    if (!idx) return { total: 0, items: [] };

    let lo = 0;
    let hi = idx.sorted.length;
    if (query.mesh !== undefined) [lo, hi] = idx.meshRange(query.mesh);

    const nameContains = query.nameContains || undefined;
    const wantLabels = query.labels ? Object.entries(query.labels) : [];
    if (nameContains === undefined && wantLabels.length === 0) {
      const from = Math.min(lo + offset, hi);
      const to = Math.min(from + limit, hi);
      const items: T[] = [];
      for (let i = from; i < to; i++) items.push(pick(idx.sorted[i]!));
      return { total: hi - lo, items };
    }

    // Filtered: scan the range, keep the page, count all matches.
    let total = 0;
    const items: T[] = [];
    const end = offset + limit;
    for (let i = lo; i < hi; i++) {
      const e = idx.sorted[i]!;
      if (nameContains !== undefined && !e.name.includes(nameContains)) continue;
      if (wantLabels.length > 0 && !labelsMatch(e.labels, wantLabels)) continue;
      if (total >= offset && total < end) items.push(pick(e));
      total++;
    }
    return { total, items };
  }

  count(type: string, mesh?: string): number {
    const idx = this.types.get(type);
    if (!idx) return 0;
    return mesh === undefined ? idx.sorted.length : (idx.meshCounts.get(mesh) ?? 0);
  }

  countByType(mesh: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const type of [...this.types.keys()].sort(compareBytes)) {
      const n = this.types.get(type)!.meshCounts.get(mesh) ?? 0;
      if (n > 0) out[type] = n;
    }
    return out;
  }

  put(resource: Omit<StoredResource, 'version'>, expectedVersion?: number): StoredResource {
    const { type, mesh, name } = resource;
    const idx = this.index(type, true);
    const prev = idx.byKey.get(keyOf(mesh, name));
    if (expectedVersion === undefined ? prev !== undefined : prev?.version !== expectedVersion) {
      throw new ConflictError(type, name, mesh);
    }
    const version = prev ? prev.version + 1 : 1;
    const record: StoredResource = {
      type,
      mesh,
      name,
      creationTime: resource.creationTime,
      modificationTime: resource.modificationTime,
      labels: resource.labels ?? {},
      spec: resource.spec ?? {},
      ...(resource.status !== undefined ? { status: resource.status } : {}),
      version,
    };
    const json = JSON.stringify(record);
    const stored = JSON.parse(json) as StoredResource;
    const entry: Entry = { mesh, name, version, labels: Object.freeze({ ...stored.labels }), json };
    if (prev) {
      idx.replace(entry);
      this.log({ kind: 'replace', index: idx, prev });
    } else {
      idx.insert(entry);
      this.log({ kind: 'insert', index: idx, mesh, name });
    }
    this.revision++;
    return stored;
  }

  delete(type: string, mesh: string, name: string): boolean {
    const idx = this.types.get(type);
    const prev = idx?.byKey.get(keyOf(mesh, name));
    if (!idx || !prev) return false;
    idx.remove(mesh, name);
    this.log({ kind: 'remove', index: idx, prev });
    this.revision++;
    return true;
  }

  deleteMeshCascade(mesh: string): Record<string, number> {
    return this.transaction(() => {
      const counts: Record<string, number> = {};
      for (const type of [...this.types.keys()].sort(compareBytes)) {
        const idx = this.types.get(type)!;
        if (!idx.meshCounts.has(mesh)) continue;
        const [lo, hi] = idx.meshRange(mesh);
        const removed = idx.removeRange(lo, hi);
        this.log({ kind: 'removeRange', index: idx, prev: removed });
        this.revision++;
        counts[type] = removed.length;
      }
      this.delete('Mesh', '', mesh);
      return counts;
    });
  }

  transaction<T>(fn: () => T): T {
    const mark = this.undo.length;
    this.depth++;
    try {
      const result = fn();
      if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
        throw new TypeError('transaction function must be synchronous');
      }
      return result;
    } catch (err) {
      this.rollbackTo(mark);
      throw err;
    } finally {
      this.depth--;
      if (this.depth === 0) this.undo.length = 0;
    }
  }

  private rollbackTo(mark: number): void {
    this.revision++;
    while (this.undo.length > mark) {
      const op = this.undo.pop()!;
      switch (op.kind) {
        case 'insert':
          op.index.remove(op.mesh, op.name);
          break;
        case 'replace':
          op.index.replace(op.prev);
          break;
        case 'remove':
          op.index.insert(op.prev);
          break;
        case 'removeRange':
          op.index.insertRange(op.prev);
          break;
      }
    }
  }

  close(): void {
    this.types.clear();
    this.undo.length = 0;
  }
}
