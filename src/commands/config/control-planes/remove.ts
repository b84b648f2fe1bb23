import { Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import { loadConfigFromFlags, requireFlags } from '../../../lib/config/flags.js';
import { saveConfig } from '../../../lib/config/index.js';
import { ExitCode, UserError } from '../../../lib/errors.js';

export default class ControlPlanesRemove extends BaseCommand {
  static override summary = 'Remove a Control Plane';
  static override description = `Removes the control plane NAME and every context that points at it. When the current context goes,
the first remaining context becomes current.`;

  static override examples = ['<%= config.bin %> config control-planes remove --name staging'];

  static override flags = {
    name: Flags.string({ summary: 'reference name for the Control Plane (required)' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ControlPlanesRemove);
    const { config, path } = loadConfigFromFlags(flags);
    requireFlags(flags, ['name'], "See 'kumactl config control-planes remove --help'.");
    const name = flags.name!;
    const controlPlanes = config.controlPlanes ?? [];
    if (!controlPlanes.some((cp) => cp.name === name)) throw new UserError(`there is no Control Plane with name ${JSON.stringify(name)}`, ExitCode.UNEXPECTED);
    config.controlPlanes = controlPlanes.filter((cp) => cp.name !== name);
    // every context pointing at it goes (kumactl can leave the second of two adjacent ones behind)
    const removed = new Set((config.contexts ?? []).filter((c) => c.controlPlane === name).map((c) => c.name));
    config.contexts = (config.contexts ?? []).filter((c) => c.controlPlane !== name);
    if (config.currentContext !== undefined && removed.has(config.currentContext)) config.currentContext = config.contexts[0]?.name ?? '';
    saveConfig(path, config);
    const current = config.contexts.find((c) => c.name === config.currentContext);
    process.stdout.write(`removed Control Plane ${JSON.stringify(name)}\n`);
    process.stdout.write(
      current
        ? `switched active Control Plane to ${JSON.stringify(current.controlPlane)}\n`
        : 'there is no active Control Plane left. Use `kumactl config control-planes add` to add a Control Plane and make it active\n',
    );
  }
}
