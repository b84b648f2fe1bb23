/**
 * Reviewed plans: `diff -o plan` / `--save-plan FILE` writes the plan as JSON (format documented in the
 * README, "Pipelines: sync a mesh from git"); `apply --plan FILE` carries it out after checking that
 * nothing it was computed from has moved.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { KumaClient } from '../client/index.js';
import type { LoadedResource } from '../manifest/load.js';
import { UsageError, UserError, ExitCode } from '../errors.js';
import { isRecord } from '../json.js';
import { goDurationNanoseconds } from '../go/time.js';
import { typeByName, type ResourceType } from '../resources/registry.js';
import { liveReader } from './live.js';
import { mapLimit } from '../concurrency.js';
import { OWNER_LABEL, deleteOrder, type PlannedDelete } from './prune.js';
import type { Change } from './review.js';

type Doc = Record<string, unknown>;

export const PLAN_VERSION = 1;
const ACTIONS = ['create', 'update', 'unchanged', 'delete'] as const;

/** One resource of a plan file. */
export interface PlanFileChange {
  type: string;
  /** null for a global type (Mesh). */
  mesh: string | null;
  name: string;
  action: (typeof ACTIONS)[number];
  /** The live resource's `modificationTime` the change was computed from; null when it did not exist. */
  modificationTime: string | null;
  /** The live resource as compared (server-set fields left out); null when it did not exist. */
  before: Doc | null;
  /** What it becomes, as compared; null for a delete. */
  after: Doc | null;
  /** The body `apply --plan` sends (PUT); null for a delete. */
  request: Doc | null;
}

/** The plan file, version 1. */
export interface PlanFile {
  version: typeof PLAN_VERSION;
  /** When the plan was made (RFC 3339, UTC). */
  created: string;
  /** The control plane it was computed against (its API server URL). */
  controlPlane: string;
  /** `--owner`, when given: deletes were planned for it, and the label is in every request. */
  owner: string | null;
  changes: PlanFileChange[];
}

/** The plan of a diff: every create, update, unchanged and delete (not `--prune-preview`'s listing). */
export function buildPlan(changes: readonly Change[], made: { controlPlane: string; owner?: string | undefined; now?: Date }): PlanFile {
  return {
    version: PLAN_VERSION,
    created: (made.now ?? new Date()).toISOString(),
    controlPlane: made.controlPlane,
    owner: made.owner ?? null,
    changes: changes
      .filter((c): c is Change & { action: PlanFileChange['action'] } => c.action !== 'not-in-files')
      .map((c) => ({ type: c.type, mesh: c.mesh, name: c.name, action: c.action, modificationTime: c.modificationTime, before: c.before, after: c.after, request: c.request })),
  };
}

export function planText(plan: PlanFile): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

export async function savePlan(path: string, plan: PlanFile): Promise<void> {
  try {
    await writeFile(path, planText(plan));
  } catch (err) {
    throw new UserError(`cannot write the plan to ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, ExitCode.UNEXPECTED);
  }
}

/** A plan file, read and checked: version, shape, known types. Anything wrong: exit 3, nothing sent. */
export async function readPlan(path: string): Promise<PlanFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read the plan ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, ExitCode.INVALID_INPUT);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${path}: not a plan file: ${(err as Error).message}`, ExitCode.INVALID_INPUT, 'write one with: kumactl diff -f FILES -o plan > plan.json');
  }
  const bad = (field: string, why: string) => new UserError(`${path}: ${field}: ${why}`, ExitCode.INVALID_INPUT, 'write one with: kumactl diff -f FILES -o plan > plan.json');
  if (!isRecord(json)) throw bad('(root)', 'must be an object');
  if (json.version !== PLAN_VERSION) throw bad('version', `${JSON.stringify(json.version ?? null)} is not a plan version this kumactl reads (it reads ${PLAN_VERSION})`);
  if (typeof json.created !== 'string' || Number.isNaN(Date.parse(json.created))) throw bad('created', 'must be an RFC 3339 time');
  if (typeof json.controlPlane !== 'string') throw bad('controlPlane', 'must be a string');
  if (json.owner !== null && typeof json.owner !== 'string') throw bad('owner', 'must be a string or null');
  if (!Array.isArray(json.changes)) throw bad('changes', 'must be a list');
  json.changes.forEach((c: unknown, i: number) => {
    const at = `changes[${i}]`;
    if (!isRecord(c)) throw bad(at, 'must be an object');
    const type = typeof c.type === 'string' ? typeByName(c.type) : undefined;
    if (!type || type.readOnly) throw bad(`${at}.type`, `${JSON.stringify(c.type ?? null)} is not a resource type apply writes`);
    if (typeof c.name !== 'string' || c.name === '') throw bad(`${at}.name`, 'must be a name');
    if (type.scope === 'Mesh' ? typeof c.mesh !== 'string' : c.mesh !== null) throw bad(`${at}.mesh`, type.scope === 'Mesh' ? 'must name the mesh' : `must be null: ${type.name} is global`);
    if (!ACTIONS.includes(c.action as PlanFileChange['action'])) throw bad(`${at}.action`, `must be one of ${ACTIONS.join(', ')}`);
    if (c.modificationTime !== null && typeof c.modificationTime !== 'string') throw bad(`${at}.modificationTime`, 'must be a string or null');
    if ((c.modificationTime === null) !== (c.action === 'create')) throw bad(`${at}.modificationTime`, c.action === 'create' ? 'must be null for a create' : `must be set for ${String(c.action)}`);
    if (c.action === 'delete' ? c.request !== null : !isRecord(c.request)) throw bad(`${at}.request`, c.action === 'delete' ? 'must be null for a delete' : 'must be the resource to send');
    if (isRecord(c.request) && (c.request.type !== type.name || c.request.name !== c.name || (type.scope === 'Mesh' && c.request.mesh !== c.mesh))) {
      throw bad(`${at}.request`, 'must be the resource named by type, mesh and name');
    }
  });
  return json as unknown as PlanFile;
}

/** Refuses a plan older than `maxAge` (a Go duration, `--max-plan-age`), or made against another control plane. */
export function checkPlanUsable(plan: PlanFile, path: string, controlPlane: string, maxAge: string, now = new Date()): void {
  const ns = goDurationNanoseconds(maxAge);
  if (ns === undefined || ns <= 0n) throw new UsageError(`--max-plan-age ${JSON.stringify(maxAge)}: not a positive duration`, 'write it as Go does: 30m, 1h, 2h30m');
  const age = now.getTime() - Date.parse(plan.created);
  if (age > Number(ns / 1_000_000n)) {
    throw new UserError(`${path}: the plan was made at ${plan.created}, more than ${maxAge} ago (--max-plan-age): nothing was applied`, ExitCode.INVALID_INPUT, 'make and review a new plan, or allow an older one with --max-plan-age');
  }
  if (sameAddress(plan.controlPlane, controlPlane)) return;
  throw new UserError(`${path}: the plan was made against ${plan.controlPlane}, not ${controlPlane}: nothing was applied`, ExitCode.INVALID_INPUT, 'point kumactl at the control plane the plan was made for');
}

function sameAddress(a: string, b: string): boolean {
  const norm = (u: string) => {
    try {
      const url = new URL(u);
      return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
    } catch {
      return u;
    }
  };
  return norm(a) === norm(b);
}

/** A resource of the plan that moved since: what changed on the control plane. */
export interface Drift {
  change: PlanFileChange;
  /** `modified`, `created` (did not exist), `deleted` (no longer exists). */
  what: 'modified' | 'created' | 'deleted';
  /** The live `modificationTime` now (null when it no longer exists). */
  now: string | null;
  /** The live resource now (undefined when it no longer exists). */
  live?: Doc;
}

/** Every resource of the plan whose live `modificationTime` is not the one recorded (read as apply reads). */
export async function checkDrift(client: KumaClient, plan: PlanFile, path: string, concurrency: number): Promise<Drift[]> {
  const targets = plan.changes.map((c, i) => planResource(c, i, path));
  const read = liveReader(client, targets);
  const found = await mapLimit(plan.changes, concurrency, async (change, i): Promise<Drift | undefined> => {
    const live = await read(targets[i]!);
    const now = live && typeof live.modificationTime === 'string' ? live.modificationTime : null;
    if (!live) return change.modificationTime === null ? undefined : { change, what: 'deleted', now: null };
    if (change.modificationTime === null) return { change, what: 'created', now, live };
    return now === change.modificationTime ? undefined : { change, what: 'modified', now, live };
  });
  return found.filter((d): d is Drift => d !== undefined);
}

/** `MeshTimeout "t" in mesh "team-a": modified since the plan (planned from 2026-..., now 2026-...)`. */
export function driftLine(d: Drift): string {
  const { change: c } = d;
  const id = `${c.type} ${JSON.stringify(c.name)}${c.mesh !== null ? ` in mesh ${JSON.stringify(c.mesh)}` : ''}`;
  if (d.what === 'created') return `${id}: created since the plan was made (the plan would ${c.action} it as new)`;
  if (d.what === 'deleted') return `${id}: deleted since the plan was made (planned from ${c.modificationTime})`;
  return `${id}: modified since the plan was made (planned from ${c.modificationTime}, now ${d.now})`;
}

/** The plan's creates, updates and unchanged resources as apply's input, in plan order. */
export function planResources(plan: PlanFile, path: string): LoadedResource[] {
  return plan.changes.flatMap((c, i) => (c.action === 'delete' ? [] : [planResource(c, i, path)]));
}

/**
 * The plan's deletes. With drift allowed, one whose live resource no longer carries the plan's owner
 * label is left in place (someone took it over), and one already gone is dropped.
 */
export function planDeletes(plan: PlanFile, drift: readonly Drift[]): PlannedDelete[] {
  const moved = new Map(drift.map((d) => [d.change, d]));
  const out: PlannedDelete[] = [];
  for (const c of plan.changes) {
    if (c.action !== 'delete') continue;
    const d = moved.get(c);
    if (d?.what === 'deleted') continue;
    if (d?.live && plan.owner !== null && (!isRecord(d.live.labels) || d.live.labels[OWNER_LABEL] !== plan.owner)) continue;
    const type = typeByName(c.type)!;
    out.push({ type, ...(c.mesh !== null ? { mesh: c.mesh } : {}), name: c.name, before: c.before ?? {}, modificationTime: c.modificationTime });
  }
  return out.sort(deleteOrder);
}

function planResource(c: PlanFileChange, i: number, path: string): LoadedResource {
  const type = typeByName(c.type) as ResourceType;
  return {
    file: path,
    line: 0,
    column: 0,
    index: i,
    type,
    name: c.name,
    ...(c.mesh !== null ? { mesh: c.mesh } : {}),
    form: 'universal',
    value: c.request ?? c.before ?? { type: c.type, name: c.name },
    locate: () => ({ line: 0, column: 0 }),
  };
}
