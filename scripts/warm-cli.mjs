// Part of the build: runs a few commands (`--help`, `validate`, `get meshes` against a stand-in server on
// loopback) through the bundles (dist/cli.cjs, dist/get.cjs) in one process, then writes V8's code
// cache of all they compiled next to each bundle, under the key of this Node and its V8 flags (src/lib/cli/code-cache.ts).
// Its argument is the build's output folder (scripts/build.mjs), not yet `dist`.
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const OUT = realpathSync(process.argv[2]);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const built = (path) => import(pathToFileURL(join(OUT, path)).href);
const { loadBundle } = createRequire(import.meta.url)(join(OUT, 'cli-loader.cjs')); // as bin/run.js loads it
const { KUMA_VERSION, PRODUCT } = await built('lib/version.js');

const mesh = { type: 'Mesh', name: 'default', creationTime: '2026-01-01T00:00:00Z', modificationTime: '2026-01-01T00:00:00Z' };
const server = createServer((req, res) => {
  const body = req.url === '/' ? { product: PRODUCT, version: KUMA_VERSION } : { total: 1, items: [mesh], next: null };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const file = join(OUT, 'cli.cjs');
const bundle = loadBundle(file);
const cp = `http://127.0.0.1:${server.address().port}`;
for (const argv of [
  ['--help'],
  ['validate', '-f', join(ROOT, 'examples', 'quickstart.yaml'), '--no-config'],
  ['get', '--help'],
  ['inspect', 'meshes', '--no-config', '--cp-address', cp],
]) {
  await bundle.exports.runCli(argv, ROOT, file);
  process.exitCode = undefined;
}
// get's own bundle (dist/get.cjs), with the forms pipelines use most
const get = loadBundle(join(OUT, 'get.cjs'));
for (const argv of [
  ['get', 'meshes', '--no-config', '--cp-address', cp],
  ['get', 'meshes', '--no-config', '--cp-address', cp, '-o', 'yaml'],
  ['get', 'meshes', '--no-config', '--cp-address', cp, '-o', 'json'],
]) {
  if (!(await get.exports.runFastGet(argv)) || process.exitCode) throw new Error(`the warm-up \`${argv.join(' ')}\` failed`);
}
server.close();
for (const b of [bundle, get]) if (!b.saveCache(b.bundleCacheFile)) throw new Error('could not write the code cache of a bundle');
