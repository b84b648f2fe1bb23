import { Flags } from '@oclif/core';
import { ApiCommand } from '../../api-command.js';
import { renderMeshInsights } from '../../lib/inspect/meshes.js';

export default class InspectMeshes extends ApiCommand {
  static override summary = 'Inspect Meshes';
  static override description = "One row per mesh: data plane proxies (online/total), then the count of each Kuma 2.x policy, kumactl 2.14's 12 columns. -o json|yaml prints the MeshInsights, with every resource count.";
  static override examples = ['<%= config.bin %> inspect meshes', '<%= config.bin %> inspect meshes --output json'];

  static override flags = {
    output: Flags.string({ char: 'o', summary: 'Output format', options: ['table', 'yaml', 'json'], default: 'table' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(InspectMeshes);
    const { client } = this.connect(flags);
    await this.checkVersion(client);
    const insights = await client.meshInsights();
    process.stdout.write(renderMeshInsights(insights, flags.output as 'table' | 'json' | 'yaml'));
  }
}
