import { BaseCommand } from './base-command.js';
import type { GlobalFlagInput } from './lib/config/global.js';
import type { Target } from './lib/config/index.js';
import { connect, checkVersion } from './lib/client/connect.js';
import type { KumaClient } from './lib/client/index.js';

/**
 * A command that talks to a control plane: one client for the run (lib/client/connect.ts), kumactl's
 * version check, and the client closed at the end whatever happened.
 */
export abstract class ApiCommand extends BaseCommand {
  private client?: KumaClient;

  protected connect(flags: GlobalFlagInput): { client: KumaClient; target: Target } {
    const connected = connect(flags);
    this.client = connected.client;
    return connected;
  }

  protected checkVersion(client: KumaClient): Promise<void> {
    return checkVersion(client);
  }

  /** A client connected and version-checked only when first asked for (commands that may need none). */
  protected clientWhenNeeded(flags: GlobalFlagInput): () => Promise<KumaClient> {
    return async () => {
      const { client } = this.connect(flags);
      await this.checkVersion(client);
      return client;
    };
  }

  protected override async finally(err: Error | undefined): Promise<unknown> {
    await this.client?.close();
    return super.finally(err);
  }
}
