// Build: compile TypeScript, bundle the whole CLI into dist/cli.cjs (one file instead of about two
// hundred to load) with its V8 code cache, precompile the schema validators, write the oclif manifest; then make it
// `dist` in one step (see the end).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
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
/**
 * yaml's parser and composer read `process.env.LOG_TOKENS` / `LOG_STREAM` (its own debugging switches)
 * for every token and document: each read is a call into Node's C++ environment lookup, about 130 ms of
 * CPU for the 5,000 documents of an apply (cpu profile). The bundle reads them as unset. If a yaml
 * upgrade moves them, the build stops here rather than quietly losing this.
 */
const yamlWithoutDebugSwitches = {
  name: 'yaml-without-debug-switches',
  setup(b) {
    b.onLoad({ filter: /[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const switched = text.replace(/\bnode_process\.env\.LOG_(TOKENS|STREAM)\b/g, 'false');
      if (switched === text) throw new Error(`${args.path}: process.env.LOG_TOKENS / LOG_STREAM not found (yaml changed?): update yamlWithoutDebugSwitches`);
      return { contents: switched, loader: 'js' };
    });
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

// The whole CLI as one CommonJS file (dist/cli.cjs), the one start-up path of every command: bin/run.js
// compiles it with V8's code cache (src/lib/cli/code-cache.ts) and oclif takes its commands, help class
// and hook from it (oclif's explicit command strategy, src/lib/cli/main.ts). A command's modules are
// evaluated only when that command runs.
const commandIds = [];
const walk = (dir, prefix) => {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isDirectory()) walk(join(dir, entry.name), [...prefix, entry.name]);
    else if (entry.name.endsWith('.js')) {
      const name = entry.name.slice(0, -3);
      commandIds.push({ id: [...prefix, ...(name === 'index' ? [] : [name])].join(':'), file: `./commands/${[...prefix, entry.name].join('/')}` });
    }
  }
};
walk(out('commands'), []);
writeFileSync(
  out('cli-entry.cjs'),
  [
    '// Generated by scripts/build.mjs: the exports of dist/cli.cjs',
    'const COMMANDS = {};',
    ...commandIds.map(({ id, file }) => `Object.defineProperty(COMMANDS, ${JSON.stringify(id)}, { enumerable: true, get: () => require(${JSON.stringify(file)}).default });`),
    'module.exports = {',
    '  COMMANDS,',
    "  get Help() { return require('./help.js').default; },",
    "  get commandNotFound() { return require('./hooks/command-not-found.js').default; },",
    "  runCli: (...args) => require('./lib/cli/main.js').runCli(...args),",
    '};',
    '',
  ].join('\n'),
);
/** `import.meta.url` of each compiled file: the file's place in dist/ (the bundle sits at dist/cli.cjs). */
const fileUrls = {
  name: 'file-urls',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(OUT)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = relative(OUT, args.path).split(sep).join('/');
      return { contents: text.replaceAll('import.meta.url', `kumactlFileUrl(${JSON.stringify(rel)})`), loader: 'js' };
    });
  },
};
// "use strict" first: the ES modules inside are strict code
const bundleBanner = `"use strict";\nconst kumactlFileUrl = (file) => require('node:url').pathToFileURL(require('node:path').join(__dirname, file)).href;`;
await build({
  entryPoints: [out('cli-entry.cjs')],
  outfile: out('cli.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // native code, loaded only by `control-plane run`; TypeScript, which oclif loads only to run sources in development
  external: ['better-sqlite3', 'typescript'],
  banner: { js: bundleBanner },
  plugins: [withoutHttp2, yamlWithoutDebugSwitches, fileUrls],
  logLevel: 'warning',
});
rmSync(out('cli-entry.cjs'));
// `get` in its plain forms (src/lib/get/fast.ts) as a bundle of its own, loaded the same way: pipelines
// call it hundreds of times, and its code cache is a quarter of the whole CLI's (V8 reads all of a
// cache at start-up). Anything it does not take goes to dist/cli.cjs.
await build({
  entryPoints: [out('lib/get/fast.js')],
  outfile: out('get.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  banner: { js: bundleBanner },
  plugins: [withoutHttp2, yamlWithoutDebugSwitches, fileUrls],
  logLevel: 'warning',
});
// bin/run.js loads the bundle with this one CommonJS file (src/lib/cli/code-cache.ts): requiring Node's
// own modules from CommonJS costs less than importing them as ES modules.
await build({
  entryPoints: [out('lib/cli/code-cache.js')],
  outfile: out('cli-loader.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});
// ASCII only (esbuild leaves a few characters raw in regular expressions and comments): the loader reads
// it as one-byte text, which V8 parses and checks against its code cache fastest. \uXXXX means the same
// character in a regular expression, a string or a comment.
for (const bundle of ['cli.cjs', 'get.cjs']) {
  const text = readFileSync(out(bundle), 'utf8');
  writeFileSync(out(bundle), text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
// The oclif manifest (so start-up does not scan commands), from the staging copy, then moved into
// place in one rename like `dist` itself.
copyFileSync(join(ROOT, 'package.json'), join(BUILDS, id, 'package.json'));
run(require.resolve('oclif/bin/run.js'), ['manifest', join(BUILDS, id)]);
renameSync(join(BUILDS, id, 'oclif.manifest.json'), join(ROOT, 'oclif.manifest.json'));

// The code cache of the bundle for the build's own Node, written after warm-up commands (a stand-in
// server answers `get`), so that the first run after a build compiles nothing.
execFileSync(process.execPath, [new URL('./warm-cli.mjs', import.meta.url).pathname, OUT], { stdio: ['ignore', 'ignore', 'inherit'] });

const link = join(BUILDS, `${id}.link`);
symlinkSync(join('.builds', id, 'dist'), link);
// a `dist` folder of an older build layout is removed once; from then on `dist` is a link
if (existsSync(join(ROOT, 'dist')) && !lstatSync(join(ROOT, 'dist')).isSymbolicLink()) rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
renameSync(link, join(ROOT, 'dist')); // rename replaces the old link in one step

// keep the newest three builds (any build in progress is newer than the ones it replaces)
const builds = readdirSync(BUILDS).filter((name) => /^\d+-\d+$/.test(name)).sort((a, b) => Number(b.split('-')[0]) - Number(a.split('-')[0]));
for (const old of builds.slice(3)) if (old !== id) rmSync(join(BUILDS, old), { recursive: true, force: true });
