import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Keeps the heap of a long read near what it holds. Documents are read one at a time and each parse
 * tree is garbage once checked, but V8 lets the old generation grow to about four times what survived
 * its last full collection before it collects again: `validate` of 100,000 documents held about 70 MiB
 * and peaked at 370 MiB of RSS (`--trace-gc`). Every 512 documents this asks whether the heap has grown
 * past one and a half times what the last collection kept (and past 64 MiB), and then collects: peak
 * RSS 200 MiB, the same CPU time (the collections are of a small heap).
 */
export function heapKeeper(heap: { used(): number; collector(): (() => void) | undefined } = V8_HEAP): () => void {
  let collect: (() => void) | undefined | null = null; // got when first needed: a short run never pays for it
  let documents = 0;
  let kept = 0;
  return () => {
    if (++documents % 512 !== 0) return;
    if (heap.used() < Math.max(1.5 * kept, 64 * 2 ** 20)) return;
    collect ??= heap.collector();
    if (!collect) return;
    collect();
    kept = heap.used();
  };
}

const V8_HEAP = { used: () => getHeapStatistics().used_heap_size, collector };

/** V8's `gc()`, which Node gives only with --expose-gc: the flag is set for as long as it takes to get it. */
export function collector(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  } finally {
    // back as it was: the code cache written at exit is keyed by V8's flags
    setFlagsFromString('--no-expose-gc');
  }
}
