import type { Hook } from '@oclif/core';
import { Errors, loadHelpClass } from '@oclif/core';
import { describeError } from '../lib/errors.js';
import { unknownCommand, commandWords } from '../lib/cli/unknown-command.js';

/**
 * oclif calls this when the words of a command line name no command: kumactl's message (cobra's
 * "unknown command ... Did you mean this?") instead of oclif's `command x:y not found`, exit 2.
 */
const hook: Hook<'command_not_found'> = async function (options) {
  const words = options.id.split(':');
  // cobra's `help` command: `kumactl help get` is `kumactl get --help`
  if (words[0] === 'help') {
    const Help = await loadHelpClass(options.config);
    await new Help(options.config).showHelp(words.slice(1));
    return;
  }
  const { text, exitCode } = describeError(unknownCommand(words, commandWords(options.config)));
  process.stderr.write(`${text}\n`);
  throw new Errors.ExitError(exitCode);
};

export default hook;
