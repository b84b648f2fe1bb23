import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { RESOURCE_TYPES } from '../lib/resources/registry.js';
import { runGet, OUTPUT_FORMATS, type OutputFormat } from '../lib/get/index.js';

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

  // src/lib/get/fast.ts reads the same flags without oclif: keep the two in step
  static override flags = {
    mesh: Flags.string({ char: 'm', summary: 'Mesh to read mesh-scoped resources from' }),
    'all-meshes': Flags.boolean({ char: 'A', summary: 'List mesh-scoped resources of every mesh', default: false }),
    output: Flags.string({ char: 'o', summary: 'Output format', options: [...OUTPUT_FORMATS], default: 'table' }),
    size: Flags.integer({ summary: 'Maximum number of elements to return', min: 1, max: 1000 }),
    offset: Flags.string({ summary: 'The offset that indicates the starting element of the list' }),
  };

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
