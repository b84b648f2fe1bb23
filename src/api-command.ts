import { BaseCommand } from './base-command.js';
import { loadConfigFromFlags, type GlobalFlagInput } from './lib/config/flags.js';
import { resolveTarget, type Target } from './lib/config/index.js';
import { KumaClient } from './lib/client/index.js';
import { KUMA_VERSION, PRODUCT } from './lib/version.js';

/**
 * A command that talks to a control plane: reads the config (or the pipeline overrides), builds one
 * client for the run, checks the server's version as kumactl does, and closes the client at the end.
 */
export abstract class ApiCommand extends BaseCommand {
  private client?: KumaClient;

  /** The control plane to talk to (--cp-address / KUMACTL_CP_ADDRESS, or the config file) and one client for it. */
  protected connect(flags: GlobalFlagInput): { client: KumaClient; target: Target } {
    const { config, options } = loadConfigFromFlags(flags);
    const target = resolveTarget(config, {
      ...(options.context !== undefined ? { context: options.context } : {}),
      ...(options.cpAddress ? { cpAddress: options.cpAddress } : {}),
      ...(process.env.KUMACTL_CP_TOKEN ? { token: process.env.KUMACTL_CP_TOKEN } : {}),
    });
    this.client = new KumaClient({ apiServer: target.apiServer, timeoutMs: options.apiTimeoutMs, warn: (m) => process.stderr.write(`Warning: ${m}\n`) });
    return { client: this.client, target };
  }

  /** kumactl's compatibility check: a warning on stderr, never fatal. */
  protected async checkVersion(client: KumaClient): Promise<void> {
    try {
      const index = await client.index();
      if (index.version.includes('preview')) return;
      if (index.version !== KUMA_VERSION || index.product !== PRODUCT) {
        // kumactl's text, with the server's product and version in its (swapped) order
        process.stderr.write(`WARNING: You are using kumactl version ${KUMA_VERSION} for ${PRODUCT}, but the server returned version: ${index.product} for ${index.version}\n`);
      }
    } catch (err) {
      process.stderr.write(`WARNING: Failed to retrieve server version, can't check compatibility: Unable to retrieve server version: ${(err as Error).message}\n`);
    }
  }

  protected override async finally(err: Error | undefined): Promise<unknown> {
    await this.client?.close();
    return super.finally(err);
  }
}
