/**
 * Loads dist/lib/fast-get.cjs, the bundle of ./fast.ts (see scripts/build.mjs), with V8's code cache that
 * the build wrote next to it: parsing and compiling half a megabyte of JavaScript at every `kumactl
 * get` is most of what is left of its start-up. A cache from another Node.js or V8 is refused by V8;
 * the bundle then compiles as usual.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const BUNDLE = fileURLToPath(new URL('../fast-get.cjs', import.meta.url));
const CACHE = `${BUNDLE}.cache`;

export interface FastGet {
  runFastGet(argv: readonly string[]): Promise<boolean>;
  /** Writes the code cache of everything compiled so far (the build calls it after a warm-up run). */
  saveCodeCache(): void;
}

/** The bundled fast path, or undefined when the build did not make one. */
export function loadFastGet(): FastGet | undefined {
  if (!existsSync(BUNDLE)) return undefined;
  const cachedData = existsSync(CACHE) ? readFileSync(CACHE) : undefined;
  const script = new Script(Module.wrap(readFileSync(BUNDLE, 'utf8')), { filename: BUNDLE, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as { runFastGet: FastGet['runFastGet'] } };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
  return { runFastGet: module.exports.runFastGet, saveCodeCache: () => writeFileSync(CACHE, script.createCachedData()) };
}
