import type { KumaClient } from '../client/index.js';
import type { LoadedResource } from '../manifest/load.js';
import { SERVER_FIELDS } from '../resources/computed.js';
import { plan, type PlanStep, type PlannedChange } from './plan.js';
import type { Concurrency } from '../concurrency.js';

export type Action = 'created' | 'updated' | 'unchanged' | 'failed' | 'would-create' | 'would-update' | 'not-sent';

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
  return steps.map((step, i) => {
    if (step) return resultOf(step);
    const result: ApplyResult = { resource: resources[i]!, action: 'not-sent', warnings: [] };
    options.onResult?.(result, i);
    return result;
  });
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
function requestBody(r: LoadedResource): Record<string, unknown> {
  const body = { ...r.value };
  for (const k of SERVER_FIELDS) delete body[k];
  if (r.type.scope === 'Global') delete body.mesh;
  return body;
}
