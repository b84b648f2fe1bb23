import { Command } from '@oclif/core';
import { notImplementedLine, INSTALL_SUBCOMMANDS } from '../../lib/not-implemented.js';

export default class Install extends Command {
  static override summary = 'Not implemented: Kubernetes and host installs (use Helm or the Go kumactl)';
  static override description = `kumactl's 'install' commands (${INSTALL_SUBCOMMANDS.join(', ')}) act on a Kubernetes cluster or on the host, not on a control plane's API, and are out of this tool's scope. Each prints one line saying what to use instead (Helm, or the Go kumactl) and exits 2.`;
  static override examples = ['<%= config.bin %> install control-plane'];
  static override strict = false;

  async run(): Promise<void> {
    // not parsed: any flag kumactl's command takes must reach this line, not an 'unknown flag' error
    process.stderr.write(notImplementedLine('install', this.argv));
    this.exit(2);
  }
}
