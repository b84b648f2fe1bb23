/**
 * SQLite store (better-sqlite3, synchronous): the local control plane's state survives restarts.
 *
 * Durability: WAL journal with `synchronous = NORMAL`. A commit is appended to the WAL with write(2)
 * before `put` returns, so it survives the process dying at any point (crash, SIGKILL, OOM kill): the
 * next open replays the WAL. It is not fsync'ed on every commit, so a power loss or kernel crash may
 * lose the last few commits (never corrupts the file). That is the right trade for a laptop/CI control
 * plane: ~10x faster writes than `FULL`.
 *
 * Layout (schema version 1, kept in `PRAGMA user_version` for later migrations):
 *  - `resources`: one row per resource, primary key (type, mesh, name), WITHOUT ROWID, so the table
 *    itself is stored in list order and `ORDER BY mesh, name` for one type is a b-tree walk.
 *  - `counts` (type, mesh) → n and `type_counts` (type) → n, maintained by triggers on `resources`,
 *    i.e. inside the very transaction of every write; `total` of a list and `count()` are one
 *    primary-key lookup instead of a COUNT(*) over the rows.
 *
 * Deep pages: SQLite walks `OFFSET` rows one by one (measured ~10 ms for OFFSET 50,000 against ~0.5 ms
 * for a first page), so from `keysetFrom` (default 1,000) on, list seeks instead: a per-type array of
 * the sorted (mesh, name) keys, built on first deep read and kept up to date by this connection's
 * writes, gives the key at the offset, and `(mesh, name) >= (?, ?) LIMIT ?` is a b-tree seek. The cache
 * is dropped when a transaction rolls back, and when `PRAGMA data_version` shows a commit by another
 * connection (another process on the same file).
 * Sort order: BINARY collation, i.e. memcmp of the UTF-8 bytes, the same as MemoryStore's compareBytes.
 */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ExitCode, UserError } from '../../errors.js';
import { compareBytes } from './memory.js';
import { ConflictError, type ListPage, type ListQuery, type Store, type StoredResource, type VersionPage } from './types.js';

export const SCHEMA_VERSION = 1;

const SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS resources (
  type TEXT NOT NULL,
  mesh TEXT NOT NULL,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  creation_time TEXT NOT NULL,
  modification_time TEXT NOT NULL,
  labels TEXT NOT NULL,
  spec TEXT NOT NULL,
  status TEXT,
  PRIMARY KEY (type, mesh, name)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS counts (
  type TEXT NOT NULL,
  mesh TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (type, mesh)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS counts_by_mesh ON counts (mesh, type);

CREATE TABLE IF NOT EXISTS type_counts (
  type TEXT NOT NULL PRIMARY KEY,
  n INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER IF NOT EXISTS resources_count_insert AFTER INSERT ON resources BEGIN
  INSERT INTO counts (type, mesh, n) VALUES (NEW.type, NEW.mesh, 1)
    ON CONFLICT (type, mesh) DO UPDATE SET n = n + 1;
  INSERT INTO type_counts (type, n) VALUES (NEW.type, 1)
    ON CONFLICT (type) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER IF NOT EXISTS resources_count_delete AFTER DELETE ON resources BEGIN
  UPDATE counts SET n = n - 1 WHERE type = OLD.type AND mesh = OLD.mesh;
  DELETE FROM counts WHERE type = OLD.type AND mesh = OLD.mesh AND n <= 0;
  UPDATE type_counts SET n = n - 1 WHERE type = OLD.type;
  DELETE FROM type_counts WHERE type = OLD.type AND n <= 0;
END;
`;

interface Row {
  type: string;
  mesh: string;
  name: string;
  version: number;
  creation_time: string;
  modification_time: string;
  labels: string;
  spec: string;
  status: string | null;
}

const COLUMNS = 'type, mesh, name, version, creation_time, modification_time, labels, spec, status';

/** What `listVersions` reads of a row. */
interface Ref {
  mesh: string;
  name: string;
  version: number;
}

function fromRow(r: Row): StoredResource {
  const out: StoredResource = {
    type: r.type,
    mesh: r.mesh,
    name: r.name,
    creationTime: r.creation_time,
    modificationTime: r.modification_time,
    labels: JSON.parse(r.labels) as Record<string, string>,
    spec: JSON.parse(r.spec) as Record<string, unknown>,
    version: r.version,
  };
  if (r.status !== null) out.status = JSON.parse(r.status) as Record<string, unknown>;
  return out;
}

function labelsMatch(have: Record<string, string>, want: [string, string][]): boolean {
  for (const [k, v] of want) {
    if (!Object.prototype.hasOwnProperty.call(have, k) || have[k] !== v) return false;
  }
  return true;
}

/** How a page's rows are read: the four page queries, and one row by key (filtered pages). */
interface PageReader<T> {
  pageAll(type: string, limit: number, offset: number): T[];
  pageMesh(type: string, mesh: string, limit: number, offset: number): T[];
  seekAll(type: string, mesh: string, name: string, limit: number): T[];
  seekMesh(type: string, mesh: string, name: string, limit: number): T[];
  one(type: string, mesh: string, name: string): T;
}

export interface SqliteStoreOptions {
  /** Offsets from this on seek through the key cache instead of `OFFSET`. Default 1,000. */
  keysetFrom?: number;
}

/** Sorted keys of one type, as parallel arrays. */
interface KeyIndex {
  meshes: string[];
  names: string[];
}

function lowerBound(k: KeyIndex, mesh: string, name: string): number {
  let lo = 0;
  let hi = k.names.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((compareBytes(k.meshes[mid]!, mesh) || compareBytes(k.names[mid]!, name)) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First position whose mesh is > `mesh` (with `after`) or >= `mesh`. */
function meshBound(k: KeyIndex, mesh: string, after: boolean): number {
  let lo = 0;
  let hi = k.meshes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareBytes(k.meshes[mid]!, mesh);
    if (c < 0 || (after && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;

  private readonly stmts;
  private readonly keysetFrom: number;
  private readonly keyCache = new Map<string, KeyIndex>();
  private dataVersion = -1;
  /** Writes (and rollbacks) of this connection, and commits of other connections seen. */
  private writes = 0;
  private external = 0;
  private revisionDataVersion = -1;
  /** Filter scans, prepared on first use per shape (mesh?, name filter?) and kept. */
  private readonly scanStmts = new Map<string, Database.Statement>();
  private readonly tx: <T>(fn: () => T) => T;

  private constructor(
    private readonly db: Database.Database,
    options: SqliteStoreOptions,
  ) {
    this.keysetFrom = options.keysetFrom ?? 1000;
    this.stmts = {
      get: db.prepare<[string, string, string], Row>(
        `SELECT ${COLUMNS} FROM resources WHERE type = ? AND mesh = ? AND name = ?`,
      ),
      pageAll: db.prepare<[string, number, number], Row>(
        `SELECT ${COLUMNS} FROM resources WHERE type = ? ORDER BY mesh, name LIMIT ? OFFSET ?`,
      ),
      pageMesh: db.prepare<[string, string, number, number], Row>(
        `SELECT ${COLUMNS} FROM resources WHERE type = ? AND mesh = ? ORDER BY mesh, name LIMIT ? OFFSET ?`,
      ),
      seekAll: db.prepare<[string, string, string, number], Row>(
        `SELECT ${COLUMNS} FROM resources WHERE type = ? AND (mesh, name) >= (?, ?) ORDER BY mesh, name LIMIT ?`,
      ),
      seekMesh: db.prepare<[string, string, string, number], Row>(
        `SELECT ${COLUMNS} FROM resources WHERE type = ? AND mesh = ? AND name >= ? ORDER BY mesh, name LIMIT ?`,
      ),
      refsAll: db.prepare<[string, number, number], Ref>('SELECT mesh, name, version FROM resources WHERE type = ? ORDER BY mesh, name LIMIT ? OFFSET ?'),
      refsMesh: db.prepare<[string, string, number, number], Ref>(
        'SELECT mesh, name, version FROM resources WHERE type = ? AND mesh = ? ORDER BY mesh, name LIMIT ? OFFSET ?',
      ),
      refsSeekAll: db.prepare<[string, string, string, number], Ref>(
        'SELECT mesh, name, version FROM resources WHERE type = ? AND (mesh, name) >= (?, ?) ORDER BY mesh, name LIMIT ?',
      ),
      refsSeekMesh: db.prepare<[string, string, string, number], Ref>(
        'SELECT mesh, name, version FROM resources WHERE type = ? AND mesh = ? AND name >= ? ORDER BY mesh, name LIMIT ?',
      ),
      version: db.prepare<[string, string, string], number>('SELECT version FROM resources WHERE type = ? AND mesh = ? AND name = ?').pluck(),
      keys: db.prepare<[string], [string, string]>('SELECT mesh, name FROM resources WHERE type = ? ORDER BY mesh, name').raw(),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
      countType: db.prepare<[string], number>('SELECT n FROM type_counts WHERE type = ?').pluck(),
      countMesh: db.prepare<[string, string], number>('SELECT n FROM counts WHERE type = ? AND mesh = ?').pluck(),
      countByMesh: db.prepare<[string], { type: string; n: number }>(
        'SELECT type, n FROM counts WHERE mesh = ? AND n > 0 ORDER BY type',
      ),
      insert: db.prepare(
        `INSERT INTO resources (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (type, mesh, name) DO NOTHING`,
      ),
      update: db.prepare(
        `UPDATE resources SET version = ?, creation_time = ?, modification_time = ?, labels = ?, spec = ?, status = ?
         WHERE type = ? AND mesh = ? AND name = ? AND version = ?`,
      ),
      delete: db.prepare('DELETE FROM resources WHERE type = ? AND mesh = ? AND name = ?'),
      deleteTypeMesh: db.prepare('DELETE FROM resources WHERE type = ? AND mesh = ?'),
    };
    this.tx = <T>(fn: () => T): T => {
      try {
        return db.transaction(fn)();
      } catch (err) {
        // Rolled back (the whole transaction or a nested savepoint): the key cache may hold undone writes.
        this.keyCache.clear();
        this.writes++;
        throw err;
      }
    };
  }

  static open(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    let db: Database.Database | undefined;
    try {
      if (path !== ':memory:' && path !== '') {
        mkdirSync(dirname(path), { recursive: true });
        ownerOnly(path);
      }
      db = new Database(path);
      db.pragma('busy_timeout = 5000');
      db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode: commits survive process crashes (SIGKILL included); see the file comment.
      db.pragma('synchronous = NORMAL');
      SqliteStore.migrate(db);
      return new SqliteStore(db, options);
    } catch (err) {
      db?.close();
      if (err instanceof UserError) throw err;
      throw new UserError(`cannot open store "${path}": ${(err as Error).message}`, ExitCode.UNEXPECTED);
    }
  }

  private static migrate(db: Database.Database): void {
    db.transaction(() => {
      const current = db.pragma('user_version', { simple: true }) as number;
      if (current > SCHEMA_VERSION) {
        throw new UserError(
          `store schema version ${current} is newer than this kumactl supports (${SCHEMA_VERSION}); upgrade kumactl`,
          ExitCode.UNEXPECTED,
        );
      }
      if (current < 1) {
        db.exec(SCHEMA_V1);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      }
      // Later: `if (current < 2) { ... }`, each step raising user_version, all in this transaction.
    }).immediate();
  }

  get(type: string, mesh: string, name: string): StoredResource | undefined {
    const row = this.stmts.get.get(type, mesh, name);
    return row ? fromRow(row) : undefined;
  }

  /** Like `list`, reading only the key and version of each row (no JSON to parse). */
  listVersions(query: ListQuery): VersionPage {
    return this.page<Ref>(query, {
      pageAll: (type, limit, offset) => this.stmts.refsAll.all(type, limit, offset),
      pageMesh: (type, mesh, limit, offset) => this.stmts.refsMesh.all(type, mesh, limit, offset),
      seekAll: (type, mesh, name, limit) => this.stmts.refsSeekAll.all(type, mesh, name, limit),
      seekMesh: (type, mesh, name, limit) => this.stmts.refsSeekMesh.all(type, mesh, name, limit),
      one: (type, mesh, name) => ({ mesh, name, version: this.stmts.version.get(type, mesh, name)! }),
    });
  }

  list(query: ListQuery): ListPage {
    return this.page<StoredResource>(query, {
      pageAll: (type, limit, offset) => this.stmts.pageAll.all(type, limit, offset).map(fromRow),
      pageMesh: (type, mesh, limit, offset) => this.stmts.pageMesh.all(type, mesh, limit, offset).map(fromRow),
      seekAll: (type, mesh, name, limit) => this.stmts.seekAll.all(type, mesh, name, limit).map(fromRow),
      seekMesh: (type, mesh, name, limit) => this.stmts.seekMesh.all(type, mesh, name, limit).map(fromRow),
      one: (type, mesh, name) => fromRow(this.stmts.get.get(type, mesh, name)!),
    });
  }

  /** One page of a type, its rows read by `read` (whole records, or keys and versions). */
  private page<T>(query: ListQuery, read: PageReader<T>): { total: number; items: T[] } {
    const offset = Math.max(0, Math.floor(query.offset) || 0);
    const limit = Math.max(0, Math.floor(query.limit) || 0);
    const nameContains = query.nameContains || undefined;
    const wantLabels = query.labels ? Object.entries(query.labels) : [];
    // One read transaction: total and page come from the same snapshot.
    return this.tx(() => {
      if (nameContains === undefined && wantLabels.length === 0) {
        // The first read starts the snapshot; data_version below then describes that snapshot.
        const total = this.count(query.type, query.mesh);
        if (offset >= total || limit === 0) return { total, items: [] };
        if (offset < this.keysetFrom) {
          const items = query.mesh === undefined ? read.pageAll(query.type, limit, offset) : read.pageMesh(query.type, query.mesh, limit, offset);
          return { total, items };
        }
        const keys = this.keys(query.type);
        let at = offset;
        let end = keys.names.length;
        if (query.mesh !== undefined) {
          at += meshBound(keys, query.mesh, false);
          end = meshBound(keys, query.mesh, true);
        }
        if (at >= end) return { total, items: [] };
        const items =
          query.mesh === undefined
            ? read.seekAll(query.type, keys.meshes[at]!, keys.names[at]!, limit)
            : read.seekMesh(query.type, query.mesh, keys.names[at]!, limit);
        return { total, items };
      }
      // Filtered: walk the keys (and labels) of the type/mesh in order, keep the page's keys, count.
      const shape = `${query.mesh !== undefined ? 'm' : ''}${nameContains !== undefined ? 'n' : ''}`;
      let stmt = this.scanStmts.get(shape);
      if (!stmt) {
        const where = ['type = ?'];
        if (query.mesh !== undefined) where.push('mesh = ?');
        if (nameContains !== undefined) where.push('instr(name, ?) > 0');
        stmt = this.db.prepare(`SELECT mesh, name, labels FROM resources WHERE ${where.join(' AND ')} ORDER BY mesh, name`).raw();
        this.scanStmts.set(shape, stmt);
      }
      const params: string[] = [query.type];
      if (query.mesh !== undefined) params.push(query.mesh);
      if (nameContains !== undefined) params.push(nameContains);
      let total = 0;
      const page: [string, string][] = [];
      const end = offset + limit;
      for (const r of stmt.iterate(...params) as IterableIterator<[string, string, string]>) {
        if (wantLabels.length > 0 && !labelsMatch(JSON.parse(r[2]) as Record<string, string>, wantLabels)) continue;
        if (total >= offset && total < end) page.push([r[0], r[1]]);
        total++;
      }
      const items = page.map(([mesh, name]) => read.one(query.type, mesh, name));
      return { total, items };
    });
  }

  get revision(): number {
    const version = this.stmts.dataVersion.get()!;
    if (version !== this.revisionDataVersion) {
      this.revisionDataVersion = version;
      this.external++;
    }
    return this.writes + this.external;
  }

  /** The sorted keys of a type, from the cache when no other connection committed since. */
  private keys(type: string): KeyIndex {
    const version = this.stmts.dataVersion.get()!;
    if (version !== this.dataVersion) {
      this.keyCache.clear();
      this.dataVersion = version;
    }
    let k = this.keyCache.get(type);
    if (!k) {
      k = { meshes: [], names: [] };
      let lastMesh = '';
      for (const [mesh, name] of this.stmts.keys.iterate(type)) {
        // Share one string per mesh instead of one per row.
        k.meshes.push(mesh === lastMesh ? lastMesh : (lastMesh = mesh));
        k.names.push(name);
      }
      this.keyCache.set(type, k);
    }
    return k;
  }

  private cacheInsert(type: string, mesh: string, name: string): void {
    const k = this.keyCache.get(type);
    if (!k) return;
    const i = lowerBound(k, mesh, name);
    k.meshes.splice(i, 0, i > 0 && k.meshes[i - 1] === mesh ? k.meshes[i - 1]! : mesh);
    k.names.splice(i, 0, name);
  }

  private cacheRemove(type: string, mesh: string, name: string): void {
    const k = this.keyCache.get(type);
    if (!k) return;
    const i = lowerBound(k, mesh, name);
    if (k.meshes[i] === mesh && k.names[i] === name) {
      k.meshes.splice(i, 1);
      k.names.splice(i, 1);
    }
  }

  count(type: string, mesh?: string): number {
    return (mesh === undefined ? this.stmts.countType.get(type) : this.stmts.countMesh.get(type, mesh)) ?? 0;
  }

  countByType(mesh: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const { type, n } of this.stmts.countByMesh.all(mesh)) out[type] = n;
    return out;
  }

  put(resource: Omit<StoredResource, 'version'>, expectedVersion?: number): StoredResource {
    const { type, mesh, name } = resource;
    const labels = JSON.stringify(resource.labels ?? {});
    const spec = JSON.stringify(resource.spec ?? {});
    const status = resource.status !== undefined ? JSON.stringify(resource.status) : null;
    const version = expectedVersion === undefined ? 1 : expectedVersion + 1;
    // A single INSERT/UPDATE (plus its count triggers) is one implicit transaction; inside
    // `transaction()` it joins the surrounding one.
    const changes =
      expectedVersion === undefined
        ? this.stmts.insert.run(type, mesh, name, version, resource.creationTime, resource.modificationTime, labels, spec, status).changes
        : this.stmts.update.run(version, resource.creationTime, resource.modificationTime, labels, spec, status, type, mesh, name, expectedVersion).changes;
    if (changes !== 1) throw new ConflictError(type, name, mesh);
    this.writes++;
    if (expectedVersion === undefined) this.cacheInsert(type, mesh, name);
    return fromRow({
      type,
      mesh,
      name,
      version,
      creation_time: resource.creationTime,
      modification_time: resource.modificationTime,
      labels,
      spec,
      status,
    });
  }

  delete(type: string, mesh: string, name: string): boolean {
    if (this.stmts.delete.run(type, mesh, name).changes === 0) return false;
    this.writes++;
    this.cacheRemove(type, mesh, name);
    return true;
  }

  deleteMeshCascade(mesh: string): Record<string, number> {
    return this.tx(() => {
      const counts = this.countByType(mesh);
      for (const type of Object.keys(counts)) {
        this.stmts.deleteTypeMesh.run(type, mesh);
        this.writes++;
        const k = this.keyCache.get(type);
        if (k) {
          const lo = meshBound(k, mesh, false);
          const hi = meshBound(k, mesh, true);
          k.meshes.splice(lo, hi - lo);
          k.names.splice(lo, hi - lo);
        }
      }
      this.delete('Mesh', '', mesh);
      return counts;
    });
  }

  transaction<T>(fn: () => T): T {
    return this.tx(fn);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * The store holds CA private keys and signing keys: readable by its owner only, like the config file.
 * SQLite gives the -wal and -shm files the mode of the database file, so creating that one 0600 (and
 * tightening the three if an older run left them wider) covers all of them, whatever the umask.
 */
function ownerOnly(path: string): void {
  closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      chmodSync(file, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}
