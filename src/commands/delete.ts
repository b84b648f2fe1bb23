import { Args, Flags } from '@oclif/core';
import { ApiCommand } from '../api-command.js';
import { deleteResource } from '../lib/delete/index.js';

export default class Delete extends ApiCommand {
  static override summary = 'Delete Kuma resources';
  static override description = `Deletes one resource. Deleting a mesh deletes everything in it (policies, secrets, services);
the control plane refuses while data plane proxies are still in the mesh. What went with a mesh is listed.`;

  static override examples = [
    '<%= config.bin %> delete meshtimeout my-timeouts --mesh team-a',
    '<%= config.bin %> delete mesh team-a',
    '<%= config.bin %> delete secret old-token --mesh team-a --ignore-not-found',
  ];

  static override args = {
    type: Args.string({ description: 'resource type, singular (mesh, meshtimeout, dataplane, ...)', required: true }),
    name: Args.string({ description: 'name of the resource', required: true }),
  };

  static override flags = {
    mesh: Flags.string({ char: 'm', summary: 'Mesh of a mesh-scoped resource' }),
    'ignore-not-found': Flags.boolean({ summary: 'Succeed when the resource does not exist', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Delete);
    const { client, target } = this.connect(flags);
    await this.checkVersion(client);
    const request = { type: args.type, name: args.name, mesh: flags.mesh, defaultMesh: target.defaultMesh, ignoreNotFound: flags['ignore-not-found'] };
    process.stdout.write(await deleteResource(client, request));
  }
}
