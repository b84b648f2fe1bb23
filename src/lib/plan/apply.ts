import type { KumaClient } from '../client/index.js';
import type { LoadedResource } from '../manifest/load.js';
import { SERVER_FIELDS } from '../resources/computed.js';
import { UserError, ExitCode } from '../errors.js';
import { limiter } from '../concurrency.js';
import { plan, type PlanStep, type PlannedChange } from './plan.js';
import { deleteTarget, type PlannedDelete } from './prune.js';
import type { Concurrency } from '../concurrency.js';

export type Action = 'created' | 'updated' | 'unchanged' | 'deleted' | 'failed' | 'would-create' | 'would-update' | 'would-delete' | 'not-sent';

export interface ApplyResult {
  resource: LoadedResource;
  action: Action;
  error?: Error;
  warnings: string[];
  /** The planned change, with the live and wanted documents (absent when the resource could not be read). */
  change?: PlannedChange;
}

export interface ApplyOptions {
  concurrency: Concurrency;
  dryRun: boolean;
  /** Called once per resource as soon as its result is known. */
  onResult?: (result: ApplyResult, index: number) => void;
  /** Set when the user interrupts: nothing more is sent, requests in flight finish. */
  stopped?: () => boolean;
  /**
   * `--prune` (or a plan's deletes): what to delete once every create and update is done, and only when
   * none failed (otherwise each is reported `not-sent`); deletes come last, reported after the others.
   */
  deletes?: readonly PlannedDelete[];
  /** The deletes were skipped: something before them failed or was not sent. */
  onDeletesSkipped?: (count: number) => void;
}

/**
 * Apply executes the plan (plan.ts): each resource is read first and written only when new or
 * different; a dry run executes nothing. Results come back in input order, one per resource (those
 * not sent after an interruption or an unreachable control plane as `not-sent`).
 */
export async function applyResources(client: KumaClient, resources: readonly LoadedResource[], options: ApplyOptions): Promise<ApplyResult[]> {
  const steps = await plan(client, resources, {
    concurrency: options.concurrency,
    ...(options.dryRun ? {} : { execute: (change: PlannedChange) => client.put(change.resource.type, requestBody(change.resource)) }),
    onStep: (step, i) => options.onResult?.(resultOf(step), i),
    ...(options.stopped ? { stopped: options.stopped } : {}),
  });
  // reported like the others, so whoever prints results in input order sees every one
  const results = steps.map((step, i) => {
    if (step) return resultOf(step);
    const result: ApplyResult = { resource: resources[i]!, action: 'not-sent', warnings: [] };
    options.onResult?.(result, i);
    return result;
  });
  if (!options.deletes) return results;
  const onResult = (r: ApplyResult, j: number) => options.onResult?.(r, resources.length + j);
  if (options.stopped?.() || results.some((r) => r.action === 'failed' || r.action === 'not-sent')) {
    const error = new UserError('not sent: deletes are skipped when something before them failed or was not sent');
    const skipped = options.deletes.map((d): ApplyResult => ({ resource: deleteTarget(d), action: 'not-sent', warnings: [], error }));
    skipped.forEach(onResult);
    if (skipped.length > 0) options.onDeletesSkipped?.(skipped.length);
    return [...results, ...skipped];
  }
  return [...results, ...(await executeDeletes(client, options.deletes, { ...options, onResult }))];
}

/**
 * Deletes, `concurrency` at a time, resources in meshes before Meshes (a Mesh's deletion takes what is in
 * it); a dry run deletes nothing. One that is gone already counts as deleted. An unreachable control
 * plane or an interruption stops the rest (reported `not-sent`).
 */
export async function executeDeletes(client: KumaClient, deletes: readonly PlannedDelete[], options: Pick<ApplyOptions, 'concurrency' | 'dryRun' | 'onResult' | 'stopped'>): Promise<ApplyResult[]> {
  const results: ApplyResult[] = new Array(deletes.length);
  let unreachable = false;
  const run = limiter(options.concurrency);
  const one = (d: PlannedDelete, j: number) =>
    run(async () => {
      const resource = deleteTarget(d);
      let result: ApplyResult;
      if (unreachable || options.stopped?.()) result = { resource, action: 'not-sent', warnings: [] };
      else if (options.dryRun) result = { resource, action: 'would-delete', warnings: [] };
      else {
        try {
          await client.delete(d.type, d.mesh, d.name);
          result = { resource, action: 'deleted', warnings: [] };
        } catch (err) {
          if ((err as UserError).exitCode === ExitCode.UNREACHABLE) unreachable = true;
          result = { resource, action: 'failed', warnings: [], error: err as Error };
        }
      }
      results[j] = result;
      options.onResult?.(result, j);
    });
  const inMeshes = deletes.map((d, j) => [d, j] as const).filter(([d]) => d.type.scope === 'Mesh');
  const meshes = deletes.map((d, j) => [d, j] as const).filter(([d]) => d.type.scope !== 'Mesh');
  await Promise.all(inMeshes.map(([d, j]) => one(d, j)));
  await Promise.all(meshes.map(([d, j]) => one(d, j)));
  return results;
}

/** A plan step in apply's words. */
function resultOf(step: PlanStep): ApplyResult {
  const { resource, change, warnings, error } = step;
  const base = { resource, warnings, ...(change ? { change } : {}) };
  if (error) return { ...base, action: 'failed', error };
  const action: Action = change!.action === 'unchanged' ? 'unchanged' : change!.action === 'create' ? (step.executed ? 'created' : 'would-create') : step.executed ? 'updated' : 'would-update';
  return { ...base, action };
}

/** The PUT body: the Universal document without what only the server sets. */
export function requestBody(r: LoadedResource): Record<string, unknown> {
  const body = { ...r.value };
  for (const k of SERVER_FIELDS) delete body[k];
  if (r.type.scope === 'Global') delete body.mesh;
  return body;
}
