/** Exit codes, documented in the README. One table for the whole tool. */
export const ExitCode = {
  OK: 0,
  UNEXPECTED: 1,
  USAGE: 2,
  INVALID_INPUT: 3,
  REJECTED: 4,
  UNREACHABLE: 5,
  PARTIAL: 6,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error meant for the user: printed as `Error: <message>` without a stack trace,
 * and the process exits with `exitCode`.
 */
export class UserError extends Error {
  readonly exitCode: ExitCode;
  readonly hint?: string;
  constructor(message: string, exitCode: ExitCode = ExitCode.UNEXPECTED, hint?: string) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

export class UsageError extends UserError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.USAGE, hint);
    this.name = 'UsageError';
  }
}

export class InputError extends UserError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.INVALID_INPUT, hint);
    this.name = 'InputError';
  }
}

/**
 * How an error reaches the user: `Error: <message>` (and the hint) on stderr, and the exit code.
 * A stack trace only with KUMACTL_DEBUG set. `usage` marks a command-line parse error.
 */
export function describeError(err: Error, usage?: { command: string }): { text: string; exitCode: ExitCode } {
  let exitCode: ExitCode;
  let text: string;
  if (err instanceof UserError) {
    exitCode = err.exitCode;
    text = `Error: ${err.message}${err.hint ? `\n${err.hint}` : ''}`;
  } else if (usage) {
    exitCode = ExitCode.USAGE;
    text = `Error: ${err.message.trim()}\nSee 'kumactl ${usage.command} --help'.`;
  } else {
    exitCode = ExitCode.UNEXPECTED;
    text = `Error: ${err.message}`;
  }
  if (process.env.KUMACTL_DEBUG && err.stack) text += `\n${err.stack}`;
  return { text, exitCode };
}
