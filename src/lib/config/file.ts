/** The config file on disk: where it lives, first-use creation, reading, and writing (./atomic-write.ts). */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode, UserError } from '../errors.js';
import { defaultConfig, type KumactlConfig } from './model.js';
import { parseConfig } from './decode.js';
import { serializeConfig } from './serialize.js';
import { writeFileAtomic } from './atomic-write.js';
import { goPathError } from '../go/os.js';

/** `--config-file`, else `KUMACTL_CONFIG`, else `$HOME/.kumactl/config`. */
export function configPath(flags: { configFile?: string }, env: NodeJS.ProcessEnv = process.env): string {
  if (flags.configFile) return flags.configFile;
  if (env.KUMACTL_CONFIG) return env.KUMACTL_CONFIG;
  return join(env.HOME ?? '', '.kumactl', 'config');
}

/**
 * The configuration a command runs with. `noConfig`: the built-in default, nothing read or written.
 * Otherwise the file is created with the default on first use (directories 0755, file 0600), then read.
 */
export function loadConfig(opts: { configFile?: string; noConfig?: boolean }, env: NodeJS.ProcessEnv = process.env): { config: KumactlConfig; path: string } {
  const path = configPath(opts, env);
  if (opts.noConfig) return { config: defaultConfig(), path };
  createConfigOnFirstUse(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(`Failed to read configuration from file ${JSON.stringify(path)}: ${goPathError(err, 'read', path)}`, ExitCode.UNEXPECTED);
  }
  try {
    return { config: parseConfig(text), path };
  } catch (err) {
    throw new UserError(`Failed to parse configuration from file ${JSON.stringify(path)}: ${(err as Error).message}`, ExitCode.UNEXPECTED);
  }
}

/** kumactl's first use: the file is created with the default configuration when there is none. */
export function createConfigOnFirstUse(path: string): void {
  if (!pathExists(path)) saveConfig(path, defaultConfig());
}

/** Write the configuration atomically (temp file + rename in the same directory), mode 0600. */
export function saveConfig(path: string, config: KumactlConfig): void {
  try {
    writeFileAtomic(path, serializeConfig(config));
  } catch (err) {
    throw new UserError(`Failed to save configuration to file ${JSON.stringify(path)}: ${goPathError(err, 'open', path)}`, ExitCode.UNEXPECTED);
  }
}

/** As Go's os.Stat + IsNotExist: only a missing file (or a dangling link) counts as absent. */
function pathExists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return !(code === 'ENOENT' || code === 'ENOTDIR');
  }
}
