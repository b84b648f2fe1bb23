import { BaseCommand } from '../base-command.js';
import { complete } from '../lib/completion.js';

/** Called by the completion scripts: candidates for the last word, one a line. */
export default class CompleteWords extends BaseCommand {
  static override hidden = true;
  static override strict = false;
  static override summary = 'Completion candidates (used by the completion scripts)';

  async run(): Promise<void> {
    const { argv } = await this.parse(CompleteWords);
    const words = (argv as string[]).length > 0 ? (argv as string[]) : [''];
    const out = complete(words, this.config.commands.map((c) => c.id));
    if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
  }
}
