// Part of the build: runs `kumactl get meshes` once through the bundled fast path against a stand-in
// server on loopback, then saves V8's code cache of all it compiled (dist/lib/fast-get.cjs.cache).
// V8 flags as bin/run.js sets them (src/lib/v8-flags.ts): V8 accepts a cache only from the same ones.
// Its argument is the build's output folder (scripts/build.mjs), not yet `dist`.
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const built = (path) => import(pathToFileURL(join(process.argv[2], path)).href);
(await built('lib/v8-flags.js')).setCliV8Flags();
const { loadFastGet } = await built('lib/get/loader.js');
const { KUMA_VERSION, PRODUCT } = await built('lib/version.js');

const mesh = { type: 'Mesh', name: 'default', creationTime: '2026-01-01T00:00:00Z', modificationTime: '2026-01-01T00:00:00Z' };
const server = createServer((req, res) => {
  const body = req.url === '/' ? { product: PRODUCT, version: KUMA_VERSION } : { total: 1, items: [mesh], next: null };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const fast = loadFastGet();
if (!fast) throw new Error(`${process.argv[2]}/lib/fast-get.cjs is missing`);
const ok = await fast.runFastGet(['get', 'meshes', '--no-config', '--cp-address', `http://127.0.0.1:${server.address().port}`]);
server.close();
if (!ok || process.exitCode) throw new Error('the warm-up `get meshes` failed');
fast.saveCodeCache();
