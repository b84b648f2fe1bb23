import { Help, Errors } from '@oclif/core';
import { describeError } from './lib/errors.js';
import { unknownCommand, commandWords } from './lib/cli/unknown-command.js';

/**
 * oclif's help, except for words that name no command (`kumactl gte --help`): the same message as
 * without --help (src/hooks/command-not-found.ts), not oclif's `Command gte not found.`
 */
export default class KumactlHelp extends Help {
  override async showHelp(argv: string[]): Promise<void> {
    try {
      await super.showHelp(argv);
    } catch (err) {
      const match = /^Command (.+) not found\.$/.exec((err as Error).message ?? '');
      if (!match) throw err;
            const { text, exitCode } = describeError(unknownCommand(match[1]!.split(':'), commandWords(this.config)));
      process.stderr.write(`${text}\n`);
      throw new Errors.ExitError(exitCode);
    }
  }
}
