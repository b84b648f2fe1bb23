import { Command } from '@oclif/core';
import { INSTALL_SUBCOMMANDS, notImplementedLine, UNINSTALL_SUBCOMMANDS } from './lib/not-implemented.js';

/**
 * `install` and `uninstall`: kumactl's commands that act on a Kubernetes cluster or on the host. Nothing is
 * parsed (any flag kumactl's command takes must reach the one line, not an 'unknown flag' error); the line says
 * what to use instead, and the exit code is 2.
 */
export abstract class NotImplementedCommand extends Command {
  static override strict = false;

  protected abstract readonly family: 'install' | 'uninstall';

  static describe(family: 'install' | 'uninstall'): string {
    const subcommands = family === 'install' ? INSTALL_SUBCOMMANDS : UNINSTALL_SUBCOMMANDS;
    return `kumactl's '${family}' commands (${subcommands.join(', ')}) act on a Kubernetes cluster or on the host, not on a control plane's API, and are out of this tool's scope. Each prints one line saying what to use instead (Helm, or the Go kumactl) and exits 2.`;
  }

  async run(): Promise<void> {
    process.stderr.write(notImplementedLine(this.family, this.argv));
    this.exit(2);
  }
}
