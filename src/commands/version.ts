import { ApiCommand } from '../api-command.js';
import { KUMA_VERSION, PRODUCT } from '../lib/version.js';

export default class Version extends ApiCommand {
  static override summary = 'Print version';
  static override examples = ['<%= config.bin %> version'];

  async run(): Promise<void> {
    const { flags } = await this.parse(Version);
    process.stdout.write(`Client: ${PRODUCT} ${KUMA_VERSION}\n`);
    try {
      const index = await this.connect(flags).client.index();
      process.stdout.write(`Server: ${index.product} ${index.version}\n`);
    } catch (err) {
      process.stderr.write(`Unable to connect to control plane: Unable to retrieve server version: ${(err as Error).message}\n`);
    }
  }
}
