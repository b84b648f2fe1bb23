import { Command } from '@oclif/core';
import { notImplementedLine, UNINSTALL_SUBCOMMANDS } from '../../lib/not-implemented.js';

export default class Uninstall extends Command {
  static override summary = 'Not implemented: host-level uninstalls (use the Go kumactl)';
  static override description = `kumactl's 'uninstall' commands (${UNINSTALL_SUBCOMMANDS.join(', ')}) act on a Kubernetes cluster or on the host, not on a control plane's API, and are out of this tool's scope. Each prints one line saying what to use instead (Helm, or the Go kumactl) and exits 2.`;
  static override examples = ['<%= config.bin %> uninstall transparent-proxy'];
  static override strict = false;

  async run(): Promise<void> {
    // not parsed: any flag kumactl's command takes must reach this line, not an 'unknown flag' error
    process.stderr.write(notImplementedLine('uninstall', this.argv));
    this.exit(2);
  }
}
