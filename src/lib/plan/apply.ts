import type { KumaClient } from '../client/index.js';
import type { LoadedResource } from '../manifest/load.js';
import { UserError, ExitCode } from '../errors.js';
import { compare } from './compare.js';
import { typeByName } from '../resources/registry.js';
import { SERVER_FIELDS } from '../resources/computed.js';
import { unifiedDiff } from './diff.js';
import { liveReader } from './live.js';

export type Action = 'created' | 'updated' | 'unchanged' | 'failed' | 'would-create' | 'would-update' | 'not-sent';

export interface ApplyResult {
  resource: LoadedResource;
  action: Action;
  error?: Error;
  warnings: string[];
  /** Dry run of an update: what would change. */
  diff?: string;
}

export interface ApplyOptions {
  concurrency: number;
  dryRun: boolean;
  /** Called once per resource as soon as its result is known. */
  onResult?: (result: ApplyResult, index: number) => void;
  /** Set when the user interrupts: nothing more is sent, requests in flight finish. */
  stopped?: () => boolean;
}

/**
 * Apply resources the way a pipeline needs: each resource is read first and written only when new or
 * different, at most `concurrency` requests at a time. A resource whose Mesh is in the batch waits for
 * that Mesh only (not for every Mesh: the control plane generates a key per new Mesh, and the other
 * resources go out meanwhile). A failure stops only what depends on it (the resources of a Mesh that
 * failed). Results come back in input order.
 */
export async function applyResources(client: KumaClient, resources: readonly LoadedResource[], options: ApplyOptions): Promise<ApplyResult[]> {
  const results: ApplyResult[] = new Array(resources.length);
  let unreachable = false;
  const stopped = () => unreachable || (options.stopped?.() ?? false);
  const done = (i: number, r: ApplyResult) => {
    results[i] = r;
    // a control plane that cannot be reached will not take the next request either: stop sending
    if (r.action === 'failed' && (r.error as UserError | undefined)?.exitCode === ExitCode.UNREACHABLE) unreachable = true;
    options.onResult?.(r, i);
  };
  const readLive = liveReader(client, resources);
  const slots = new Slots(options.concurrency);
  /** Applies one resource when a slot is free; undefined when stopped before it was sent. */
  const send = async (r: LoadedResource, i: number): Promise<ApplyResult | undefined> => {
    await slots.acquire();
    try {
      if (stopped()) return undefined;
      const result = await applyOne(client, readLive, r, options.dryRun);
      done(i, result);
      return result;
    } finally {
      slots.release();
    }
  };
  const meshes = new Map<string, Promise<ApplyResult | undefined>>();
  resources.forEach((r, i) => {
    if (r.type.name === 'Mesh') meshes.set(r.name, send(r, i));
  });
  await Promise.all([
    ...meshes.values(),
    ...resources.map(async (r, i) => {
      if (r.type.name === 'Mesh') return;
      const mesh = r.mesh !== undefined ? meshes.get(r.mesh) : undefined;
      const meshResult = mesh && (await mesh);
      if (mesh && !meshResult) return; // stopped before its mesh was sent
      if (meshResult?.action === 'failed') {
        const exitCode = (meshResult.error as UserError).exitCode ?? ExitCode.REJECTED;
        done(i, { resource: r, action: 'failed', error: new UserError(`not sent: its mesh "${r.mesh}" failed`, exitCode), warnings: [] });
        return;
      }
      // a dry run does not create the mesh: nothing can exist in it yet
      if (meshResult?.action === 'would-create') return done(i, { resource: r, action: 'would-create', warnings: [] });
      await send(r, i);
    }),
  ]);
  // reported like the others, so whoever prints results in input order sees every one
  for (let i = 0; i < results.length; i++) if (!results[i]) done(i, { resource: resources[i]!, action: 'not-sent', warnings: [] });
  return results;
}

/** A counting semaphore, first come first served. */
class Slots {
  private readonly waiting: Array<() => void> = [];
  constructor(private free: number) {}

  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

async function applyOne(client: KumaClient, readLive: ReturnType<typeof liveReader>, r: LoadedResource, dryRun: boolean): Promise<ApplyResult> {
  try {
    const live = await readLive(r);
    const body = requestBody(r);
    if (live) {
      const c = compare(r.type, body, live);
      if (c.equal) return { resource: r, action: 'unchanged', warnings: [] };
      if (dryRun) return { resource: r, action: 'would-update', warnings: [], diff: unifiedDiff(c.before, c.after, { from: 'live', to: r.file }) };
    } else if (dryRun) {
      return { resource: r, action: 'would-create', warnings: [] };
    }
    const { warnings } = await client.put(r.type, body);
    return { resource: r, action: live ? 'updated' : 'created', warnings };
  } catch (err) {
    return { resource: r, action: 'failed', error: err as Error, warnings: [] };
  }
}

/** The PUT body: the Universal document without what only the server sets. */
function requestBody(r: LoadedResource): Record<string, unknown> {
  const body = { ...r.value };
  for (const k of SERVER_FIELDS) delete body[k];
  if (r.type.scope === 'Global') delete body.mesh;
  return body;
}

/**
 * The meshes the batch's resources belong to that are not in the batch itself, read from the control
 * plane: those that exist (as Universal documents) and those that do not (with the resources that
 * need them).
 */
export async function batchMeshes(
  client: KumaClient,
  resources: readonly LoadedResource[],
): Promise<{ missing: Map<string, LoadedResource[]>; live: Map<string, Record<string, unknown>> }> {
  const inBatch = new Set(resources.filter((r) => r.type.name === 'Mesh').map((r) => r.name));
  const needed = new Map<string, LoadedResource[]>();
  for (const r of resources) {
    if (r.type.scope !== 'Mesh' || r.mesh === undefined || inBatch.has(r.mesh)) continue;
    const list = needed.get(r.mesh);
    if (list) list.push(r);
    else needed.set(r.mesh, [r]);
  }
  const meshType = typeByName('Mesh')!;
  const missing = new Map<string, LoadedResource[]>();
  const live = new Map<string, Record<string, unknown>>();
  await Promise.all(
    [...needed.keys()].map(async (mesh) => {
      const found = await client.get(meshType, undefined, mesh);
      if (found) live.set(mesh, found);
      else missing.set(mesh, needed.get(mesh)!);
    }),
  );
  return { missing, live };
}
