/**
 * The CLI's one start-up path, run from the bundle of the whole CLI (dist/cli.cjs, scripts/build.mjs):
 * oclif with its commands, help class and hook taken from the bundle itself (oclif's explicit command
 * strategy) instead of from a hundred files under dist/.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hoistGlobalFlags } from '../config/flag-table.js';

/**
 * Runs the command line `argv` (after `kumactl`). `root` is the package's folder; `bundle` the path of
 * the bundle, whose exports COMMANDS, Help and commandNotFound oclif loads with `require`.
 */
export async function runCli(argv: string[], root: string, bundle: string): Promise<void> {
  const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const target = `./${relative(root, bundle)}`;
  pjson.oclif = {
    ...pjson.oclif,
    commands: { strategy: 'explicit', target, identifier: 'COMMANDS' },
    helpClass: { target, identifier: 'Help' },
    hooks: { command_not_found: { target, identifier: 'commandNotFound' } },
  };
  const { execute } = await import('@oclif/core');
  // kumactl scripts put global flags before the command (`kumactl --config-file f get meshes`)
  await execute({ args: hoistGlobalFlags(argv), loadOptions: { root, pjson } });
}
