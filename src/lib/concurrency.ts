/**
 * The one bounded-concurrency helper: a gate that lets at most `limit` tasks run at once, first come
 * first served. Every batch of requests (apply, diff, export) goes through it.
 */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let free = Math.max(1, limit);
  const waiting: Array<() => void> = [];
  const acquire = (): Promise<void> => {
    if (free > 0) {
      free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return async (task) => {
    await acquire();
    try {
      return await task();
    } finally {
      release();
    }
  };
}

/** `fn` over every item, at most `limit` at a time; results in input order. */
export function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const run = limiter(limit);
  return Promise.all(items.map((item, i) => run(() => fn(item, i))));
}
