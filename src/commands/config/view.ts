import { BaseCommand } from '../../base-command.js';
import { loadConfigFromFlags } from '../../lib/config/flags.js';
import { maskSecrets, serializeConfig } from '../../lib/config/index.js';

export default class ConfigView extends BaseCommand {
  static override summary = 'Show kumactl config';
  static override description = `Prints the configuration file ('--config-file', '~/.kumactl/config' by default) in its own format.
Tokens, passwords and credential headers are shown as <redacted> (kumactl prints them in clear).`;

  static override examples = ['<%= config.bin %> config view', '<%= config.bin %> config view --config-file ./ci-kumactl.yaml'];


  async run(): Promise<void> {
    const { flags } = await this.parse(ConfigView);
    const { config } = loadConfigFromFlags(flags);
    process.stdout.write(`${serializeConfig(maskSecrets(config))}\n`);
  }
}
