#!/usr/bin/env node
const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === '--version') {
  // `kumactl --version` answers without loading the command framework: pipelines call it often
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.name}/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`);
} else {
  (await import('../dist/lib/v8-flags.js')).setCliV8Flags();
  // `get` in its plain forms runs without oclif, from one bundled file (src/lib/get/fast.ts, loader.ts)
  const fast = argv.includes('get') ? (await import('../dist/lib/get/loader.js')).loadFastGet() : undefined;
  const done = fast !== undefined && (await fast.runFastGet(argv));
  if (!done) {
    // kumactl scripts put global flags before the command (`kumactl --config-file f get meshes`)
    const { hoistGlobalFlags } = await import('../dist/lib/config/flag-table.js');
    const { execute } = await import('@oclif/core');
    await execute({ args: hoistGlobalFlags(argv), dir: import.meta.url });
  }
}
