import { Args, Flags } from '@oclif/core';
import { ApiCommand } from '../../api-command.js';
import { dataplanePolicies, envoyView } from '../../lib/inspect/index.js';
import { renderDataplanePolicies } from '../../lib/inspect/dataplane-policies.js';
import { dataplaneRules, renderDataplaneRules } from '../../lib/inspect/dataplane-rules.js';
import { meshFlag, outputFlag } from '../../lib/inspect/flags.js';
import { UsageError } from '../../lib/errors.js';
import { formatJson } from '../../lib/output/json.js';
import { formatYaml } from '../../lib/output/yaml.js';
import { currentMesh } from '../../lib/meshes/missing.js';

const TYPES = ['policies', 'rules', 'config-dump', 'stats', 'clusters', 'config'] as const;

export default class InspectDataplane extends ApiCommand {
  static override summary = 'Inspect Dataplane';
  static override description = [
    'What kuma-cp knows about one data plane proxy: the policies matched on each of its inbounds, outbounds and services (--type policies, the default), or its Envoy config dump, stats, clusters or computed config.',
    "--type policies reads GET /meshes/{mesh}/dataplanes/{name}/policies, as kumactl 2.14 does, and prints kumactl's text: each attachment (DATAPLANE, INBOUND, OUTBOUND, SERVICE) with the policies matched on it, by type; -o yaml|json prints the document itself. The local control plane answers it with its policy-matching engine (targetRef policies, listed on DATAPLANE as kuma-cp 2.14 lists them); for the merged rules of each inbound, outbound and route, see --type rules.",
    "--type rules (ours; kumactl has no such type) reads GET .../_rules and prints, per policy type, each place of the proxy (the whole proxy, an inbound, an outbound, a route), the policies its conf is merged from (in merge order: the last wins) and the merged conf; -o yaml|json prints the document.",
    'The local control plane has no connected proxies: the Envoy views (config-dump, stats, clusters, config) answer "not supported by the local control plane yet" (exit 4). Against kuma-cp every type works as with kumactl.',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> inspect dataplane web-1 --mesh team-a',
    '<%= config.bin %> inspect dataplane web-1 --mesh team-a --output json',
    '<%= config.bin %> inspect dataplane web-1 --mesh team-a --type rules',
    '<%= config.bin %> inspect dataplane web-1 --mesh team-a --type config-dump --include-eds',
    '<%= config.bin %> inspect dataplane web-1 --type config --shadow --include diff',
  ];

  static override args = { name: Args.string({ description: 'name of the data plane proxy', required: true }) };
  static override flags = {
    // kumactl's inspect takes -o on every sub-command and prints this view as text whatever it says; ours gives the document
    output: { ...outputFlag, summary: "table (kumactl's text), or the control plane's document as yaml or json (--type policies)" },
    mesh: meshFlag,
    type: Flags.string({ summary: 'inspection type (rules: ours, the merged rules of each inbound, outbound and route)', options: [...TYPES], default: 'policies' }),
    'config-dump': Flags.boolean({ summary: 'if set then the command returns envoy config dump for provided dataplane (deprecated: use --type=config-dump)', default: false }),
    'include-eds': Flags.boolean({ summary: 'include EDS when dumping envoy config for dataplane', default: false }),
    shadow: Flags.boolean({ summary: "when computing XDS config the CP takes into account policies with 'kuma.io/effect: shadow' label", default: false }),
    include: Flags.string({ summary: "extra fields to include in the response (--type config); 'diff' computes a JSONPatch against the current proxy config", multiple: true }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(InspectDataplane);
    const type = flags['config-dump'] ? 'config-dump' : flags.type;
    if (flags['config-dump']) process.stderr.write('Flag --config-dump has been deprecated, use --type=config-dump\n');
    const include = (flags.include ?? []).flatMap((v) => v.split(','));
    if (flags.shadow && type !== 'config') throw new UsageError("flag '--shadow' can be used only when '--type=config'");
    if (include.length > 0 && type !== 'config') throw new UsageError("flag '--include' can be used only when '--type=config'");
    if (flags['include-eds'] && type !== 'config-dump') throw new UsageError("flag '--include-eds' can be used only when '--type=config-dump'");
    const { client, target } = this.connect(flags);
    await this.checkVersion(client);
    const mesh = currentMesh(flags.mesh, target);
    if (type === 'rules') {
      const doc = await dataplaneRules(client, mesh, args.name);
      const text = flags.output === 'json' ? formatJson(doc) : flags.output === 'yaml' ? formatYaml(doc) : renderDataplaneRules(doc);
      return void process.stdout.write(text);
    }
    if (type === 'policies') {
      const answer = await dataplanePolicies(client, mesh, args.name);
      const text = flags.output === 'json' ? formatJson(answer) : flags.output === 'yaml' ? formatYaml(answer) : renderDataplanePolicies(answer);
      return void process.stdout.write(text);
    }
    const base = `/meshes/${encodeURIComponent(mesh)}/dataplanes/${encodeURIComponent(args.name)}`;
    const views: Record<string, [string, Record<string, string | string[]>]> = {
      'config-dump': ['xds', { include_eds: String(flags['include-eds']) }],
      stats: ['stats', {}],
      clusters: ['clusters', {}],
      config: ['_config', { shadow: String(flags.shadow), include }],
    };
    const [path, query] = views[type]!;
    process.stdout.write(await envoyView(client, `${base}/${path}`, query));
  }
}
