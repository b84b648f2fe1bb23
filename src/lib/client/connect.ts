import { readGlobalFlags, type GlobalFlagInput } from '../config/global.js';
import { configPath, createConfigOnFirstUse, loadConfig, resolveTarget, type Target } from '../config/index.js';
import { KUMA_VERSION, PRODUCT } from '../version.js';
import { KumaClient, NotKumaError, type ClientOptions } from './index.js';

/**
 * The control plane to talk to (--cp-address / KUMACTL_CP_ADDRESS, or the config file) and one client
 * for it; `overrides` for callers that must not wait (shell completion).
 */
export function connect(flags: GlobalFlagInput, overrides: Partial<Pick<ClientOptions, 'timeoutMs' | 'attempts' | 'warn'>> = {}): { client: KumaClient; target: Target } {
  const options = readGlobalFlags(flags);
  const where = { ...(options.configFile ? { configFile: options.configFile } : {}), noConfig: options.noConfig };
  // --cp-address names the control plane: the config file has nothing more to say, so it is not read
  // (only created on first use, as every kumactl command does)
  if (options.cpAddress && !options.noConfig) createConfigOnFirstUse(configPath(where));
  const config = options.cpAddress ? {} : loadConfig(where).config;
  const target = resolveTarget(config, {
    ...(options.context !== undefined ? { context: options.context } : {}),
    ...(options.cpAddress ? { cpAddress: options.cpAddress } : {}),
    ...(process.env.KUMACTL_CP_TOKEN ? { token: process.env.KUMACTL_CP_TOKEN } : {}),
  });
  const client = new KumaClient({ apiServer: target.apiServer, timeoutMs: options.apiTimeoutMs, warn: (m) => process.stderr.write(`Warning: ${m}\n`), ...overrides });
  return { client, target };
}

/** kumactl's compatibility check: a warning on stderr, never fatal. */
export async function checkVersion(client: KumaClient): Promise<void> {
  try {
    const index = await client.index();
    if (index.version.includes('preview')) return;
    if (index.version !== KUMA_VERSION || index.product !== PRODUCT) {
      // kumactl's text, with the server's product and version in its (swapped) order
      process.stderr.write(`WARNING: You are using kumactl version ${KUMA_VERSION} for ${PRODUCT}, but the server returned version: ${index.product} for ${index.version}\n`);
    }
  } catch (err) {
    // an address that is not a Kuma control plane: the command's own request says so, once
    if (err instanceof NotKumaError) return;
    process.stderr.write(`WARNING: Failed to retrieve server version, can't check compatibility: Unable to retrieve server version: ${(err as Error).message}\n`);
  }
}
