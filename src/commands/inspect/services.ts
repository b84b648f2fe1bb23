import { ApiCommand } from '../../api-command.js';
import { renderInspect, serviceInsights, type InspectFormat } from '../../lib/inspect/index.js';
import { meshFlag, outputFlag } from '../../lib/inspect/flags.js';
import { currentMesh } from '../../lib/meshes/missing.js';

export default class InspectServices extends ApiCommand {
  static override summary = 'Inspect Services';
  static override description =
    'One row per service (the kuma.io/service tag of data plane proxies, gateways and ExternalServices) of the mesh: status and online/total proxies, as kuma-cp computes them.';
  static override examples = ['<%= config.bin %> inspect services --mesh team-a', '<%= config.bin %> inspect services -m team-a -o yaml'];

  static override flags = { output: outputFlag, mesh: meshFlag };

  async run(): Promise<void> {
    const { flags } = await this.parse(InspectServices);
    const { client, target } = this.connect(flags);
    await this.checkVersion(client);
    const list = await serviceInsights(client, currentMesh(flags.mesh, target));
    process.stdout.write(renderInspect('services', list, flags.output as InspectFormat, new Date()));
  }
}
