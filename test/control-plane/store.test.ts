import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/lib/errors.js';
import { openStore } from '../../src/lib/control-plane/store/index.js';
import { compareBytes, MemoryStore } from '../../src/lib/control-plane/store/memory.js';
import { SqliteStore } from '../../src/lib/control-plane/store/sqlite.js';
import { ConflictError, type Store, type StoredResource } from '../../src/lib/control-plane/store/types.js';

const T0 = '2026-11-26T20:00:00.123456789Z';
const T1 = '2026-11-26T20:00:01.000000001Z';

function res(
  type: string,
  mesh: string,
  name: string,
  extra: Partial<Omit<StoredResource, 'version'>> = {},
): Omit<StoredResource, 'version'> {
  return {
    type,
    mesh,
    name,
    creationTime: T0,
    modificationTime: T0,
    labels: {},
    spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1h' } }] },
    ...extra,
  };
}

const names = (items: StoredResource[]) => items.map((r) => `${r.mesh}/${r.name}`);

interface Factory {
  name: string;
  kind: 'memory' | 'sqlite';
  open: () => Store;
  /** Close and open again the same backing storage (SQLite only). */
  reopen?: () => Store;
  cleanup: () => void;
}

function memoryFactory(): Factory {
  return { name: 'memory', kind: 'memory', open: () => new MemoryStore(), cleanup: () => {} };
}

function sqliteFactory(): Factory {
  return sqliteWith('sqlite', {});
}

/** Every list with an offset goes through the key cache (normally only offsets from 1,000 on). */
function sqliteKeysetFactory(): Factory {
  return sqliteWith('sqlite (keyset seek)', { keysetFrom: 0 });
}

function sqliteWith(name: string, options: { keysetFrom?: number }): Factory {
  let dir = '';
  return {
    name,
    kind: 'sqlite',
    open: () => {
      dir = mkdtempSync(join(tmpdir(), 'kumactl-store-'));
      return SqliteStore.open(join(dir, 'state.db'), options);
    },
    reopen: () => SqliteStore.open(join(dir, 'state.db'), options),
    cleanup: () => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe.each([
  { store: 'memory', make: memoryFactory },
  { store: 'sqlite', make: sqliteFactory },
  { store: 'sqlite (keyset seek)', make: sqliteKeysetFactory },
])('Store conformance: $store', ({ make }) => {
  let factory: Factory;
  let store: Store;

  beforeEach(() => {
    factory = make();
    store = factory.open();
  });
  afterEach(() => {
    store.close();
    factory.cleanup();
  });

  it('has the right kind', () => {
    expect(store.kind).toBe(factory.kind);
  });

  it('changes its revision on every write and rollback, and only then (what read caches key on)', () => {
    const seen = new Set<number>([store.revision]);
    const changed = (): boolean => {
      const r = store.revision;
      const fresh = !seen.has(r);
      seen.add(r);
      return fresh;
    };
    expect(changed()).toBe(false);
    store.get('MeshTimeout', 'default', 't1');
    store.list({ type: 'MeshTimeout', offset: 0, limit: 10 });
    expect(changed()).toBe(false);
    store.put(res('Mesh', '', 'default'));
    expect(changed()).toBe(true);
    store.put(res('MeshTimeout', 'default', 't1'));
    expect(changed()).toBe(true);
    store.put(res('MeshTimeout', 'default', 't1'), 1);
    expect(changed()).toBe(true);
    expect(() => store.put(res('MeshTimeout', 'default', 't1'), 1)).toThrow();
    store.delete('MeshTimeout', 'default', 't1');
    expect(changed()).toBe(true);
    // deleted and created again: version 1 again, but a new revision
    store.put(res('MeshTimeout', 'default', 't1'));
    expect(changed()).toBe(true);
    expect(() =>
      store.transaction(() => {
        store.put(res('MeshTimeout', 'default', 't2'));
        changed();
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(changed()).toBe(true);
    store.deleteMeshCascade('default');
    expect(changed()).toBe(true);
  });

  it('round-trips a resource, version 1, and hands out copies', () => {
    const input = res('MeshTimeout', 'default', 't1', {
      labels: { 'kuma.io/origin': 'zone', app: 'x' },
      status: { conditions: [{ type: 'Ready' }] },
    });
    const stored = store.put(input);
    expect(stored).toEqual({ ...input, version: 1 });

    // Mutating the input, the returned value or a read value changes nothing stored.
    input.labels.app = 'mutated';
    (input.spec as { targetRef: { kind: string } }).targetRef.kind = 'Mutated';
    stored.labels.app = 'mutated2';
    (stored.spec.to as unknown[]).push('junk');
    const got = store.get('MeshTimeout', 'default', 't1')!;
    expect(got.labels).toEqual({ 'kuma.io/origin': 'zone', app: 'x' });
    expect(got.spec).toEqual({ targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1h' } }] });
    expect(got.status).toEqual({ conditions: [{ type: 'Ready' }] });
    expect(got.creationTime).toBe(T0);
    got.spec.extra = 1;
    expect(store.get('MeshTimeout', 'default', 't1')!.spec.extra).toBeUndefined();
    const listed = store.list({ type: 'MeshTimeout', offset: 0, limit: 10 }).items[0]!;
    listed.labels.app = 'again';
    expect(store.get('MeshTimeout', 'default', 't1')!.labels.app).toBe('x');
  });

  it('keeps status undefined when there is none, and global types under mesh ""', () => {
    store.put(res('Mesh', '', 'default', { spec: { mtls: { enabledBackend: 'ca-1' } } }));
    const got = store.get('Mesh', '', 'default')!;
    expect(got.status).toBeUndefined();
    expect('status' in got).toBe(false);
    expect(got.spec).toEqual({ mtls: { enabledBackend: 'ca-1' } });
    expect(store.get('Mesh', 'default', 'default')).toBeUndefined();
    expect(store.get('Nope', '', 'default')).toBeUndefined();
  });

  it('throws ConflictError when creating something that exists', () => {
    store.put(res('MeshTimeout', 'default', 't1'));
    expect(() => store.put(res('MeshTimeout', 'default', 't1'))).toThrow(ConflictError);
    try {
      store.put(res('MeshTimeout', 'default', 't1'));
    } catch (err) {
      expect(err).toBeInstanceOf(ConflictError);
      expect((err as ConflictError).message).toBe('resource conflict: type="MeshTimeout" name="t1" mesh="default"');
    }
    // The same name in another mesh or of another type is a different resource.
    expect(store.put(res('MeshTimeout', 'other', 't1')).version).toBe(1);
    expect(store.put(res('MeshRetry', 'default', 't1')).version).toBe(1);
  });

  it('increments the version on update and rejects stale or missing versions', () => {
    expect(store.put(res('MeshTimeout', 'default', 't1')).version).toBe(1);
    const v2 = store.put(res('MeshTimeout', 'default', 't1', { modificationTime: T1, labels: { a: 'b' } }), 1);
    expect(v2.version).toBe(2);
    expect(v2.modificationTime).toBe(T1);
    expect(store.put(res('MeshTimeout', 'default', 't1'), 2).version).toBe(3);
    expect(() => store.put(res('MeshTimeout', 'default', 't1'), 2)).toThrow(ConflictError);
    expect(() => store.put(res('MeshTimeout', 'default', 't1'), 4)).toThrow(ConflictError);
    // Updating something that does not exist is a conflict too.
    expect(() => store.put(res('MeshTimeout', 'default', 'missing'), 1)).toThrow(ConflictError);
    const got = store.get('MeshTimeout', 'default', 't1')!;
    expect(got.version).toBe(3);
    expect(got.labels).toEqual({});
    expect(store.count('MeshTimeout')).toBe(1);
  });

  function seed(): void {
    // Inserted out of order on purpose.
    const rows: [string, string, Record<string, string>][] = [
      ['web', 'zeta', { env: 'prod', team: 'a' }],
      ['default', 'beta', { env: 'prod', team: 'b' }],
      ['default', 'alpha', { env: 'dev', team: 'a' }],
      ['Zoo', 'first', { env: 'prod' }],
      ['web', 'alpha-2', { env: 'prod', team: 'a' }],
      ['default', 'Alpha', {}],
      ['default', 'alpha-1', { env: 'prod', team: 'a' }],
      ['web-1', 'x', { env: 'prod', team: 'a' }],
    ];
    for (const [mesh, name, labels] of rows) store.put(res('MeshTimeout', mesh, name, { labels }));
    store.put(res('MeshRetry', 'default', 'retry-1'));
    store.put(res('MeshRetry', 'web', 'retry-1'));
    store.put(res('Mesh', '', 'default'));
    store.put(res('Mesh', '', 'web'));
  }

  const ALL = ['Zoo/first', 'default/Alpha', 'default/alpha', 'default/alpha-1', 'default/beta', 'web/alpha-2', 'web/zeta', 'web-1/x'];

  it('lists across meshes sorted by mesh then name, byte-wise', () => {
    seed();
    const page = store.list({ type: 'MeshTimeout', offset: 0, limit: 100 });
    expect(page.total).toBe(8);
    expect(names(page.items)).toEqual(ALL);
    expect(page.items.every((r) => r.type === 'MeshTimeout' && r.version === 1)).toBe(true);
    expect(names(store.list({ type: 'Mesh', offset: 0, limit: 100 }).items)).toEqual(['/default', '/web']);
    expect(store.list({ type: 'Unknown', offset: 0, limit: 100 })).toEqual({ total: 0, items: [] });
  });

  it('filters by mesh', () => {
    seed();
    const page = store.list({ type: 'MeshTimeout', mesh: 'default', offset: 0, limit: 100 });
    expect(page.total).toBe(4);
    expect(names(page.items)).toEqual(['default/Alpha', 'default/alpha', 'default/alpha-1', 'default/beta']);
    expect(names(store.list({ type: 'MeshTimeout', mesh: 'web', offset: 0, limit: 100 }).items)).toEqual(['web/alpha-2', 'web/zeta']);
    expect(store.list({ type: 'MeshTimeout', mesh: 'nope', offset: 0, limit: 100 })).toEqual({ total: 0, items: [] });
    const page2 = store.list({ type: 'MeshTimeout', mesh: 'default', offset: 1, limit: 2 });
    expect(page2.total).toBe(4);
    expect(names(page2.items)).toEqual(['default/alpha', 'default/alpha-1']);
  });

  it('filters by name substring, case-sensitively', () => {
    seed();
    const page = store.list({ type: 'MeshTimeout', nameContains: 'alpha', offset: 0, limit: 100 });
    expect(page.total).toBe(3);
    expect(names(page.items)).toEqual(['default/alpha', 'default/alpha-1', 'web/alpha-2']);
    expect(names(store.list({ type: 'MeshTimeout', nameContains: 'lpha-', mesh: 'web', offset: 0, limit: 100 }).items)).toEqual([
      'web/alpha-2',
    ]);
    // LIKE-style wildcards are plain characters.
    expect(store.list({ type: 'MeshTimeout', nameContains: '%', offset: 0, limit: 100 }).total).toBe(0);
    expect(store.list({ type: 'MeshTimeout', nameContains: '_', offset: 0, limit: 100 }).total).toBe(0);
    expect(store.list({ type: 'MeshTimeout', nameContains: '', offset: 0, limit: 100 }).total).toBe(8);
  });

  it('filters by labels, all of them', () => {
    seed();
    const prodA = store.list({ type: 'MeshTimeout', labels: { env: 'prod', team: 'a' }, offset: 0, limit: 100 });
    expect(prodA.total).toBe(4);
    expect(names(prodA.items)).toEqual(['default/alpha-1', 'web/alpha-2', 'web/zeta', 'web-1/x']);
    expect(store.list({ type: 'MeshTimeout', labels: { env: 'prod' }, offset: 0, limit: 100 }).total).toBe(6);
    expect(store.list({ type: 'MeshTimeout', labels: { env: 'prod', team: 'c' }, offset: 0, limit: 100 }).total).toBe(0);
    expect(store.list({ type: 'MeshTimeout', labels: { missing: '' }, offset: 0, limit: 100 }).total).toBe(0);
    expect(store.list({ type: 'MeshTimeout', labels: {}, offset: 0, limit: 100 }).total).toBe(8);
    // Combined with mesh and name, and paged.
    const combined = store.list({ type: 'MeshTimeout', mesh: 'web', nameContains: 'a', labels: { team: 'a' }, offset: 1, limit: 1 });
    expect(combined.total).toBe(2);
    expect(names(combined.items)).toEqual(['web/zeta']);
  });

  it('pages with offset/limit, total unchanged, and past the end', () => {
    seed();
    const seen: string[] = [];
    for (let offset = 0; offset < 8; offset += 3) {
      const page = store.list({ type: 'MeshTimeout', offset, limit: 3 });
      expect(page.total).toBe(8);
      seen.push(...names(page.items));
    }
    expect(seen).toEqual(ALL);
    expect(store.list({ type: 'MeshTimeout', offset: 8, limit: 3 })).toEqual({ total: 8, items: [] });
    expect(store.list({ type: 'MeshTimeout', offset: 1000, limit: 3 })).toEqual({ total: 8, items: [] });
    expect(store.list({ type: 'MeshTimeout', offset: 0, limit: 0 })).toEqual({ total: 8, items: [] });
    expect(store.list({ type: 'MeshTimeout', labels: { env: 'prod' }, offset: 100, limit: 3 })).toEqual({ total: 6, items: [] });
    expect(names(store.list({ type: 'MeshTimeout', labels: { env: 'prod' }, offset: 4, limit: 3 }).items)).toEqual(['web/zeta', 'web-1/x']);
  });

  it('counts per type, per mesh and per type in a mesh', () => {
    seed();
    expect(store.count('MeshTimeout')).toBe(8);
    expect(store.count('MeshTimeout', 'default')).toBe(4);
    expect(store.count('MeshTimeout', 'nope')).toBe(0);
    expect(store.count('Mesh')).toBe(2);
    expect(store.count('Mesh', '')).toBe(2);
    expect(store.count('Unknown')).toBe(0);
    expect(store.countByType('default')).toEqual({ MeshRetry: 1, MeshTimeout: 4 });
    expect(store.countByType('web')).toEqual({ MeshRetry: 1, MeshTimeout: 2 });
    expect(store.countByType('nope')).toEqual({});
  });

  it('deletes one resource', () => {
    seed();
    expect(store.delete('MeshTimeout', 'default', 'alpha')).toBe(true);
    expect(store.delete('MeshTimeout', 'default', 'alpha')).toBe(false);
    expect(store.delete('MeshTimeout', 'nope', 'alpha')).toBe(false);
    expect(store.delete('Unknown', 'default', 'alpha')).toBe(false);
    expect(store.get('MeshTimeout', 'default', 'alpha')).toBeUndefined();
    expect(store.count('MeshTimeout')).toBe(7);
    expect(store.count('MeshTimeout', 'default')).toBe(3);
    expect(store.list({ type: 'MeshTimeout', offset: 0, limit: 100 }).items).toHaveLength(7);
    // Re-creating starts again at version 1.
    expect(store.put(res('MeshTimeout', 'default', 'alpha')).version).toBe(1);
    expect(names(store.list({ type: 'MeshTimeout', offset: 0, limit: 100 }).items)).toEqual(ALL);
  });

  it('deletes a mesh with everything in it, and nothing else', () => {
    seed();
    const counts = store.deleteMeshCascade('web');
    expect(counts).toEqual({ MeshRetry: 1, MeshTimeout: 2 });
    expect(store.get('Mesh', '', 'web')).toBeUndefined();
    expect(store.get('Mesh', '', 'default')).toBeDefined();
    expect(names(store.list({ type: 'MeshTimeout', offset: 0, limit: 100 }).items)).toEqual(ALL.filter((n) => !n.startsWith('web/')));
    expect(store.count('MeshTimeout', 'web')).toBe(0);
    expect(store.count('MeshTimeout', 'web-1')).toBe(1);
    expect(store.count('MeshRetry')).toBe(1);
    expect(store.countByType('web')).toEqual({});
    expect(store.countByType('default')).toEqual({ MeshRetry: 1, MeshTimeout: 4 });
    // A mesh with nothing in it, and one that does not exist at all.
    store.put(res('Mesh', '', 'empty'));
    expect(store.deleteMeshCascade('empty')).toEqual({});
    expect(store.get('Mesh', '', 'empty')).toBeUndefined();
    expect(store.deleteMeshCascade('never')).toEqual({});
    expect(store.count('Mesh')).toBe(1);
  });

  it('rolls a transaction back when it throws: nothing of the batch is visible', () => {
    seed();
    const before = store.list({ type: 'MeshTimeout', offset: 0, limit: 100 });
    const boom = new Error('boom');
    expect(() =>
      store.transaction(() => {
        store.put(res('MeshTimeout', 'default', 'new-1'));
        store.put(res('MeshTimeout', 'default', 'beta', { labels: { changed: 'yes' } }), 1);
        store.delete('MeshTimeout', 'web', 'zeta');
        store.deleteMeshCascade('default');
        store.put(res('MeshGateway', 'web', 'gw'));
        throw boom;
      }),
    ).toThrow(boom);
    expect(store.list({ type: 'MeshTimeout', offset: 0, limit: 100 })).toEqual(before);
    expect(store.get('MeshTimeout', 'default', 'new-1')).toBeUndefined();
    expect(store.get('MeshTimeout', 'default', 'beta')!.version).toBe(1);
    expect(store.get('Mesh', '', 'default')).toBeDefined();
    expect(store.get('MeshGateway', 'web', 'gw')).toBeUndefined();
    expect(store.count('MeshTimeout', 'default')).toBe(4);
    expect(store.countByType('default')).toEqual({ MeshRetry: 1, MeshTimeout: 4 });
    expect(store.countByType('web')).toEqual({ MeshRetry: 1, MeshTimeout: 2 });

    // A ConflictError inside rolls back too, and a successful transaction commits.
    expect(() =>
      store.transaction(() => {
        store.put(res('MeshTimeout', 'default', 'new-2'));
        store.put(res('MeshTimeout', 'default', 'beta'));
      }),
    ).toThrow(ConflictError);
    expect(store.get('MeshTimeout', 'default', 'new-2')).toBeUndefined();
    const result = store.transaction(() => {
      store.put(res('MeshTimeout', 'default', 'new-3'));
      store.put(res('MeshTimeout', 'default', 'new-4'));
      return 'done';
    });
    expect(result).toBe('done');
    expect(store.count('MeshTimeout', 'default')).toBe(6);
  });

  it('rolls back only the inner transaction when the outer one catches', () => {
    store.transaction(() => {
      store.put(res('MeshTimeout', 'default', 'outer'));
      try {
        store.transaction(() => {
          store.put(res('MeshTimeout', 'default', 'inner'));
          throw new Error('inner');
        });
      } catch {
        // ignored
      }
    });
    expect(store.get('MeshTimeout', 'default', 'outer')).toBeDefined();
    expect(store.get('MeshTimeout', 'default', 'inner')).toBeUndefined();
    expect(store.count('MeshTimeout')).toBe(1);
  });

  it('keeps order and counts with many resources', () => {
    const expected: string[] = [];
    store.transaction(() => {
      for (let i = 0; i < 500; i++) {
        const mesh = `mesh-${(i * 7) % 13}`;
        const name = `t-${(i * 31) % 500}`;
        store.put(res('MeshTimeout', mesh, name));
        expected.push(`${mesh}/${name}`);
      }
    });
    expected.sort((a, b) => {
      const [am, an] = a.split('/') as [string, string];
      const [bm, bn] = b.split('/') as [string, string];
      return compareBytes(am, bm) || compareBytes(an, bn);
    });
    const all: string[] = [];
    for (let offset = 0; ; offset += 37) {
      const page = store.list({ type: 'MeshTimeout', offset, limit: 37 });
      expect(page.total).toBe(500);
      if (page.items.length === 0) break;
      all.push(...names(page.items));
    }
    expect(all).toEqual(expected);
    expect(Object.values(store.countByType('mesh-3')).reduce((a, b) => a + b, 0)).toBe(expected.filter((n) => n.startsWith('mesh-3/')).length);
  });

  it('pages deep offsets the same way, through writes, deletes and rollbacks', () => {
    const expected: string[] = [];
    store.transaction(() => {
      for (let i = 0; i < 2600; i++) {
        const mesh = `m-${i % 3}`;
        const name = `n-${String((i * 7919) % 2600).padStart(4, '0')}`;
        store.put(res('MeshTimeout', mesh, name));
        expected.push(`${mesh}/${name}`);
      }
    });
    expected.sort();
    const page = (offset: number, mesh?: string) => store.list({ type: 'MeshTimeout', mesh, offset, limit: 50 });
    expect(names(page(1500).items)).toEqual(expected.slice(1500, 1550));
    expect(names(page(2590).items)).toEqual(expected.slice(2590));
    expect(page(2600).items).toEqual([]);
    const m1 = expected.filter((n) => n.startsWith('m-1/'));
    expect(names(page(1200, 'm-1').items)).toEqual([]);
    expect(names(page(800, 'm-1').items)).toEqual(m1.slice(800, 850));
    expect(names(page(860, 'm-1').items)).toEqual(m1.slice(860));

    // Writes after a deep read are reflected in the next deep read.
    store.put(res('MeshTimeout', 'm-0', 'a-first'));
    store.put(res('MeshTimeout', 'm-9', 'z-last'));
    store.delete('MeshTimeout', 'm-2', expected[2599]!.split('/')[1]!);
    store.deleteMeshCascade('m-1');
    const now = ['m-0/a-first', ...expected.filter((n) => !n.startsWith('m-1/') && n !== expected[2599]), 'm-9/z-last'];
    expect(page(1000).total).toBe(now.length);
    expect(names(page(1000).items)).toEqual(now.slice(1000, 1050));
    expect(names(page(now.length - 10).items)).toEqual(now.slice(-10));
    expect(() =>
      store.transaction(() => {
        store.put(res('MeshTimeout', 'm-0', 'a-rolled-back'));
        store.deleteMeshCascade('m-2');
        expect(names(page(1000).items)).toEqual([]);
        throw new Error('undo');
      }),
    ).toThrow('undo');
    expect(names(page(1000).items)).toEqual(now.slice(1000, 1050));
    expect(names(page(now.length - 10).items)).toEqual(now.slice(-10));
  });

  it('lists keys and versions exactly as it lists the records, for every kind of page', () => {
    store.transaction(() => {
      for (let i = 0; i < 1300; i++) {
        const mesh = `m-${i % 3}`;
        store.put(res('MeshTimeout', mesh, `n-${String(i).padStart(4, '0')}`, { labels: { parity: i % 2 ? 'odd' : 'even' } }));
      }
    });
    store.put(res('MeshTimeout', 'm-1', 'n-0001', { labels: { parity: 'odd' } }), 1); // version 2
    const queries = [
      { offset: 0, limit: 10 },
      { offset: 1100, limit: 30 },
      { mesh: 'm-1', offset: 5, limit: 7 },
      { mesh: 'm-2', offset: 420, limit: 50 },
      { nameContains: '00', offset: 1, limit: 20 },
      { labels: { parity: 'odd' }, mesh: 'm-1', offset: 3, limit: 9 },
      { offset: 5000, limit: 10 },
    ];
    for (const q of queries) {
      const full = store.list({ type: 'MeshTimeout', ...q });
      const refs = store.listVersions({ type: 'MeshTimeout', ...q });
      expect(refs.total, JSON.stringify(q)).toBe(full.total);
      expect(refs.items, JSON.stringify(q)).toEqual(full.items.map((r) => ({ mesh: r.mesh, name: r.name, version: r.version })));
    }
    expect(store.listVersions({ type: 'MeshTimeout', mesh: 'm-1', offset: 0, limit: 1 }).items).toEqual([{ mesh: 'm-1', name: 'n-0001', version: 2 }]);
  });

  it('sees writes of another connection to the same file (SQLite)', () => {
    if (!factory.reopen) return;
    for (let i = 0; i < 1100; i++) store.put(res('MeshTimeout', 'm', `n-${String(i).padStart(4, '0')}`));
    const other = factory.reopen();
    try {
      expect(names(store.list({ type: 'MeshTimeout', offset: 1050, limit: 2 }).items)).toEqual(['m/n-1050', 'm/n-1051']);
      other.put(res('MeshTimeout', 'a', 'first'));
      other.delete('MeshTimeout', 'm', 'n-1099');
      const after = store.list({ type: 'MeshTimeout', offset: 1050, limit: 100 });
      expect(after.total).toBe(1100);
      expect(names(after.items).slice(0, 2)).toEqual(['m/n-1049', 'm/n-1050']);
      expect(names(after.items).at(-1)).toBe('m/n-1098');
    } finally {
      other.close();
    }
  });

  it('persists across reopen (SQLite)', () => {
    if (!factory.reopen) return;
    seed();
    store.put(res('MeshTimeout', 'default', 'beta', { status: { s: 1 } }), 1);
    store.deleteMeshCascade('web-1');
    const before = store.list({ type: 'MeshTimeout', offset: 0, limit: 100 });
    store.close();
    store = factory.reopen();
    expect(store.list({ type: 'MeshTimeout', offset: 0, limit: 100 })).toEqual(before);
    expect(store.get('MeshTimeout', 'default', 'beta')).toMatchObject({ version: 2, status: { s: 1 } });
    expect(store.count('MeshTimeout')).toBe(7);
    expect(store.countByType('default')).toEqual({ MeshRetry: 1, MeshTimeout: 4 });
    expect(store.count('Mesh')).toBe(2);
    // Still writable, versions continue.
    expect(store.put(res('MeshTimeout', 'default', 'beta'), 2).version).toBe(3);
  });
});

describe('byte-wise order', () => {
  it('compares like UTF-8 bytes, not UTF-16 code units', () => {
    expect(compareBytes('a', 'b')).toBeLessThan(0);
    expect(compareBytes('B', 'a')).toBeLessThan(0);
    expect(compareBytes('a', 'a-1')).toBeLessThan(0);
    expect(compareBytes('x', 'x')).toBe(0);
    // U+FF61 (EF BD A1) < U+1F600 (F0 9F 98 80) in UTF-8, but not in UTF-16 (FF61 > D83D).
    expect(compareBytes('\uFF61', '\u{1F600}')).toBeLessThan(0);
    expect(compareBytes('\u{1F600}', '\uFF61')).toBeGreaterThan(0);
    expect(Buffer.compare(Buffer.from('\uFF61'), Buffer.from('\u{1F600}'))).toBe(-1);
  });

  it('SQLite and memory agree on non-ASCII order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kumactl-store-'));
    const sqlite = SqliteStore.open(join(dir, 's.db'));
    const memory = new MemoryStore();
    try {
      for (const name of ['\u{1F600}', '\uFF61', 'z', 'é', 'A']) {
        for (const s of [sqlite, memory]) s.put(res('MeshTimeout', 'm', name));
      }
      const q = { type: 'MeshTimeout', offset: 0, limit: 10 };
      expect(names(memory.list(q).items)).toEqual(names(sqlite.list(q).items));
      expect(names(memory.list(q).items)).toEqual(['m/A', 'm/z', 'm/é', 'm/\uFF61', 'm/\u{1F600}']);
    } finally {
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('openStore', () => {
  it('opens memory and sqlite stores', () => {
    const m = openStore('memory');
    expect(m.kind).toBe('memory');
    m.close();
    const dir = mkdtempSync(join(tmpdir(), 'kumactl-store-'));
    try {
      const s = openStore(`sqlite:${join(dir, 'sub', 'state.db')}`);
      expect(s.kind).toBe('sqlite');
      s.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(['', 'mem', 'sqlite:', 'sqlite', 'postgres://x', 'Memory'])('rejects %j', (spec) => {
    expect(() => openStore(spec)).toThrow(UsageError);
    expect(() => openStore(spec)).toThrow(`invalid --store "${spec}": use memory or sqlite:PATH`);
  });

  it('refuses a file that is not a database, and a newer schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kumactl-store-'));
    try {
      const junk = join(dir, 'junk.db');
      writeFileSync(junk, 'this is not a database, just text that is long enough to have a header.'.repeat(20));
      expect(() => SqliteStore.open(junk)).toThrow(/cannot open store .*junk\.db/);

      const path = join(dir, 'state.db');
      SqliteStore.open(path).close();
      // Simulate a newer kumactl having migrated the file.
      const db = new Database(path);
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.pragma('user_version = 99');
      db.close();
      expect(() => SqliteStore.open(path)).toThrow(/schema version 99 is newer/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
