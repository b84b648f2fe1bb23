import type { KumaClient } from '../client/index.js';
import type { LoadedResource } from '../manifest/load.js';
import { UserError, ExitCode } from '../errors.js';
import { isRecord, sameJson } from '../json.js';
import { limiter, type Concurrency } from '../concurrency.js';
import { comparable } from './compare.js';
import { liveReader } from './live.js';

type Doc = Record<string, unknown>;

/** What apply would do to one resource. */
export type ChangeAction = 'create' | 'update' | 'unchanged';

/** One resource of a plan: its live state and what the files ask for, both as the comparison sees them. */
export interface PlannedChange {
  resource: LoadedResource;
  action: ChangeAction;
  /** The live resource (comparable form); null when it does not exist. */
  before: Doc | null;
  /** What the files ask for (comparable form). */
  after: Doc;
  /** The live resource's `modificationTime` the change was computed from (null when it does not exist). */
  modificationTime: string | null;
}

/** How one resource went: its change (when it could be read), what writing it said, or why it failed. */
export interface PlanStep {
  resource: LoadedResource;
  change?: PlannedChange;
  /** The change was carried out (apply, not a dry run). */
  executed: boolean;
  warnings: string[];
  /** Reading or writing failed, or the resource's Mesh failed (then nothing was sent for it). */
  error?: Error;
}

export interface PlanOptions {
  /** Requests in flight at once: a number, or adaptive (grows while latency holds). */
  concurrency: Concurrency;
  /** Carries out a change as soon as it is planned (apply); without it nothing is written (dry run, diff). */
  execute?: (change: PlannedChange) => Promise<{ warnings: string[] }>;
  /** Called once per resource as soon as its step is known. */
  onStep?: (step: PlanStep, index: number) => void;
  /** Set when the user interrupts: nothing more is sent, requests in flight finish. */
  stopped?: () => boolean;
}

/** The change a document asks for, given the live resource (undefined: it does not exist). */
export function changeOf(r: LoadedResource, live: Doc | undefined): PlannedChange {
  if (!live) {
    // a create needs no comparison: its comparable form is built only if someone reads it (a diff, a
    // dry run, a plan file), not for each of the thousands an apply sends (about 25 µs each)
    const change = { resource: r, action: 'create', before: null, modificationTime: null } as Omit<PlannedChange, 'after'>;
    let after: Doc | undefined;
    return Object.defineProperty(change, 'after', { enumerable: true, get: () => (after ??= comparable(r.type, r.value)) }) as PlannedChange;
  }
  const after = comparable(r.type, r.value);
  const before = comparable(r.type, live, isRecord(r.value.labels) ? r.value.labels : {});
  const modificationTime = typeof live.modificationTime === 'string' ? live.modificationTime : null;
  return { resource: r, action: sameJson(before, after) ? 'unchanged' : 'update', before, after, modificationTime };
}

/**
 * The one plan behind `apply`, `apply --dry-run` and `diff`: reads the live state of each resource and
 * says what would change, at most `concurrency` requests at a time; with `execute`, carries each change
 * out as soon as it is known. A resource whose Mesh is in the batch waits for that Mesh only (not for
 * every Mesh: the control plane generates a key per new Mesh, and the other resources go out
 * meanwhile); in a Mesh that does not exist and is not created, nothing exists to read, so everything
 * is new. A failure stops only what depends on it (the resources of a Mesh that failed), and an
 * unreachable control plane stops the rest. Steps come back in input order; undefined for a resource
 * not sent (stopped before it).
 */
export async function plan(client: KumaClient, resources: readonly LoadedResource[], options: PlanOptions): Promise<Array<PlanStep | undefined>> {
  const steps: Array<PlanStep | undefined> = new Array(resources.length).fill(undefined);
  let unreachable = false;
  const stopped = () => unreachable || (options.stopped?.() ?? false);
  const done = (i: number, step: PlanStep) => {
    steps[i] = step;
    // a control plane that cannot be reached will not take the next request either: stop sending
    if ((step.error as UserError | undefined)?.exitCode === ExitCode.UNREACHABLE) unreachable = true;
    options.onStep?.(step, i);
  };
  const readLive = liveReader(client, resources);
  // latency samples: the writes (a read may be an answer from a list another resource fetched)
  const run = limiter(options.concurrency, {
    overloaded: ({ value }) => overloaded((value as PlanStep | undefined)?.error),
    measured: ({ value }) => (value as PlanStep | undefined)?.executed === true,
  });
  const visit = (r: LoadedResource, i: number): Promise<PlanStep | undefined> =>
    run(async () => {
      if (stopped()) return undefined;
      const step = await planOne(readLive, r, options.execute);
      done(i, step);
      return step;
    });
  const meshes = new Map<string, Promise<PlanStep | undefined>>();
  resources.forEach((r, i) => {
    if (r.type.name === 'Mesh' && !meshes.has(r.name)) meshes.set(r.name, visit(r, i));
  });
  await Promise.all([
    ...meshes.values(),
    ...resources.map(async (r, i) => {
      if (r.type.name === 'Mesh') return;
      const mesh = r.type.scope === 'Mesh' && r.mesh !== undefined ? meshes.get(r.mesh) : undefined;
      const meshStep = mesh && (await mesh);
      if (mesh && !meshStep) return; // stopped before its mesh was sent
      if (meshStep?.error) {
        const exitCode = (meshStep.error as UserError).exitCode ?? ExitCode.REJECTED;
        return done(i, { resource: r, executed: false, warnings: [], error: new UserError(`not sent: its mesh "${r.mesh}" failed`, exitCode) });
      }
      // a Mesh that is new and not created: nothing can exist in it yet
      if (meshStep?.change?.action === 'create' && !meshStep.executed) return done(i, { resource: r, change: changeOf(r, undefined), executed: false, warnings: [] });
      await visit(r, i);
    }),
  ]);
  return steps;
}

/** The control plane asks for fewer requests: 429 Too Many Requests, 503 Service Unavailable. */
function overloaded(err: Error | undefined): boolean {
  const status = (err as { status?: unknown } | undefined)?.status;
  return status === 429 || status === 503;
}

async function planOne(readLive: ReturnType<typeof liveReader>, r: LoadedResource, execute: PlanOptions['execute']): Promise<PlanStep> {
  let change: PlannedChange | undefined;
  try {
    change = changeOf(r, await readLive(r));
    if (!execute || change.action === 'unchanged') return { resource: r, change, executed: false, warnings: [] };
    const { warnings } = await execute(change);
    return { resource: r, change, executed: true, warnings };
  } catch (err) {
    return { resource: r, ...(change ? { change } : {}), executed: false, warnings: [], error: err as Error };
  }
}
