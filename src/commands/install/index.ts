import { NotImplementedCommand } from '../../not-implemented-command.js';

export default class Install extends NotImplementedCommand {
  static override summary = 'Not implemented: Kubernetes and host installs (use Helm or the Go kumactl)';
  static override description = NotImplementedCommand.describe('install');
  static override examples = ['<%= config.bin %> install control-plane'];
  protected readonly family = 'install';
}
