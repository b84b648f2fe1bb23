import { Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import { loadConfigFromFlags, requireFlags } from '../../../lib/config/flags.js';
import { removeControlPlane, saveConfig } from '../../../lib/config/index.js';

export default class ControlPlanesRemove extends BaseCommand {
  static override summary = 'Remove a Control Plane';
  static override description = `Removes the control plane NAME and every context that points at it. When the current context goes,
the first remaining context becomes current.`;

  static override examples = ['<%= config.bin %> config control-planes remove --name staging'];

  static override flags = {
    name: Flags.string({ summary: 'reference name for the Control Plane (required)' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ControlPlanesRemove);
    const { config, path } = loadConfigFromFlags(flags);
    requireFlags(flags, ['name'], "See 'kumactl config control-planes remove --help'.");
    const { config: next, current } = removeControlPlane(config, flags.name!);
    saveConfig(path, next);
    process.stdout.write(`removed Control Plane ${JSON.stringify(flags.name!)}\n`);
    process.stdout.write(
      current
        ? `switched active Control Plane to ${JSON.stringify(current.controlPlane)}\n`
        : 'there is no active Control Plane left. Use `kumactl config control-planes add` to add a Control Plane and make it active\n',
    );
  }
}
