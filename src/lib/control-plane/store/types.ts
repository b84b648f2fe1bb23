/**
 * Storage of the local control plane. Both stores (memory, SQLite) implement this interface and pass
 * the same conformance tests. The API is synchronous on purpose: a request handler reads, decides and
 * writes without yielding to the event loop, so concurrent requests never interleave inside one write
 * (no lost updates, no torn records) without any locking.
 */

/** One stored resource. `mesh` is '' for global types. */
export interface StoredResource {
  /** Type name, e.g. `MeshTimeout`. */
  type: string;
  mesh: string;
  name: string;
  /** RFC 3339 with nanosecond precision as Go prints it, e.g. `2026-11-26T20:00:00.123456789Z`. */
  creationTime: string;
  modificationTime: string;
  labels: Record<string, string>;
  /**
   * The spec: for spec-wrapped types the value of `spec`; for flat types the object of all fields
   * that are not meta (everything but type, mesh, name, creationTime, modificationTime, labels, kri).
   */
  spec: Record<string, unknown>;
  /** Types with a status keep it here (spec-wrapped types only); undefined otherwise. */
  status?: Record<string, unknown>;
  /** Incremented on every write, starting at 1. */
  version: number;
}

export interface ListQuery {
  type: string;
  /** Only this mesh; undefined: every mesh (cross-mesh list, or global types). */
  mesh?: string;
  /** Case-sensitive substring of the name. */
  nameContains?: string;
  /** Exact label equality, all must match. */
  labels?: Record<string, string>;
  /** Items to skip (after filtering and sorting). */
  offset: number;
  /** Page size. */
  limit: number;
}

export interface ListPage {
  /** Number of items matching the filters across all pages. */
  total: number;
  /** Sorted by mesh, then name, byte-wise ascending. */
  items: StoredResource[];
}

/** A page of references only: enough to tell whether a cached rendering is still current. */
export interface VersionPage {
  total: number;
  items: Array<{ mesh: string; name: string; version: number }>;
}

export class ConflictError extends Error {
  constructor(
    readonly resourceType: string,
    readonly resourceName: string,
    readonly mesh: string,
  ) {
    super(`resource conflict: type="${resourceType}" name="${resourceName}" mesh="${mesh}"`);
    this.name = 'ConflictError';
  }
}

export interface Store {
  readonly kind: 'memory' | 'sqlite';

  /**
   * A number every write (put, delete, cascade) and every rollback changes: while it stays the same,
   * so does everything the store holds (caches of what was read key on it).
   */
  readonly revision: number;

  get(type: string, mesh: string, name: string): StoredResource | undefined;

  list(query: ListQuery): ListPage;

  /** Like `list`, without reading the records: mesh, name and version of each item. */
  listVersions(query: ListQuery): VersionPage;

  /** Every resource of a type (optionally of one mesh), sorted; for counts and engine checks. */
  count(type: string, mesh?: string): number;

  /** Counts per type of every resource in a mesh (for mesh insights). */
  countByType(mesh: string): Record<string, number>;

  /**
   * Create (expectedVersion undefined: must not exist) or update (must exist with that version).
   * Sets `version` on the stored copy and returns it. Throws ConflictError on a version mismatch or when
   * creating something that exists.
   */
  put(resource: Omit<StoredResource, 'version'>, expectedVersion?: number): StoredResource;

  /** Delete one resource; false when it did not exist. */
  delete(type: string, mesh: string, name: string): boolean;

  /**
   * Delete the Mesh `mesh` and every resource in that mesh, atomically. Returns the counts of what
   * went with it, per type (the Mesh itself not included).
   */
  deleteMeshCascade(mesh: string): Record<string, number>;

  /** Run several writes as one transaction (all or nothing). */
  transaction<T>(fn: () => T): T;

  close(): void;
}
