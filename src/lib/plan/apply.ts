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
 * Apply resources the way a pipeline needs: Meshes first, then everything else with bounded
 * concurrency; each resource is read first and written only when new or different. A failure stops
 * only what depends on it (the resources of a Mesh that failed). Results come back in input order.
 */
export async function applyResources(client: KumaClient, resources: readonly LoadedResource[], options: ApplyOptions): Promise<ApplyResult[]> {
  const results: ApplyResult[] = new Array(resources.length);
  const failedMeshes = new Map<string, Error>();
  let unreachable = false;
  const done = (i: number, r: ApplyResult) => {
    results[i] = r;
    // a control plane that cannot be reached will not take the next request either: stop sending
    if (r.action === 'failed' && (r.error as UserError | undefined)?.exitCode === ExitCode.UNREACHABLE) unreachable = true;
    options.onResult?.(r, i);
  };
  const poolOptions = { ...options, stopped: () => unreachable || (options.stopped?.() ?? false) };
  const readLive = liveReader(client, resources);
  const indexed = resources.map((r, i) => ({ r, i }));
  const meshes = indexed.filter(({ r }) => r.type.name === 'Mesh');
  const others = indexed.filter(({ r }) => r.type.name !== 'Mesh');
  await pool(meshes, poolOptions, async ({ r, i }) => {
    const result = await applyOne(client, readLive, r, options.dryRun);
    if (result.action === 'failed') failedMeshes.set(r.name, result.error!);
    done(i, result);
  });
  await pool(others, poolOptions, async ({ r, i }) => {
    const meshError = r.mesh !== undefined ? failedMeshes.get(r.mesh) : undefined;
    if (meshError) {
      const exitCode = (meshError as UserError).exitCode ?? ExitCode.REJECTED;
      done(i, { resource: r, action: 'failed', error: new UserError(`not sent: its mesh "${r.mesh}" failed`, exitCode), warnings: [] });
      return;
    }
    done(i, await applyOne(client, readLive, r, options.dryRun));
  });
  for (let i = 0; i < results.length; i++) if (!results[i]) results[i] = { resource: resources[i]!, action: 'not-sent', warnings: [] };
  return results;
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

async function pool<T>(items: readonly T[], options: ApplyOptions, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !options.stopped?.()) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, items.length)) }, worker));
}

/** Meshes the resources need that are neither in the batch nor on the control plane. */
export async function missingMeshes(client: KumaClient, resources: readonly LoadedResource[]): Promise<Map<string, LoadedResource[]>> {
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
  await Promise.all(
    [...needed.keys()].map(async (mesh) => {
      if (!(await client.get(meshType, undefined, mesh))) missing.set(mesh, needed.get(mesh)!);
    }),
  );
  return missing;
}
