import { describe, it, expect } from 'vitest';
import { limiter, mapLimit } from '../src/lib/concurrency.js';

describe('bounded concurrency', () => {
  it('never runs more than the limit at once, and runs every task in the order asked', async () => {
    const run = limiter(3);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const release: Array<() => void> = [];
    const tasks = Array.from({ length: 10 }, (_, i) =>
      run(async () => {
        started.push(i);
        most = Math.max(most, ++running);
        await new Promise<void>((resolve) => release.push(resolve));
        running--;
        return i * 2;
      }),
    );
    // let the gate fill, then finish tasks one by one as they start
    while (started.length < 10 || release.length > 0) {
      await new Promise((r) => setImmediate(r));
      release.shift()?.();
    }
    expect(await Promise.all(tasks)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(most).toBe(3);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('frees its slot when a task fails', async () => {
    const run = limiter(1);
    await expect(run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await run(async () => 'next')).toBe('next');
  });

  it('mapLimit keeps input order', async () => {
    const out = await mapLimit([30, 10, 20], 2, async (n, i) => {
      await new Promise((r) => setImmediate(r));
      return `${i}:${n}`;
    });
    expect(out).toEqual(['0:30', '1:10', '2:20']);
  });
});
