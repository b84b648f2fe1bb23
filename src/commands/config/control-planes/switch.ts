import { Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import { loadConfigFromFlags, requireFlags } from '../../../lib/config/flags.js';
import { saveConfig, switchContext } from '../../../lib/config/index.js';

export default class ControlPlanesSwitch extends BaseCommand {
  static override summary = 'Switch active Control Plane';
  static override description = `Makes the context NAME the current one (kumactl: --name is a context name; "config control-planes add"
creates a context with the control plane's name).`;

  static override examples = ['<%= config.bin %> config control-planes switch --name staging'];

  static override flags = {
    name: Flags.string({ summary: 'reference name of the Control Plane to switch to (required)' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ControlPlanesSwitch);
    const { config, path } = loadConfigFromFlags(flags);
    requireFlags(flags, ['name'], "See 'kumactl config control-planes switch --help'.");
    const name = flags.name!;
    saveConfig(path, switchContext(config, name));
    process.stdout.write(`switched active Control Plane to ${JSON.stringify(name)}\n`);
  }
}
