#!/usr/bin/env node
// `kumactl --version` answers without loading the command framework: pipelines call it often.
if (process.argv.length === 3 && process.argv[2] === '--version') {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.name}/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`);
} else {
  // kumactl scripts put global flags before the command (`kumactl --config-file f get meshes`)
  const { hoistGlobalFlags } = await import('../dist/lib/config/global.js');
  const { execute } = await import('@oclif/core');
  await execute({ args: hoistGlobalFlags(process.argv.slice(2)), dir: import.meta.url });
}
