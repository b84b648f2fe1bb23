import { BaseCommand } from '../../../base-command.js';
import { loadConfigFromFlags } from '../../../lib/config/flags.js';
import { formatTable } from '../../../lib/output/table.js';
import { maskUrl } from '../../../lib/config/index.js';

export default class ControlPlanesList extends BaseCommand {
  static override summary = 'List Control Planes';
  static override description = 'Lists the control planes of the configuration file in file order; ACTIVE marks the one of the current context.';
  static override examples = ['<%= config.bin %> config control-planes list'];

  async run(): Promise<void> {
    const { flags } = await this.parse(ControlPlanesList);
    const { config } = loadConfigFromFlags(flags);
    const active = config.contexts?.find((c) => c.name === config.currentContext)?.controlPlane;
    const rows = (config.controlPlanes ?? []).map((cp) => [active !== undefined && cp.name === active ? '*' : '', cp.name, maskUrl(cp.coordinates?.apiServer?.url ?? '')]);
    process.stdout.write(formatTable(['ACTIVE', 'NAME', 'ADDRESS'], rows));
  }
}
