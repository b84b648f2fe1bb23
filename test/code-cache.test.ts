import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliEnv, kumactl, ROOT } from './helpers/cli.js';
import { cacheKey } from '../src/lib/cli/code-cache.js';

/*
 * The bundled CLI (dist/cli.cjs) starts with V8's code cache: V8 refuses a cache made under other V8
 * flags or by another V8, and accepts one made for another source of the same length. These tests ask
 * V8 itself (vm.Script's cachedDataRejected), in a process started as a user's would be.
 */
const BUNDLE = () => realpathSync(join(ROOT, 'dist', 'cli.cjs'));
const LOADER = join(ROOT, 'dist', 'cli-loader.cjs');

/** Loads `bundle` as bin/run.js does, in a child process with `env`; V8's verdict and the cache file used. */
function verdict(bundle: string, env: NodeJS.ProcessEnv): { rejected: boolean | null; cacheFile: string | null } {
  const script = `const b = require(${JSON.stringify(LOADER)}).loadBundle(${JSON.stringify(bundle)});
    process.stdout.write(JSON.stringify({ rejected: b.cachedDataRejected ?? null, cacheFile: b.cacheFile ?? null }));`;
  return JSON.parse(runScript(script, env));
}

let cacheHome: string;
/** Runs `script` as a file (`node -e` would put the script in process.execArgv, which is part of the key). */
function runScript(script: string, env: NodeJS.ProcessEnv): string {
  const file = join(mkdtempSync(join(cacheHome, 'script-')), 'run.cjs');
  writeFileSync(file, script);
  return execFileSync(process.execPath, [file], { env: cliEnv(env), encoding: 'utf8' });
}
beforeAll(() => {
  cacheHome = mkdtempSync(join(tmpdir(), 'kumactl-code-cache-'));
});
afterAll(() => rmSync(cacheHome, { recursive: true, force: true }));

describe('the code cache of the bundled CLI', () => {
  it("is built for the build's Node and accepted by V8 as is (the CLI's bundle and get's)", () => {
    const home = join(cacheHome, 'plain');
    const v = verdict(BUNDLE(), { XDG_CACHE_HOME: home, NODE_OPTIONS: '' });
    expect(v).toEqual({ rejected: false, cacheFile: expect.stringMatching(/dist\/cli\.cjs-[0-9a-f]{32}\.cache$/) });
    // and get's own bundle
    const get = verdict(realpathSync(join(ROOT, 'dist', 'get.cjs')), { XDG_CACHE_HOME: home, NODE_OPTIONS: '' });
    expect(get).toEqual({ rejected: false, cacheFile: expect.stringMatching(/dist\/get\.cjs-[0-9a-f]{32}\.cache$/) });
  });

  it('with NODE_OPTIONS=--max-old-space-size=4096: written on the first run, then accepted by V8', async () => {
    const home = join(cacheHome, 'node-options');
    const env = { XDG_CACHE_HOME: home, NODE_OPTIONS: '--max-old-space-size=4096' };
    // the build's cache is for other V8 flags: none is used, rather than one V8 would refuse
    expect(verdict(BUNDLE(), env)).toEqual({ rejected: null, cacheFile: null });
    const first = await kumactl(['--help'], { env });
    expect(first.code).toBe(0);
    expect(readdirSync(join(home, 'kumactl'))).toEqual([expect.stringMatching(/^cli\.cjs-[0-9a-f]{32}\.cache$/)]);
    const v = verdict(BUNDLE(), env);
    expect(v.rejected).toBe(false);
    expect(v.cacheFile?.startsWith(join(home, 'kumactl'))).toBe(true);
    // and a command run with it prints what it printed without
    expect(await kumactl(['--help'], { env })).toEqual(first);
    // get's bundle likewise (here a control plane that does not answer: exit 5, after the cache is used)
    const getBundle = realpathSync(join(ROOT, 'dist', 'get.cjs'));
    expect(verdict(getBundle, env)).toEqual({ rejected: null, cacheFile: null });
    expect((await kumactl(['get', 'meshes', '--no-config', '--cp-address', 'http://127.0.0.1:1'], { env })).code).toBe(5);
    expect(verdict(getBundle, env)).toEqual({ rejected: false, cacheFile: expect.stringContaining(join(home, 'kumactl', 'get.cjs-')) });
  });

  it('a cache V8 refuses is replaced, not used again', async () => {
    const home = join(cacheHome, 'refused');
    const nodeOptions = '--max-old-space-size=2048';
    const key = cacheKey({ nodeVersion: process.version, execArgv: [], nodeOptions, source: readFileSync(BUNDLE()) });
    const file = join(home, 'kumactl', `cli.cjs-${key}.cache`);
    execFileSync('mkdir', ['-p', join(home, 'kumactl')]);
    writeFileSync(file, Buffer.alloc(4096, 7));
    const env = { XDG_CACHE_HOME: home, NODE_OPTIONS: nodeOptions };
    expect(verdict(BUNDLE(), env)).toEqual({ rejected: true, cacheFile: file });
    expect((await kumactl(['--help'], { env })).code).toBe(0);
    expect(verdict(BUNDLE(), env)).toEqual({ rejected: false, cacheFile: file });
  });

  it('a changed bundle of the same length gets a cache of its own (keyed by content, not by length or time)', () => {
    const dir = mkdtempSync(join(cacheHome, 'bundle-'));
    const home = join(cacheHome, 'changed');
    const copy = join(dir, 'cli.cjs');
    copyFileSync(BUNDLE(), copy);
    const env = { XDG_CACHE_HOME: home, NODE_OPTIONS: '' };
    // a cache for this copy, written as a run writes it
    const save = `const b = require(${JSON.stringify(LOADER)}).loadBundle(${JSON.stringify(copy)}); b.saveCache(b.userCacheFile);`;
    runScript(save, env);
    expect(verdict(copy, env).rejected).toBe(false);
    // one character changed, same length
    const text = readFileSync(copy, 'utf8');
    expect(text).toContain('kumactlFileUrl');
    writeFileSync(copy, text.replaceAll('kumactlFileUrl', 'kumactlFileUrX'));
    expect(readFileSync(copy).length).toBe(Buffer.byteLength(text));
    expect(verdict(copy, env)).toEqual({ rejected: null, cacheFile: null });
    runScript(save, env);
    expect(readdirSync(join(home, 'kumactl')).filter((f) => f.endsWith('.cache'))).toHaveLength(2);
    expect(verdict(copy, env).rejected).toBe(false);
  });

  it('writing a new cache removes the ones unused for a month, and only those', async () => {
    const home = join(cacheHome, 'prune');
    const dir = join(home, 'kumactl');
    mkdirSync(dir, { recursive: true });
    const old = join(dir, `cli.cjs-${'0'.repeat(32)}.cache`);
    const recent = join(dir, `cli.cjs-${'1'.repeat(32)}.cache`);
    const other = join(dir, 'notes.txt');
    for (const f of [old, recent, other]) writeFileSync(f, 'x');
    const fortyDaysAgo = new Date(Date.now() - 40 * 24 * 3600 * 1000);
    utimesSync(old, fortyDaysAgo, fortyDaysAgo);
    utimesSync(other, fortyDaysAgo, fortyDaysAgo);
    expect((await kumactl(['--help'], { env: { XDG_CACHE_HOME: home, NODE_OPTIONS: '--max-old-space-size=3072' } })).code).toBe(0);
    const left = readdirSync(dir).sort();
    expect(left).toHaveLength(3);
    expect(left).toEqual(expect.arrayContaining(['notes.txt', `cli.cjs-${'1'.repeat(32)}.cache`]));
    expect(left).not.toContain(`cli.cjs-${'0'.repeat(32)}.cache`);
  });
});
