import { Args } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { completionScript, type Shell } from '../lib/completion.js';

export default class Completion extends BaseCommand {
  static override summary = 'Output shell completion code for bash, fish or zsh';
  static override description = `Completes commands and resource types (kumactl get <TAB>, kumactl delete <TAB>).
  bash:  source <(kumactl completion bash)       (or save it to ~/.kumactl-completion and source that)
  zsh:   kumactl completion zsh > "\${fpath[1]}/_kumactl"
  fish:  kumactl completion fish > ~/.config/fish/completions/kumactl.fish`;

  static override examples = ['<%= config.bin %> completion bash'];
  static override args = { shell: Args.string({ required: true, options: ['bash', 'zsh', 'fish'], description: 'the shell' }) };

  async run(): Promise<void> {
    const { args } = await this.parse(Completion);
    process.stdout.write(completionScript(args.shell as Shell));
  }
}
