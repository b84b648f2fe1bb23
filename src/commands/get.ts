import { Args, Flags } from '@oclif/core';
import { ApiCommand } from '../api-command.js';
import { UsageError, UserError, ExitCode } from '../lib/errors.js';
import { parseCliName, RESOURCE_TYPES, suggestTypeNames } from '../lib/resources/registry.js';
import { renderList, renderOne } from '../lib/output/resources.js';
import { closest } from '../lib/text.js';

export default class Get extends ApiCommand {
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

  static override flags = {
    mesh: Flags.string({ char: 'm', summary: 'Mesh to read mesh-scoped resources from' }),
    'all-meshes': Flags.boolean({ char: 'A', summary: 'List mesh-scoped resources of every mesh', default: false }),
    output: Flags.string({ char: 'o', summary: 'Output format', options: ['table', 'yaml', 'json'], default: 'table' }),
    size: Flags.integer({ summary: 'Maximum number of elements to return', min: 1, max: 1000 }),
    offset: Flags.string({ summary: 'The offset that indicates the starting element of the list' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Get);
    const parsed = parseCliName(args.type);
    if (!parsed || !parsed.type.cli) throw unknownType(args.type);
    const { type, plural } = parsed;
    if (plural && args.name !== undefined) throw new UsageError(`"get ${args.type}" lists; to show one, use "kumactl get ${type.singular} ${args.name}"`);
    if (!plural && args.name === undefined) throw new UsageError(`"get ${args.type}" needs a NAME; to list, use "kumactl get ${type.plural}"`);
    const { client, target } = this.connect(flags);
    const mesh = flags.mesh ?? target.defaultMesh ?? 'default';
    await this.checkVersion(client);
    const format = flags.output as 'table' | 'yaml' | 'json';
    const now = new Date();
    if (plural) {
      const page = await client.list(type, { mesh, allMeshes: flags['all-meshes'] }, { ...(flags.size ? { size: flags.size } : {}), ...(flags.offset ? { offset: flags.offset } : {}) });
      process.stdout.write(renderList(type, page, format, now));
      return;
    }
    const resource = await client.get(type, mesh, args.name!);
    if (!resource) throw new UserError(type.scope === 'Mesh' ? `No resources found in ${mesh} mesh` : 'No resources found', ExitCode.REJECTED);
    process.stdout.write(renderOne(type, resource, format, now));
  }
}

export function unknownType(name: string): UsageError {
  const names = RESOURCE_TYPES.filter((t) => t.cli).flatMap((t) => [t.singular, t.plural]);
  const hint = closest(name, names) ?? suggestTypeNames(name).map((n) => n.toLowerCase())[0];
  return new UsageError(`unknown resource type "${name}"${hint ? `; did you mean "${hint}"?` : ''}`, "'kumactl get --help' lists the types");
}
