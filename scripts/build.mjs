// Build: compile TypeScript to dist/, write the oclif manifest (so start-up does not scan commands), and
// bundle the fast path of `get` into dist/lib/fast-get.cjs (one file instead of about eighty to load).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
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

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
run(require.resolve('typescript/bin/tsc'), ['-p', 'tsconfig.json']);
run(require.resolve('oclif/bin/run.js'), ['manifest']);
await build({
  entryPoints: [new URL('../dist/lib/get/fast.js', import.meta.url).pathname],
  outfile: new URL('../dist/lib/fast-get.cjs', import.meta.url).pathname,
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
execFileSync(process.execPath, [new URL('./warm-fast-get.mjs', import.meta.url).pathname], { stdio: ['ignore', 'ignore', 'inherit'] });

// The yaml package as one file (dist/vendor/yaml.cjs, loaded by src/lib/lazy-yaml.ts).
await build({
  entryPoints: [require.resolve('yaml')],
  outfile: new URL('../dist/vendor/yaml.cjs', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});

// Schema validators compiled ahead of time (src/lib/validation/validators.ts), with the formats they use.
const validators = new URL('../dist/validators/', import.meta.url).pathname;
await build({
  entryPoints: [new URL('../dist/lib/validation/formats.js', import.meta.url).pathname],
  outfile: `${validators}formats.cjs`,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});
const { writeValidators } = await import('../dist/lib/validation/build-validators.js');
const { schemaFile } = await import('../dist/lib/validation/schema.js');
const { RESOURCE_TYPES } = await import('../dist/lib/resources/registry.js');
const schemas = new Map();
for (const t of RESOURCE_TYPES) {
  if (existsSync(schemaFile(t.name))) schemas.set(t.name, JSON.parse(readFileSync(schemaFile(t.name), 'utf8')));
}
// Kuma's Kubernetes-only kinds (ContainerPatch, ...), checked by `validate` against their CRD's schema
const { KUBERNETES_ONLY_KINDS } = await import('../dist/lib/resources/kubernetes.js');
for (const kind of KUBERNETES_ONLY_KINDS.keys()) schemas.set(`kubernetes/${kind}`, JSON.parse(readFileSync(schemaFile(`kubernetes/${kind}`), 'utf8')));
writeValidators(validators, schemas);
