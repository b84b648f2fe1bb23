#!/usr/bin/env node
const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === '--version') {
  // `kumactl --version` answers without loading the command framework: pipelines call it often
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.name}/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`);
} else {
  // Every command starts the same way: the whole CLI from one bundled file, compiled with V8's code
  // cache (src/lib/cli/code-cache.ts), oclif taking its commands from the bundle (src/lib/cli/main.ts).
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const { loadBundle } = require('../dist/cli-loader.cjs');
  const root = require('node:path').dirname(import.meta.dirname);
  const file = require.resolve('../dist/cli.cjs'); // its real path (dist is a link to the build)
  const bundle = loadBundle(file);
  // a first run with this Node, these V8 flags or this build (or one whose cache V8 refused) leaves its
  // cache, with all the command compiled, for the next
  if (bundle.cachedDataRejected !== false) process.once('exit', () => bundle.saveCache(bundle.userCacheFile));
  await bundle.exports.runCli(argv, root, file);
}
