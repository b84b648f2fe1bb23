import { BaseCommand } from '../base-command.js';
import { KUMA_VERSION, PRODUCT } from '../lib/version.js';

export default class Version extends BaseCommand {
  static override summary = 'Print version';
  static override examples = ['<%= config.bin %> version'];

  async run(): Promise<void> {
    process.stdout.write(`Client: ${PRODUCT} ${KUMA_VERSION}\n`);
  }
}
