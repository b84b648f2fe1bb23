import { ApiCommand } from '../../api-command.js';
import { zoneEgressOverviews, renderInspect, type InspectFormat } from '../../lib/inspect/index.js';
import { outputFlag } from '../../lib/inspect/flags.js';

export default class InspectZoneEgresses extends ApiCommand {
  static override summary = 'Inspect Zone Egresses';
  static override description = "Zone Egresses: status, connection and versions of each zone egress proxy.";
  static override examples = ['<%= config.bin %> inspect zoneegresses', '<%= config.bin %> inspect zoneegresses -o json'];

  static override flags = { output: outputFlag };

  async run(): Promise<void> {
    const { flags } = await this.parse(InspectZoneEgresses);
    const { client } = this.connect(flags);
    await this.checkVersion(client);
    process.stdout.write(renderInspect('zoneegresses', await zoneEgressOverviews(client), flags.output as InspectFormat, new Date()));
  }
}
