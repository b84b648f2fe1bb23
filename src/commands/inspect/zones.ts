import { ApiCommand } from '../../api-command.js';
import { zoneOverviews, renderInspect, type InspectFormat } from '../../lib/inspect/index.js';
import { outputFlag } from '../../lib/inspect/flags.js';

export default class InspectZones extends ApiCommand {
  static override summary = 'Inspect Zones';
  static override description = "Zones (a global control plane's zone control planes): status, connection and version. A standalone control plane has none.";
  static override examples = ['<%= config.bin %> inspect zones', '<%= config.bin %> inspect zones -o json'];

  static override flags = { output: outputFlag };

  async run(): Promise<void> {
    const { flags } = await this.parse(InspectZones);
    const { client } = this.connect(flags);
    await this.checkVersion(client);
    process.stdout.write(renderInspect('zones', await zoneOverviews(client), flags.output as InspectFormat, new Date()));
  }
}
