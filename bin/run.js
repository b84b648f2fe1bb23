#!/usr/bin/env node
const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === '--version') {
  // `kumactl --version` answers without loading the command framework: pipelines call it often
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.name}/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`);
} else {
  // Every command starts the same way: a bundled file compiled with V8's code cache
  // (src/lib/cli/code-cache.ts). `get` in its plain forms runs from dist/get.cjs (src/lib/get/fast.ts);
  // everything else, and any `get` it does not take, from the whole CLI, dist/cli.cjs, where oclif
  // takes its commands from the bundle (src/lib/cli/main.ts).
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const { loadBundle } = require('../dist/cli-loader.cjs');
  const run = (file) => {
    const bundle = loadBundle(require.resolve(file)); // its real path (dist is a link to the build)
    // a first run with this Node, these V8 flags or this build (or one whose cache V8 refused) leaves
    // its cache, with all the command compiled, for the next
    if (bundle.cachedDataRejected !== false) process.once('exit', () => bundle.saveCache(bundle.userCacheFile));
    return bundle.exports;
  };
  const done = argv.includes('get') && (await run('../dist/get.cjs').runFastGet(argv));
  if (!done) await run('../dist/cli.cjs').runCli(argv, require('node:path').dirname(import.meta.dirname), require.resolve('../dist/cli.cjs'));
}
