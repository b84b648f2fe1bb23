import { NotImplementedCommand } from '../../not-implemented-command.js';

export default class Uninstall extends NotImplementedCommand {
  static override summary = 'Not implemented: host-level uninstalls (use the Go kumactl)';
  static override description = NotImplementedCommand.describe('uninstall');
  static override examples = ['<%= config.bin %> uninstall transparent-proxy'];
  protected readonly family = 'uninstall';
}
