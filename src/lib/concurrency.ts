/**
 * The one bounded-concurrency helper: a gate that lets at most `limit` tasks run at once, first come
 * first served. Every batch of requests (apply, diff, export) goes through it. The limit is a fixed
 * number, or `'adaptive'`: it then grows while the tasks' latency holds and shrinks when it rises or
 * when a task says the server is overloaded (see AdaptiveLimit).
 */
export type Concurrency = number | 'adaptive';

export interface LimiterOptions<T = unknown> {
  /** Tells an overloaded server from a task's outcome (429, 503): the adaptive limit halves. */
  overloaded?: (outcome: { value?: T; error?: unknown }) => boolean;
  /**
   * Whether an outcome's time says something about the server (it sent a request of its own; not when
   * it found its answer in what another task fetched): only those are latency samples. All by default.
   */
  measured?: (outcome: { value?: T; error?: unknown }) => boolean;
  /** Milliseconds, for the adaptive limit's latency samples; replaceable in tests. */
  now?: () => number;
  /** The adaptive limit itself (to read it, or to share it); a new one by default. */
  adaptive?: AdaptiveLimit;
}

export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function limiter(concurrency: Concurrency, options: LimiterOptions = {}): Limiter {
  const adaptive = concurrency === 'adaptive' ? (options.adaptive ?? new AdaptiveLimit()) : undefined;
  const fixed = Math.max(1, typeof concurrency === 'number' ? concurrency : 1);
  const limit = () => adaptive?.limit ?? fixed;
  const now = options.now ?? (() => performance.now());
  let running = 0;
  const waiting: Array<() => void> = [];
  const acquire = (): Promise<void> => {
    if (running < limit() && waiting.length === 0) {
      running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = () => {
    running--;
    // the limit may have grown since: let in as many as it allows now, in the order they came
    while (running < limit() && waiting.length > 0) {
      running++;
      waiting.shift()!();
    }
  };
  return async (task) => {
    await acquire();
    const start = adaptive ? now() : 0;
    let outcome: { value?: unknown; error?: unknown } = {};
    try {
      const value = await task();
      outcome = { value };
      return value;
    } catch (error) {
      outcome = { error };
      throw error;
    } finally {
      const overloaded = options.overloaded?.(outcome as never) ?? false;
      if (adaptive && (overloaded || (options.measured?.(outcome as never) ?? true))) adaptive.record(now() - start, overloaded);
      release();
    }
  };
}

export interface AdaptiveOptions {
  /** The limit to start with (8). */
  initial?: number;
  /** Never more than this in flight (64). */
  max?: number;
  /** Never fewer (1). */
  min?: number;
  /**
   * Latency "holds" while a round's median stays within this factor of the lowest round median seen (2):
   * above it, requests queue somewhere (the server, the network) and more in flight would only wait.
   */
  tolerance?: number;
}

/**
 * An additive-increase/multiplicative-decrease limit on requests in flight, driven by latency samples:
 * after each round (as many samples as the limit), when the round's median latency is within
 * `tolerance` of the lowest round median seen, the limit grows by half (at least 1) up to `max`; when
 * it is above, the limit shrinks to three quarters. Samples under 1 ms are left out (no request, or a
 * loopback round trip). A sample marked overloaded (429, 503) halves it at once.
 * Each change starts a new round, so samples of requests sent under the old limit judge no more than
 * one round. No clock inside: it is fed samples, so its course follows from them alone.
 */
export class AdaptiveLimit {
  readonly max: number;
  readonly min: number;
  readonly tolerance: number;
  private current: number;
  private lowest = Infinity;
  private round: number[] = [];

  constructor(options: AdaptiveOptions = {}) {
    this.min = Math.max(1, options.min ?? 1);
    this.max = Math.max(this.min, options.max ?? 64);
    this.current = Math.min(this.max, Math.max(this.min, options.initial ?? 8));
    this.tolerance = options.tolerance ?? 2;
  }

  get limit(): number {
    return this.current;
  }

  /** One finished task: how long it took (ms) and whether the server said it is overloaded. */
  record(ms: number, overloaded = false): void {
    if (overloaded) {
      this.set(Math.floor(this.current / 2));
      return;
    }
    // No signal: work that sent no request (a resource found in a list another task fetched) or a
    // round trip too short for more in flight to matter. Counted, such samples would make every real
    // round trip look slow.
    if (!(ms >= NO_SIGNAL_BELOW_MS)) return;
    this.round.push(ms);
    if (this.round.length < this.current) return;
    const typical = median(this.round);
    this.round = [];
    // the lowest round seen, not the lowest sample: one lucky request does not set the bar
    this.lowest = Math.min(this.lowest, typical);
    if (typical <= this.lowest * this.tolerance) this.set(Math.max(this.current + 1, Math.floor(this.current * 1.5)));
    else this.set(Math.floor(this.current * 0.75));
  }

  private set(limit: number): void {
    this.current = Math.min(this.max, Math.max(this.min, limit));
    this.round = [];
  }
}

/** Samples shorter than this (ms) say nothing about the network or the server. */
const NO_SIGNAL_BELOW_MS = 1;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** `fn` over every item, at most `limit` at a time; results in input order. */
export function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const run = limiter(limit);
  return Promise.all(items.map((item, i) => run(() => fn(item, i))));
}
