import { Command, Errors } from '@oclif/core';
import { describeError } from './lib/errors.js';
import { globalFlags } from './lib/config/flags.js';

/**
 * Every command extends this: one place maps errors to the exit codes of the README and prints them
 * as `Error: ...` without a stack trace (set KUMACTL_DEBUG=1 to see one).
 */
export abstract class BaseCommand extends Command {
  /** Accepted by every command, before or after it (bin/run.js moves leading ones after the command). */
  static override baseFlags = globalFlags;

  protected override async catch(err: Error & { oclif?: { exit?: number }; code?: string }): Promise<unknown> {
    if (err instanceof Errors.ExitError || err.code === 'EEXIT') throw err;
    const { text, exitCode } = describeError(err, isParseError(err) ? { command: this.id?.replace(/:/g, ' ') ?? '' } : undefined);
    process.stderr.write(`${text}\n`);
    throw new Errors.ExitError(exitCode);
  }
}

/** A command line oclif could not parse: its parser's errors are CLIErrors with exit 2 (ours are UserErrors). */
function isParseError(err: Error): boolean {
  return err instanceof Errors.CLIError && err.oclif?.exit === 2;
}
