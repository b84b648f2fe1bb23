import { Args, Flags } from '@oclif/core';
import { ApiCommand } from '../api-command.js';
import { UsageError, UserError, ExitCode } from '../lib/errors.js';
import { parseCliName, RESOURCE_TYPES, typeByName } from '../lib/resources/registry.js';
import { closest } from '../lib/text.js';
import { inMesh, chooseMesh } from '../lib/meshes/missing.js';

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
    const parsed = parseCliName(args.type);
    if (!parsed || parsed.plural || !parsed.type.cli) {
      const allowed = RESOURCE_TYPES.filter((t) => t.cli).flatMap((t) => [t.singular, ...t.aliases]).sort();
      const hint = closest(args.type, allowed);
      throw new UsageError(`unknown TYPE: ${args.type}. Allowed values: ${allowed.join(', ')}`, hint ? `did you mean "${hint}"?` : undefined);
    }
    const { type } = parsed;
    if (type.readOnly) throw new UsageError(`TYPE: ${args.type} is readOnly, can't use it for write action`);
    const { mesh, choice } = chooseMesh(flags.mesh, target.defaultMesh);
    // what a mesh takes with it, counted before it goes
    const insight = type.name === 'Mesh' ? await client.meshInsight(args.name) : undefined;
    const remove = () => client.delete(type, mesh, args.name);
    const deleted = await (type.scope === 'Mesh' ? inMesh(client, mesh, choice, remove) : remove());
    if (!deleted) {
      if (flags['ignore-not-found']) return;
      throw new UserError(`there is no ${type.name} with name "${args.name}"`, ExitCode.REJECTED);
    }
    process.stdout.write(`deleted ${type.name} "${args.name}"\n`);
    if (insight) {
      const went = cascadeSummary(insight);
      if (went) process.stdout.write(`  and everything in it: ${went}\n`);
    }
  }
}

/** `2 MeshTimeouts, 1 MeshRetry, 3 Secrets` from a MeshInsight's counts. */
export function cascadeSummary(insight: Record<string, unknown>): string {
  const counts: Array<[string, number]> = [];
  const dataplanes = (insight.dataplanes as { total?: number } | undefined)?.total ?? 0;
  if (dataplanes > 0) counts.push(['Dataplane', dataplanes]);
  for (const group of ['policies', 'resources']) {
    const byType = (insight[group] ?? {}) as Record<string, { total?: number }>;
    for (const [name, v] of Object.entries(byType)) if ((v.total ?? 0) > 0) counts.push([name, v.total ?? 0]);
  }
  return counts
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, n]) => `${n} ${n === 1 ? name : (typeByName(name)?.pluralDisplayName.replace(/ /g, '') ?? `${name}s`)}`)
    .join(', ');
}
