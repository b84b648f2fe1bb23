import { Args, Flags } from '@oclif/core';
import { ApiCommand } from '../../api-command.js';
import { envoyView } from '../../lib/inspect/index.js';
import { UsageError } from '../../lib/errors.js';
import { outputFlag } from '../../lib/inspect/flags.js';

export default class InspectZoneEgress extends ApiCommand {
  static override summary = 'Inspect ZoneEgress';
  static override description =
    'The Envoy config dump (default), stats or clusters of a zone egress proxy, read through the control plane. Policies do not apply to a ZoneEgress. The local control plane has no connected proxies: it answers "not supported by the local control plane yet" (exit 4).';
  static override examples = ['<%= config.bin %> inspect zoneegress zoneegress-1', '<%= config.bin %> inspect zoneegress zoneegress-1 --type stats'];
  static override args = { name: Args.string({ description: 'name of the ZoneEgress', required: true }) };
  static override flags = {
    // kumactl's inspect takes -o on every sub-command; this one prints text whatever it says
    output: { ...outputFlag, summary: 'accepted as kumactl accepts it; this view is text' },
    type: Flags.string({ summary: 'inspection type', options: ['config-dump', 'stats', 'clusters', 'policies'], default: 'config-dump' }),
    'config-dump': Flags.boolean({ summary: 'if set then the command returns envoy config dump (deprecated: use --type=config-dump)', default: false }),
    'include-eds': Flags.boolean({ summary: 'include EDS when dumping envoy config', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(InspectZoneEgress);
    const type = flags['config-dump'] ? 'config-dump' : flags.type;
    if (flags['config-dump']) process.stderr.write('Flag --config-dump has been deprecated, use --type=config-dump\n');
    if (flags['include-eds'] && type !== 'config-dump') throw new UsageError("flag '--include-eds' can be used only when '--type=config-dump'");
    if (type === 'policies') throw new UsageError("Policies are not applied on ZoneEgress, please use '--config-dump' flag to get envoy config dump of the ZoneEgress");
    const { client } = this.connect(flags);
    await this.checkVersion(client);
    const base = `/zoneegresses/${encodeURIComponent(args.name)}`;
    const view = type === 'config-dump' ? 'xds' : type;
    process.stdout.write(await envoyView(client, `${base}/${view}`, type === 'config-dump' ? { include_eds: String(flags['include-eds']) } : {}));
  }
}
