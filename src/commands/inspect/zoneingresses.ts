import { ApiCommand } from '../../api-command.js';
import { zoneIngressOverviews, renderInspect, type InspectFormat } from '../../lib/inspect/index.js';
import { outputFlag } from '../../lib/inspect/flags.js';

export default class InspectZoneIngresses extends ApiCommand {
  static override summary = 'Inspect Zone Ingresses';
  static override description = "Zone Ingresses: status, connection and versions of each zone ingress proxy.";
  static override examples = ['<%= config.bin %> inspect zoneingresses', '<%= config.bin %> inspect zoneingresses -o json'];
  static override aliases = ['inspect:zone-ingresses'];

  static override flags = { output: outputFlag };

  async run(): Promise<void> {
    const { flags } = await this.parse(InspectZoneIngresses);
    const { client } = this.connect(flags);
    await this.checkVersion(client);
    process.stdout.write(renderInspect('zoneingresses', await zoneIngressOverviews(client), flags.output as InspectFormat, new Date()));
  }
}
