import { describe, it, expect } from 'vitest';
import { limiter, mapLimit, AdaptiveLimit } from '../src/lib/concurrency.js';

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

describe('adaptive concurrency', () => {
  /** Feeds `n` samples of `ms` each; answers the limit after each round. */
  const feed = (limit: AdaptiveLimit, n: number, ms: number | ((i: number) => number)) => {
    for (let i = 0; i < n; i++) limit.record(typeof ms === 'number' ? ms : ms(i));
    return limit.limit;
  };

  it('starts at 8 and grows to its cap while latency holds', () => {
    const limit = new AdaptiveLimit();
    expect(limit.limit).toBe(8);
    const seen: number[] = [];
    for (let round = 0; round < 10; round++) seen.push(feed(limit, limit.limit, 10));
    expect(seen).toEqual([12, 18, 27, 40, 60, 64, 64, 64, 64, 64]);
  });

  it('changes only once a whole round of samples is in', () => {
    const limit = new AdaptiveLimit({ initial: 8 });
    expect(feed(limit, 7, 10)).toBe(8);
    expect(feed(limit, 1, 10)).toBe(12);
  });

  it('backs off when the round-trip time rises well above the lowest seen, and grows again when it falls', () => {
    const limit = new AdaptiveLimit({ initial: 40 });
    feed(limit, 40, 10); // lowest 10 ms: grows to 60
    expect(limit.limit).toBe(60);
    expect(feed(limit, 60, 25)).toBe(45); // 2.5x the lowest: queueing, three quarters
    expect(feed(limit, 45, 25)).toBe(33);
    expect(feed(limit, 33, 19)).toBe(49); // within 2x again
  });

  it('judges a round by its median: a few slow requests among fast ones do not shrink it', () => {
    const limit = new AdaptiveLimit({ initial: 10 });
    expect(feed(limit, 10, (i) => (i < 4 ? 500 : 10))).toBe(15);
  });

  it('leaves out samples under 1 ms (tasks that sent no request): they neither count toward a round nor lower the bar', () => {
    const limit = new AdaptiveLimit({ initial: 8 });
    feed(limit, 8, 12); // a round at 12 ms: grows to 12
    expect(feed(limit, 100, 0.02)).toBe(12);
    expect(feed(limit, 12, 12)).toBe(18); // 12 ms still holds
  });

  it('halves at once on an overloaded answer (429, 503), and never goes below its minimum', () => {
    const limit = new AdaptiveLimit({ initial: 32 });
    limit.record(10, true);
    expect(limit.limit).toBe(16);
    for (let i = 0; i < 10; i++) limit.record(10, true);
    expect(limit.limit).toBe(1);
    expect(new AdaptiveLimit({ initial: 8, min: 4 }).limit).toBe(8);
    const floor = new AdaptiveLimit({ initial: 8, min: 4 });
    floor.record(1, true);
    floor.record(1, true);
    expect(floor.limit).toBe(4);
  });

  it('the gate follows the limit: more tasks in flight as it grows, and reads latency from its clock', async () => {
    let clock = 0;
    const adaptive = new AdaptiveLimit({ initial: 2, max: 5 });
    const run = limiter('adaptive', { adaptive, now: () => clock });
    let running = 0;
    const most: number[] = [];
    const release: Array<() => void> = [];
    const tasks = Array.from({ length: 40 }, () =>
      run(async () => {
        running++;
        await new Promise<void>((resolve) => release.push(resolve));
        running--;
      }),
    );
    while (release.length > 0 || running > 0 || most.length === 0) {
      await new Promise((r) => setImmediate(r));
      most.push(running);
      clock += 10; // every task takes one tick, 10 ms of the fake clock: all in flight finish together
      for (const r of release.splice(0)) r();
      if (most.length > 1000) break;
    }
    await Promise.all(tasks);
    expect(Math.max(...most)).toBe(5);
    expect(most.slice(0, 5)).toEqual([2, 3, 4, 5, 5]);
    expect(adaptive.limit).toBe(5);
  });

  it('takes latency samples only from the outcomes it is told to measure', async () => {
    let clock = 0;
    const adaptive = new AdaptiveLimit({ initial: 2 });
    const run = limiter('adaptive', { adaptive, now: () => (clock += 5), measured: ({ value }) => value === 'sent' });
    for (let i = 0; i < 4; i++) await run(async () => 'cached');
    expect(adaptive.limit).toBe(2);
    await run(async () => 'sent');
    await run(async () => 'sent');
    expect(adaptive.limit).toBe(3);
  });

  it('tells the limit which outcomes mean an overloaded server', async () => {
    const adaptive = new AdaptiveLimit({ initial: 16 });
    const run = limiter('adaptive', { adaptive, now: () => 0, overloaded: ({ value, error }) => value === 'busy' || error !== undefined });
    await run(async () => 'ok');
    expect(adaptive.limit).toBe(16);
    await run(async () => 'busy');
    expect(adaptive.limit).toBe(8);
    await expect(run(() => Promise.reject(new Error('503')))).rejects.toThrow('503');
    expect(adaptive.limit).toBe(4);
  });
});
