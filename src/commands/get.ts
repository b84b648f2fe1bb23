import { Args } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { RESOURCE_TYPES } from '../lib/resources/registry.js';
import { runGet, type OutputFormat } from '../lib/get/index.js';
import { GET_FLAGS } from '../lib/get/flags.js';
import { oclifFlags } from '../lib/config/flags.js';

export default class Get extends BaseCommand {
  static override summary = 'Show Kuma resources';
  static override description = `Lists resources of a type (kumactl get meshtimeouts) or shows one (kumactl get meshtimeout NAME).
Mesh-scoped types are read from --mesh (default: the context's default mesh, then "default"), or from
every mesh with --all-meshes.

Types: ${RESOURCE_TYPES.filter((t) => t.cli).map((t) => t.plural).join(', ')}`;

  static override examples = [
    '<%= config.bin %> get meshes',
    '<%= config.bin %> get meshtimeouts --mesh team-a',
    '<%= config.bin %> get meshtimeout mesh-timeout-all-team-a --mesh team-a --output yaml',
    '<%= config.bin %> get meshretries --all-meshes --output json',
  ];

  static override args = {
    type: Args.string({ description: 'resource type: plural to list, singular with NAME to show one', required: true }),
    name: Args.string({ description: 'name of the resource (with a singular type)' }),
  };

  static override flags = oclifFlags(GET_FLAGS);

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Get);
    const text = await runGet(
      {
        type: args.type,
        ...(args.name !== undefined ? { name: args.name } : {}),
        ...(flags.mesh !== undefined ? { mesh: flags.mesh } : {}),
        allMeshes: flags['all-meshes'],
        output: flags.output as OutputFormat,
        ...(flags.size !== undefined ? { size: flags.size } : {}),
        ...(flags.offset !== undefined ? { offset: flags.offset } : {}),
      },
      flags,
    );
    process.stdout.write(text);
  }
}
