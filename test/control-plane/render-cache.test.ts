import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRY_OVERHEAD, ItemCache, RenderCache } from '../../src/lib/control-plane/render-cache.js';
import { startTestControlPlane, type TestControlPlane } from '../helpers/cp.js';

const bytes = (n: number, fill = 'x') => Buffer.from(fill.repeat(n));

describe('the cache of rendered list items', () => {
  it('holds items in a ring of slabs within its bytes, the oldest slab emptied first', () => {
    const cache = new ItemCache(4000); // four slabs of 1,000 bytes: three items of 300 each
    for (let i = 0; i < 20; i++) cache.set('MeshTimeout', 'm', `t-${i}`, 1, bytes(300, String.fromCharCode(97 + i)));
    expect(cache.size).toBeLessThanOrEqual(4000);
    const held = Array.from({ length: 20 }, (_, i) => {
      const item = cache.get('MeshTimeout', 'm', `t-${i}`);
      return item && ItemCache.bytes(item).toString();
    });
    // 20 items filled slabs 1-4 and then reused 1, 2 and 3: what stays is the last 11 (the newest
    // slab holds t-18 and t-19), each with its own bytes
    expect(held.slice(0, 9)).toEqual(Array(9).fill(undefined));
    expect(held.slice(9)).toEqual(Array.from({ length: 11 }, (_, k) => String.fromCharCode(97 + 9 + k).repeat(300)));
  });

  it('answers the newest version of an item and nothing once deleted', () => {
    const cache = new ItemCache(4000);
    cache.set('Mesh', '', 'default', 1, bytes(100, 'a'));
    cache.set('Mesh', '', 'default', 2, bytes(100, 'b'));
    expect(cache.get('Mesh', '', 'default')).toMatchObject({ version: 2 });
    expect(ItemCache.bytes(cache.get('Mesh', '', 'default')!).toString()).toBe('b'.repeat(100));
    cache.delete('Mesh', '', 'default');
    expect(cache.get('Mesh', '', 'default')).toBeUndefined();
    // the spent copy in its slab does not evict the live ones when that slab comes round
    for (let i = 0; i < 40; i++) cache.set('Mesh', '', `m-${i}`, 1, bytes(300));
    expect(ItemCache.bytes(cache.get('Mesh', '', 'm-39')!).length).toBe(300);
    expect(cache.get('Mesh', '', 'default')).toBeUndefined();
  });

  it('does not hold an item larger than a slab', () => {
    const cache = new ItemCache(4000);
    cache.set('T', 'm', 'big', 1, bytes(1001));
    expect(cache.get('T', 'm', 'big')).toBeUndefined();
  });
});

describe('the cache of rendered pages', () => {
  it('stays within its bytes, dropping the oldest entries first', () => {
    const cost = 100 + ENTRY_OVERHEAD;
    const cache = new RenderCache(10 * cost);
    for (let i = 0; i < 25; i++) cache.set('MeshTimeout', 'm', `t-${i}`, 1, bytes(100));
    expect(cache.size).toBe(10 * cost);
    expect(cache.get('MeshTimeout', 'm', 't-14')).toBeUndefined();
    for (let i = 15; i < 25; i++) expect(cache.get('MeshTimeout', 'm', `t-${i}`)?.bytes.length).toBe(100);
  });

  it('accounts a replaced or deleted entry once, however often it changes', () => {
    const cache = new RenderCache(1_000_000);
    for (let v = 1; v <= 5000; v++) cache.set('Mesh', '', 'default', v, bytes(10 + (v % 7)));
    expect(cache.get('Mesh', '', 'default')).toMatchObject({ version: 5000 });
    expect(cache.size).toBe(10 + (5000 % 7) + ENTRY_OVERHEAD);
    cache.set('Mesh', '', 'other', 1, bytes(50));
    cache.delete('Mesh', '', 'default');
    expect(cache.get('Mesh', '', 'default')).toBeUndefined();
    expect(cache.size).toBe(50 + ENTRY_OVERHEAD);
    // eviction still finds the oldest live entry after the spent ones were compacted away
    const small = new RenderCache(3 * (10 + ENTRY_OVERHEAD));
    for (let v = 1; v <= 3000; v++) small.set('T', 'm', 'hot', v, bytes(10));
    small.set('T', 'm', 'a', 1, bytes(10));
    small.set('T', 'm', 'b', 1, bytes(10));
    small.set('T', 'm', 'c', 1, bytes(10));
    expect(small.get('T', 'm', 'hot')).toBeUndefined();
    expect(['a', 'b', 'c'].map((n) => small.get('T', 'm', n)?.version)).toEqual([1, 1, 1]);
  });

  it('holds nothing larger than its bound', () => {
    const cache = new RenderCache(100);
    cache.set('T', 'm', 'big', 1, bytes(101));
    expect(cache.get('T', 'm', 'big')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});

// Three control planes get the same writes: one renders every page anew (no cache), one evicts all
// the time (a bound of a few items), one keeps everything. Every list page must read the same.
describe('list pages with and without the render cache', () => {
  const cps: TestControlPlane[] = [];
  beforeAll(async () => {
    cps.push(await startTestControlPlane('memory', { renderCacheBytes: 0, skipDefaultMesh: true }));
    cps.push(await startTestControlPlane('sqlite', { renderCacheBytes: 4 * 1024, skipDefaultMesh: true }));
    cps.push(await startTestControlPlane('memory', { skipDefaultMesh: true }));
  }, 60_000);
  afterAll(async () => {
    for (const cp of cps) await cp.close();
  });

  const timeout = (name: string, mesh: string, idle: string) => ({
    type: 'MeshTimeout',
    name,
    mesh,
    spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: idle } }] },
  });
  const onAll = async (fn: (cp: TestControlPlane) => Promise<unknown>) => {
    for (const cp of cps) await fn(cp);
  };
  // the three wrote at different moments
  const sameTimes = (text: string) => text.replace(/"(creation|modification)Time": "[^"]+"/g, '"$1Time": "T"');
  const pages = ['/meshtimeouts', '/meshtimeouts?size=7&offset=3', '/meshes/lc-a/meshtimeouts?size=5', '/meshes/lc-b/meshtimeouts?offset=2&size=3', '/meshes/lc-a/meshtimeouts?name=t-1'];
  const expectSamePages = async () => {
    for (const path of pages) {
      // twice: the second read of a page may come from the page cache
      for (let i = 0; i < 2; i++) {
        const texts = await Promise.all(cps.map(async (cp) => sameTimes((await cp.call('GET', path)).text.replaceAll(cp.url, 'URL'))));
        expect(texts[1], path).toBe(texts[0]);
        expect(texts[2], path).toBe(texts[0]);
      }
    }
  };

  it('reads the same after creates, updates, deletes and re-creates', async () => {
    await onAll(async (cp) => {
      for (const mesh of ['lc-a', 'lc-b']) {
        await cp.put(`/meshes/${mesh}`, { type: 'Mesh', name: mesh, skipCreatingInitialPolicies: ['*'] });
        for (let i = 0; i < 12; i++) await cp.put(`/meshes/${mesh}/meshtimeouts/t-${i}`, timeout(`t-${i}`, mesh, '1m'));
      }
    });
    await expectSamePages();
    const first = JSON.parse((await cps[2]!.call('GET', '/meshes/lc-a/meshtimeouts?size=5')).text);
    expect(first.items[1].spec.to[0].default.idleTimeout).toBe('1m0s');

    // an update: the page shows the new version
    await onAll((cp) => cp.put('/meshes/lc-a/meshtimeouts/t-1', timeout('t-1', 'lc-a', '2m')));
    await expectSamePages();

    // deleted and created again with other content: version 1 again, yet not the old rendering
    await onAll(async (cp) => {
      await cp.call('DELETE', '/meshes/lc-a/meshtimeouts/t-10');
      await cp.put('/meshes/lc-a/meshtimeouts/t-10', timeout('t-10', 'lc-a', '3m'));
    });
    await expectSamePages();
    const again = JSON.parse((await cps[2]!.call('GET', '/meshes/lc-a/meshtimeouts?size=5')).text);
    expect(again.items.map((i: { name: string; spec: any }) => `${i.name}=${i.spec.to[0].default.idleTimeout}`)).toEqual(['t-0=1m0s', 't-1=2m0s', 't-10=3m0s', 't-11=1m0s', 't-2=1m0s']);

    // a whole mesh deleted and created again
    await onAll(async (cp) => {
      await cp.call('DELETE', '/meshes/lc-b');
      await cp.put('/meshes/lc-b', { type: 'Mesh', name: 'lc-b', skipCreatingInitialPolicies: ['*'] });
      for (let i = 0; i < 4; i++) await cp.put(`/meshes/lc-b/meshtimeouts/t-${i}`, timeout(`t-${i}`, 'lc-b', '4m'));
    });
    await expectSamePages();
  }, 60_000);

  it('answers many list requests at once, each with its own page', async () => {
    const cp = cps[1]!; // the cache that evicts all the time
    const paths = Array.from({ length: 60 }, (_, i) => `/meshtimeouts?size=${1 + (i % 9)}&offset=${i % 13}`);
    const one = await Promise.all(paths.map(async (p) => (await cp.call('GET', p)).text));
    const sequential: string[] = [];
    for (const p of paths) sequential.push((await cp.call('GET', p)).text);
    expect(one).toEqual(sequential);
    expect(new Set(one).size).toBeGreaterThan(50);
  }, 60_000);
});
