import type { Hook } from '@oclif/core';
import { Errors } from '@oclif/core';
import { describeError } from '../lib/errors.js';
import { unknownCommand, commandWords } from '../lib/cli/unknown-command.js';

/**
 * oclif calls this when the words of a command line name no command: kumactl's message (cobra's
 * "unknown command ... Did you mean this?") instead of oclif's `command x:y not found`, exit 2.
 */
const hook: Hook<'command_not_found'> = async function (options) {
  const { text, exitCode } = describeError(unknownCommand(options.id.split(':'), commandWords(options.config)));
  process.stderr.write(`${text}\n`);
  throw new Errors.ExitError(exitCode);
};

export default hook;
