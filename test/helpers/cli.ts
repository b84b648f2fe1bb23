import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a CLI run: the test's, without vitest's NODE_ENV=test (with it oclif looks for
 * TypeScript sources first, and each run takes 0.3 s longer than a user's), without colour.
 */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  if (!('NODE_ENV' in extra)) delete env.NODE_ENV;
  return env;
}

/** Run the built CLI as a user would, in a child process. */
export function kumactl(args: string[], options: { stdin?: string | Buffer; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
  if (!existsSync(new URL('../../dist/commands/validate.js', import.meta.url))) {
    throw new Error('dist/ is missing: run `npm run build` first (`npm test` builds before testing)');
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: cliEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** The input documents of an area's e2e tests: `test/fixtures/<area>/NAME.input.yaml`. */
export function fixturesIn(area: string): (name: string) => string {
  return (name) => readFileSync(join(ROOT, 'test', 'fixtures', area, `${name}.input.yaml`), 'utf8');
}
