import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { UsageError } from '../errors.js';
import { ControlPlaneEngine } from './engine.js';
import { ControlPlaneServer } from './server.js';
import { KeyPool } from './pki/index.js';
import { openStore } from './store/index.js';
import { loadSeed, type SeedResource } from './seed.js';

export { readSeed, seedResources, seedResourcesFromText, loadSeed, type SeedResource } from './seed.js';

export interface ControlPlaneOptions {
  address?: string;
  port?: number;
  /** `memory` (default) or `sqlite:PATH`. */
  store?: string;
  skipDefaultMesh?: boolean;
  readOnly?: boolean;
  adminToken?: string;
  tlsCertFile?: string;
  tlsKeyFile?: string;
  /** Keys generated ahead of need, so creating meshes is fast (0 disables). */
  keyPoolSize?: number;
  /**
   * Resources written into the store, as written, before the control plane listens (`--seed`). When
   * given (even empty), no default mesh and no default policies are created.
   */
  seed?: readonly SeedResource[];
  /** Bound of the caches of rendered list items and pages, in bytes (0: none). */
  renderCacheBytes?: number;
}

export interface RunningControlPlane {
  url: string;
  engine: ControlPlaneEngine;
  /** Stop accepting, finish requests in flight, close the store. */
  close(): Promise<void>;
}

export function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || (isIP(address) === 4 && address.startsWith('127.'));
}

/** Start a local control plane that answers Kuma 2.14's HTTP API. */
export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<RunningControlPlane> {
  const address = options.address ?? '127.0.0.1';
  if (!isLoopback(address) && !options.adminToken) {
    throw new UsageError(`refusing to listen on ${address} without --admin-token: anyone who can reach it could change every mesh`, 'pass --admin-token TOKEN, or keep the default address 127.0.0.1');
  }
  if ((options.tlsCertFile === undefined) !== (options.tlsKeyFile === undefined)) {
    throw new UsageError('--tls-cert-file and --tls-key-file go together');
  }
  const tls = options.tlsCertFile && options.tlsKeyFile ? { cert: readFileSync(options.tlsCertFile), key: readFileSync(options.tlsKeyFile) } : undefined;
  const store = openStore(options.store ?? 'memory');
  const keys = new KeyPool(options.keyPoolSize ?? 2);
  const engine = new ControlPlaneEngine(store, {
    readOnly: options.readOnly ?? false,
    keys,
    ...(options.renderCacheBytes !== undefined ? { renderCacheBytes: options.renderCacheBytes } : {}),
  });
  try {
    await engine.boot({ skipDefaultMesh: (options.skipDefaultMesh ?? false) || options.seed !== undefined });
    if (options.seed !== undefined) loadSeed(store, options.seed);
    const server = new ControlPlaneServer(engine, {
      address,
      port: options.port ?? 5681,
      ...(options.adminToken !== undefined ? { adminToken: options.adminToken } : {}),
      ...(tls ? { tls } : {}),
    });
    const url = await server.listen();
    return {
      url,
      engine,
      close: async () => {
        await server.close();
        keys.close?.();
        store.close();
      },
    };
  } catch (err) {
    store.close();
    throw err;
  }
}
