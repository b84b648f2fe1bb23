// Build: compile TypeScript, bundle the fast path of `get` into lib/fast-get.cjs (one file instead of
// about eighty to load), precompile the schema validators, write the oclif manifest; then make it
// `dist` in one step (see the end).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);

/**
 * kumactl speaks HTTP/1.1 to Kuma's API server. undici loads node:http2 (with TLS and crypto) when it
 * loads, and uses a stand-in when the runtime has none: the bundle gets that stand-in.
 */
const withoutHttp2 = {
  name: 'without-http2',
  setup(b) {
    b.onResolve({ filter: /^(node:)?http2$/ }, () => ({ path: 'http2', namespace: 'without-http2' }));
    b.onLoad({ filter: /.*/, namespace: 'without-http2' }, () => ({ contents: "throw new Error('not bundled: kumactl speaks HTTP/1.1')", loader: 'js' }));
  },
};
const run = (file, args) => execFileSync(process.execPath, [file, ...args], { stdio: 'inherit' });

// Everything is built into a folder of its own, then `dist` (a symbolic link) is switched to it in one
// rename: a CLI started meanwhile (another `npm test`, a user's shell) sees the old build or the new
// one, never half of one. The last few builds stay, so CLIs still running from them can finish.
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILDS = join(ROOT, '.builds');
const id = `${Date.now()}-${process.pid}`;
// .builds/<id>/ is a staging copy of the plugin (package.json and dist/), from which oclif writes the manifest
const OUT = join(BUILDS, id, 'dist');
const out = (path) => join(OUT, path);
mkdirSync(OUT, { recursive: true });
// the compiled code finds the schemas next to its dist/, as in the repository
symlinkSync(join('..', '..', 'schemas'), join(BUILDS, id, 'schemas'));
run(require.resolve('typescript/bin/tsc'), ['-p', 'tsconfig.json', '--outDir', OUT]);
await build({
  entryPoints: [out('lib/get/fast.js')],
  outfile: out('lib/fast-get.cjs'),
  bundle: true,
  platform: 'node',
  // CommonJS, so that dist/lib/get/loader.js can compile it with V8's code cache
  format: 'cjs',
  target: 'node20',
  // yaml loads only for `-o yaml` or a config file, from dist/vendor/yaml.cjs (src/lib/lazy-yaml.ts)
  external: ['yaml'],
  define: { 'import.meta.url': 'kumactlBundleUrl' },
  banner: { js: "const kumactlBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [withoutHttp2],
  logLevel: 'warning',
});
// The code cache of the bundle, written after a warm-up `get` against a stand-in server.
execFileSync(process.execPath, [new URL('./warm-fast-get.mjs', import.meta.url).pathname, OUT], { stdio: ['ignore', 'ignore', 'inherit'] });

// The yaml package as one file (dist/vendor/yaml.cjs, loaded by src/lib/lazy-yaml.ts).
await build({
  entryPoints: [require.resolve('yaml')],
  outfile: out('vendor/yaml.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});

// Schema validators compiled ahead of time (src/lib/validation/validators.ts), with the formats they use.
const validators = out('validators/');
await build({
  entryPoints: [out('lib/validation/formats.js')],
  outfile: `${validators}formats.cjs`,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});
const { writeValidators } = await import(pathToFileURL(out('lib/validation/build-validators.js')).href);
const { schemaFile } = await import(pathToFileURL(out('lib/validation/schema.js')).href);
const { RESOURCE_TYPES } = await import(pathToFileURL(out('lib/resources/registry.js')).href);
const schemas = new Map();
for (const t of RESOURCE_TYPES) {
  if (existsSync(schemaFile(t.name))) schemas.set(t.name, JSON.parse(readFileSync(schemaFile(t.name), 'utf8')));
}
// Kuma's Kubernetes-only kinds (ContainerPatch, ...), checked by `validate` against their CRD's schema
const { KUBERNETES_ONLY_KINDS } = await import(pathToFileURL(out('lib/resources/kubernetes.js')).href);
for (const kind of KUBERNETES_ONLY_KINDS.keys()) schemas.set(`kubernetes/${kind}`, JSON.parse(readFileSync(schemaFile(`kubernetes/${kind}`), 'utf8')));
writeValidators(validators, schemas);

// The oclif manifest (so start-up does not scan commands), from the staging copy, then moved into
// place in one rename like `dist` itself.
copyFileSync(join(ROOT, 'package.json'), join(BUILDS, id, 'package.json'));
run(require.resolve('oclif/bin/run.js'), ['manifest', join(BUILDS, id)]);
renameSync(join(BUILDS, id, 'oclif.manifest.json'), join(ROOT, 'oclif.manifest.json'));

const link = join(BUILDS, `${id}.link`);
symlinkSync(join('.builds', id, 'dist'), link);
// a `dist` folder of an older build layout is removed once; from then on `dist` is a link
if (existsSync(join(ROOT, 'dist')) && !lstatSync(join(ROOT, 'dist')).isSymbolicLink()) rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
renameSync(link, join(ROOT, 'dist')); // rename replaces the old link in one step

// keep the newest three builds (any build in progress is newer than the ones it replaces)
const builds = readdirSync(BUILDS).filter((name) => /^\d+-\d+$/.test(name)).sort((a, b) => Number(b.split('-')[0]) - Number(a.split('-')[0]));
for (const old of builds.slice(3)) if (old !== id) rmSync(join(BUILDS, old), { recursive: true, force: true });
