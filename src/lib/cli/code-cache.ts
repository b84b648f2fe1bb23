/**
 * Loads the bundled CLI (dist/cli.cjs, see scripts/build.mjs) with a V8 code cache: parsing and
 * compiling a few megabytes of JavaScript is most of a short command's start-up, and V8 can skip it
 * when handed the code it compiled for the same source before (vm.Script's cachedData; Node 20 has no
 * module.enableCompileCache).
 *
 * V8 accepts a cache only from the same V8 and the same V8 flags, and checks the source by its length
 * alone. So a cache is named by a key of all of them: the Node.js version, the V8 flags of this process
 * (its command line, NODE_OPTIONS and the CLI's own), and a content hash of the bundle. The build writes
 * one for its own Node next to the bundle; any other run whose cache is missing, or which V8 refused,
 * writes its own into the user's cache folder ($XDG_CACHE_HOME/kumactl or ~/.cache/kumactl) when the
 * command is done. A refused cache is never used again: it is replaced.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { CLI_V8_FLAGS, setCliV8Flags } from '../v8-flags.js';

export interface CacheKeyInput {
  nodeVersion: string;
  execArgv: readonly string[];
  nodeOptions: string | undefined;
  source: string | Buffer;
}

/** The name part of a cache file: what V8 checks (its version, its flags) and what it does not (the source's content). */
export function cacheKey(input: CacheKeyInput): string {
  const hash = createHash('sha256');
  hash.update(`${input.nodeVersion}\0${process.arch}\0${input.execArgv.join(' ')}\0${input.nodeOptions ?? ''}\0${CLI_V8_FLAGS}\0`);
  hash.update(input.source);
  return hash.digest('hex').slice(0, 32);
}

/** The user's cache folder for kumactl: $XDG_CACHE_HOME/kumactl, else ~/.cache/kumactl. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.cache'), 'kumactl');
}

export interface LoadedBundle<T> {
  exports: T;
  /** The cache file used, if any. */
  cacheFile: string | undefined;
  /** V8's verdict on the cache handed to it: undefined when there was none. */
  cachedDataRejected: boolean | undefined;
  /** The cache file next to the bundle (the build writes it for its own Node). */
  bundleCacheFile: string;
  /** Where a run writes a new cache (the user's cache folder). */
  userCacheFile: string;
  /** Writes the code compiled so far to `file` (atomically); false when it could not be written. */
  saveCache(file: string): boolean;
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Compiles and runs the CommonJS bundle `file` with the code cache that matches it (next to the bundle
 * from the build, or in the user's cache folder), and registers it in require's cache so that
 * `require(file)` (oclif loading commands from it) answers the same module.
 */
export function loadBundle<T>(file: string, options: { env?: NodeJS.ProcessEnv; cacheDir?: string } = {}): LoadedBundle<T> {
  setCliV8Flags();
  const env = options.env ?? process.env;
  const bytes = readFileSync(file);
  const key = cacheKey({ nodeVersion: process.version, execArgv: process.execArgv, nodeOptions: env.NODE_OPTIONS, source: bytes });
  // the build writes ASCII: read as one-byte text, without decoding UTF-8
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const name = `${basename(file)}-${key}.cache`;
  const besideBundle = join(dirname(file), name);
  const userCacheFile = join(options.cacheDir ?? userCacheDir(env), name);
  let cacheFile: string | undefined = besideBundle;
  let cachedData = readIfPresent(besideBundle);
  if (!cachedData) {
    cacheFile = userCacheFile;
    cachedData = readIfPresent(userCacheFile);
  }
  if (!cachedData) cacheFile = undefined;
  const script = new Script(Module.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const cachedDataRejected = cachedData ? script.cachedDataRejected === true : undefined;

  const module = new Module(file);
  module.filename = file;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  module.paths = (Module as any)._nodeModulePaths(dirname(file));
  const require = createRequire(file);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (Module as any)._cache[file] = module;
  script.runInThisContext()(module.exports, require, module, file, dirname(file));
  module.loaded = true;

  return {
    exports: module.exports as T,
    cacheFile,
    cachedDataRejected,
    bundleCacheFile: besideBundle,
    userCacheFile,
    saveCache(target: string): boolean {
      try {
        mkdirSync(dirname(target), { recursive: true });
        const tmp = `${target}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, target);
        pruneOldCaches(dirname(target), basename(file), target);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** Caches of other builds, Node versions or flags not used for a month go (only when a new one is written). */
function pruneOldCaches(dir: string, bundleName: string, keep: string): void {
  const monthAgo = Date.now() - 30 * 24 * 3600 * 1000;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path === keep || !name.startsWith(`${bundleName}-`) || !name.endsWith('.cache')) continue;
    try {
      if (statSync(path).atimeMs < monthAgo && statSync(path).mtimeMs < monthAgo) rmSync(path, { force: true });
    } catch {
      // another run removed it
    }
  }
}
