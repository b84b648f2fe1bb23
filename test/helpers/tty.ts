import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cliEnv, ROOT, type CliResult } from './cli.js';

const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url));
const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * Run the built CLI on a terminal, as a person at a shell would: util-linux `script` gives it a
 * pseudo-terminal, so stdout and stderr are both TTYs and arrive merged in `stdout`, with the
 * terminal's `\r\n` turned back into `\n`. `code` is the CLI's exit code.
 */
export function kumactlOnTerminal(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], { cwd: ROOT, env: cliEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: stdout.replaceAll('\r\n', '\n'), stderr }));
  });
}
