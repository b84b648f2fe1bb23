import { describe, expect, it } from 'vitest';
import { getHeapStatistics } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { collector, heapKeeper } from '../src/lib/memory.js';

const MiB = 2 ** 20;

describe('heapKeeper: a long read collects its garbage before V8 would', () => {
  /** A heap whose size the test sets; counts collections. */
  function fakeHeap(sizes: { used: number; afterCollect: number }) {
    const heap = {
      collections: 0,
      used: () => sizes.used,
      collector: () => () => {
        heap.collections++;
        sizes.used = sizes.afterCollect;
      },
    };
    return heap;
  }

  it('looks every 512 documents, and collects only past 64 MiB', () => {
    const sizes = { used: 50 * MiB, afterCollect: 20 * MiB };
    const heap = fakeHeap(sizes);
    const keep = heapKeeper(heap);
    for (let i = 0; i < 2048; i++) keep();
    expect(heap.collections).toBe(0);
    sizes.used = 65 * MiB;
    for (let i = 0; i < 511; i++) keep();
    expect(heap.collections).toBe(0);
    keep();
    expect(heap.collections).toBe(1);
  });

  it('then waits until the heap is one and a half times what the last collection kept', () => {
    const sizes = { used: 100 * MiB, afterCollect: 80 * MiB };
    const heap = fakeHeap(sizes);
    const keep = heapKeeper(heap);
    for (let i = 0; i < 512; i++) keep();
    expect(heap.collections).toBe(1); // kept 80 MiB
    sizes.used = 119 * MiB;
    for (let i = 0; i < 1024; i++) keep();
    expect(heap.collections).toBe(1);
    sizes.used = 120 * MiB;
    for (let i = 0; i < 512; i++) keep();
    expect(heap.collections).toBe(2);
  });

  it("gets V8's own collector without leaving --expose-gc set", () => {
    const gc = collector();
    expect(typeof gc).toBe('function');
    let garbage: number[][] | undefined = Array.from({ length: 200 }, () => new Array(50_000).fill(1));
    const before = getHeapStatistics().used_heap_size;
    garbage = undefined;
    gc!();
    expect(garbage).toBeUndefined();
    expect(getHeapStatistics().used_heap_size).toBeLessThan(before - 40 * MiB);
    expect(runInNewContext('typeof gc')).toBe('undefined');
  });
});
