import { Args } from '@oclif/core';
import { ApiCommand } from '../../api-command.js';
import { meshGatewayDataplanes, renderGatewayDataplanes } from '../../lib/inspect/index.js';
import { meshFlag, outputFlag } from '../../lib/inspect/flags.js';
import { currentMesh } from '../../lib/meshes/missing.js';

export default class InspectMeshGateway extends ApiCommand {
  static override summary = 'Inspect MeshGateway';
  static override description = 'List Dataplanes matched by this MeshGateway: the builtin gateway proxies its selectors match, one name a line.';
  static override examples = ['<%= config.bin %> inspect meshgateway edge --mesh team-a'];
  static override args = { name: Args.string({ description: 'name of the MeshGateway', required: true }) };
  static override flags = {
    // kumactl's inspect takes -o on every sub-command; this one prints text whatever it says
    output: { ...outputFlag, summary: 'accepted as kumactl accepts it; this view is text' },
    mesh: meshFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(InspectMeshGateway);
    const { client, target } = this.connect(flags);
    await this.checkVersion(client);
    process.stdout.write(renderGatewayDataplanes(await meshGatewayDataplanes(client, currentMesh(flags.mesh, target), args.name)));
  }
}
