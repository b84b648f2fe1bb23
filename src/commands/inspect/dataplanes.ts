import { Flags } from '@oclif/core';
import { ApiCommand } from '../../api-command.js';
import { dataplaneOverviews, renderInspect, type InspectFormat } from '../../lib/inspect/index.js';
import { meshFlag, outputFlag, parseTags } from '../../lib/inspect/flags.js';
import { currentMesh } from '../../lib/meshes/missing.js';

export default class InspectDataplanes extends ApiCommand {
  static override summary = 'Inspect Dataplanes';
  static override description =
    'One row per data plane proxy of the mesh, with its status, connection, certificate and version columns (kumactl\'s table). A local control plane has no connected proxies: each shows Offline and "never".';
  static override examples = [
    '<%= config.bin %> inspect dataplanes --mesh team-a',
    '<%= config.bin %> inspect dataplanes --mesh team-a --tag kuma.io/service=web --tag version=v1',
    '<%= config.bin %> inspect dataplanes --gateway -o json',
  ];

  static override flags = {
    output: outputFlag,
    mesh: meshFlag,
    tag: Flags.string({ summary: 'filter by tag in format of key=value. You can provide many tags', multiple: true }),
    gateway: Flags.boolean({ summary: 'filter gateway dataplanes', default: false }),
    ingress: Flags.boolean({ summary: 'filter ingress dataplanes (kept for kumactl scripts; kuma-cp 2.14 ignores it)', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(InspectDataplanes);
    const tags = parseTags(flags.tag);
    const { client, target } = this.connect(flags);
    await this.checkVersion(client);
    const list = await dataplaneOverviews(client, currentMesh(flags.mesh, target), { tags, gateway: flags.gateway, ingress: flags.ingress });
    process.stdout.write(renderInspect('dataplanes', list, flags.output as InspectFormat, new Date()));
  }
}
