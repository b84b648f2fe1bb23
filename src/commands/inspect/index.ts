import { Args, Flags, loadHelpClass } from '@oclif/core';
import { ApiCommand } from '../../api-command.js';
import { UserError, ExitCode } from '../../lib/errors.js';
import { dataplanesForPolicy, renderInspect, type InspectFormat } from '../../lib/inspect/index.js';
import { meshFlag, outputFlag } from '../../lib/inspect/flags.js';
import { INSPECTABLE, resolveInspectTarget } from '../../lib/inspect/resolve.js';
import { renderMeshInsight } from '../../lib/inspect/meshes.js';
import { currentMesh } from '../../lib/meshes/missing.js';

export default class Inspect extends ApiCommand {
  static override summary = 'Inspect Kuma resources';
  static override description = [
    'Besides the sub-commands below:',
    "  inspect <policy-type> NAME   the data plane proxies a policy selects (kuma-cp's /_resources/dataplanes), as kumactl's Type/Mesh/Name table with a Total",
    '  inspect mesh NAME            one row of inspect meshes (kumactl has only inspect meshes)',
    `Policy types: ${INSPECTABLE.map((t) => t.singular).join(', ')}`,
    'The local control plane answers inspect <policy-type> NAME with its own policy matching (Kuma 2.14\'s), as kuma-cp does.',
  ].join('\n');
  static override examples = [
    '<%= config.bin %> inspect meshtimeout mesh-timeout-all-team-a --mesh team-a',
    '<%= config.bin %> inspect meshtrafficpermission allow-all -m team-a -o json',
    '<%= config.bin %> inspect mesh team-a',
  ];

  static override args = {
    type: Args.string({ description: 'a policy type (singular), or mesh' }),
    name: Args.string({ description: 'name of the policy or mesh' }),
  };

  static override flags = {
    output: outputFlag,
    mesh: meshFlag,
    offset: Flags.integer({ summary: 'the offset for pagination', min: 0 }),
    'new-api': Flags.boolean({ summary: 'use the newer version of the inspect api (always on here: kept for kumactl scripts)', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Inspect);
    if (args.type === undefined) {
      // `kumactl inspect` alone: its help, as kumactl prints it
      const HelpClass = await loadHelpClass(this.config);
      return void (await new HelpClass(this.config).showHelp(['inspect']));
    }
    const target = resolveInspectTarget(args.type, args.name);
    const connected = this.connect(flags);
    const client = connected.client;
    await this.checkVersion(client);
    const format = flags.output as InspectFormat;
    if (target.kind === 'mesh') {
      const insight = await client.meshInsight(target.name);
      if (!insight) throw new UserError(`mesh "${target.name}" not found`, ExitCode.REJECTED, "'kumactl get meshes' lists the meshes");
      return void process.stdout.write(renderMeshInsight(insight, format));
    }
    const mesh = currentMesh(flags.mesh, connected.target);
    const list = await dataplanesForPolicy(client, target.type, mesh, target.name, { ...(flags.offset ? { offset: flags.offset } : {}) });
    process.stdout.write(renderInspect('policy-dataplanes', list, format, new Date()));
  }
}
