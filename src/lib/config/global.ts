/**
 * The global options of every command, without the command framework: read by the commands, and by
 * bin/run.js before anything heavy loads (moving global flags written before the command after it).
 */
import { UsageError } from '../errors.js';
import { parseGoDuration } from '../go/time.js';
import { loadConfig, type KumactlConfig } from './index.js';
import { GLOBAL_FLAGS } from './flag-table.js';
import { csvRecord } from '../go/csv.js';

export { hoistGlobalFlags } from './flag-table.js';

/** The global flags as read (by oclif or by the fast path of `get`): only those given, or from their environment variable. */
export type GlobalFlagInput = {
  -readonly [K in keyof typeof GLOBAL_FLAGS]?: (typeof GLOBAL_FLAGS)[K]['type'] extends 'boolean' ? boolean : string;
};

export interface GlobalOptions {
  configFile?: string;
  noConfig: boolean;
  context?: string;
  cpAddress?: string;
  apiTimeoutMs: number;
  logLevel: 'off' | 'info' | 'debug';
}

/** `--api-timeout` (Go duration syntax) in milliseconds; 0 means no timeout. */
export function parseApiTimeout(value: string): number {
  const d = parseGoDuration(value);
  if (!d.ok) throw new UsageError(`invalid argument ${JSON.stringify(value)} for "--api-timeout" flag: ${d.error}`);
  return Math.max(0, Math.round(d.nanoseconds / 1e6));
}

/** The global flags, checked with kumactl's messages. */
export function readGlobalFlags(flags: GlobalFlagInput): GlobalOptions {
  const logLevel = flags['log-level'] ?? GLOBAL_FLAGS['log-level'].default;
  if (logLevel !== 'off' && logLevel !== 'info' && logLevel !== 'debug') throw new UsageError(`unknown log level ${JSON.stringify(logLevel)}`);
  const opts: GlobalOptions = {
    noConfig: flags['no-config'] ?? GLOBAL_FLAGS['no-config'].default,
    apiTimeoutMs: parseApiTimeout(flags['api-timeout'] ?? GLOBAL_FLAGS['api-timeout'].default),
    logLevel,
  };
  if (flags['config-file']) opts.configFile = flags['config-file'];
  if (flags.context) opts.context = flags.context;
  if (flags['cp-address']) opts.cpAddress = flags['cp-address'];
  return opts;
}

/** Global flags checked, then the configuration they point at (created on first use, as kumactl does). */
export function loadConfigFromFlags(flags: GlobalFlagInput): { config: KumactlConfig; path: string; options: GlobalOptions } {
  const options = readGlobalFlags(flags);
  const { config, path } = loadConfig({ ...(options.configFile ? { configFile: options.configFile } : {}), noConfig: options.noConfig });
  return { config, path, options };
}

/** kumactl's (cobra's) check of required flags: `required flag(s) "address", "name" not set`. */
export function requireFlags(flags: Record<string, unknown>, names: readonly string[], hint?: string): void {
  const missing = names.filter((n) => flags[n] === undefined).sort();
  if (missing.length > 0) throw new UsageError(`required flag(s) ${missing.map((n) => JSON.stringify(n)).join(', ')} not set`, hint);
}

/**
 * pflag's `key=value` map flag (kumactl's `--headers`, `--auth-conf`, `--var`): per occurrence, no `=`
 * is an error, one `=` is one pair (surrounding double quotes trimmed, commas kept), two or more are
 * read as one CSV record of pairs. Later occurrences add or override keys.
 */
export function parseMapFlag(values: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const bad = (v: string, why: string) => new UsageError(`invalid argument ${JSON.stringify(v)} for "${flag}" flag: ${why}`);
  for (const v of values) {
    const n = v.split('=').length - 1;
    let pairs: string[];
    if (n === 0) throw bad(v, `${v} must be formatted as key=value`);
    else if (n === 1) pairs = [trimQuotes(v)];
    else {
      try {
        pairs = csvRecord(v);
      } catch (err) {
        throw bad(v, (err as Error).message);
      }
    }
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      if (eq === -1) throw bad(v, `${pair} must be formatted as key=value`);
      out[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  return out;
}

function trimQuotes(s: string): string {
  return s.replace(/^"+/, '').replace(/"+$/, '');
}
