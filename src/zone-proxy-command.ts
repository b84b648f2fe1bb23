import { Args, Flags } from '@oclif/core';
import { ApiCommand } from './api-command.js';
import { envoyView } from './lib/inspect/index.js';
import { UsageError } from './lib/errors.js';
import { outputFlag } from './lib/inspect/flags.js';

/** `inspect zoneingress NAME` and `inspect zoneegress NAME`: one command, two kinds of zone proxy. */
export function zoneProxyCommand(kind: 'ZoneIngress' | 'ZoneEgress') {
  const word = kind === 'ZoneIngress' ? 'ingress' : 'egress';
  const singular = kind.toLowerCase();
  return class InspectZoneProxy extends ApiCommand {
    static override summary = `Inspect ${kind}`;
    static override description = `The Envoy config dump (default), stats or clusters of a zone ${word} proxy, read through the control plane. Policies do not apply to a ${kind}. The local control plane has no connected proxies: it answers "not supported by the local control plane yet" (exit 4).`;
    static override examples = [`<%= config.bin %> inspect ${singular} ${singular}-1`, `<%= config.bin %> inspect ${singular} ${singular}-1 --type stats`];
    static override args = { name: Args.string({ description: `name of the ${kind}`, required: true }) };
    static override flags = {
      // kumactl's inspect takes -o on every sub-command; this one prints text whatever it says
      output: { ...outputFlag, summary: 'accepted as kumactl accepts it; this view is text' },
      type: Flags.string({ summary: 'inspection type', options: ['config-dump', 'stats', 'clusters', 'policies'], default: 'config-dump' }),
      'config-dump': Flags.boolean({ summary: 'if set then the command returns envoy config dump (deprecated: use --type=config-dump)', default: false }),
      'include-eds': Flags.boolean({ summary: 'include EDS when dumping envoy config', default: false }),
    };

    async run(): Promise<void> {
      const { args, flags } = await this.parse(InspectZoneProxy);
      const type = flags['config-dump'] ? 'config-dump' : flags.type;
      if (flags['config-dump']) process.stderr.write('Flag --config-dump has been deprecated, use --type=config-dump\n');
      if (flags['include-eds'] && type !== 'config-dump') throw new UsageError("flag '--include-eds' can be used only when '--type=config-dump'");
      if (type === 'policies') throw new UsageError(`Policies are not applied on ${kind}, please use '--config-dump' flag to get envoy config dump of the ${kind}`);
      const { client } = this.connect(flags);
      await this.checkVersion(client);
      const base = `/${singular}es/${encodeURIComponent(args.name)}`;
      const view = type === 'config-dump' ? 'xds' : type;
      process.stdout.write(await envoyView(client, `${base}/${view}`, type === 'config-dump' ? { include_eds: String(flags['include-eds']) } : {}));
    }
  };
}
