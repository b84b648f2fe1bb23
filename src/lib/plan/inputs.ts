/**
 * What `apply` and `diff` work from: the files (with `--owner`'s label and `--prune`'s deletes), or, for
 * `apply --plan`, a reviewed plan checked for age and drift. The flags they add are defined here too.
 */
import { Flags } from '@oclif/core';
import type { KumaClient } from '../client/index.js';
import { checkVersion } from '../client/connect.js';
import type { Finding, LoadedResource } from '../manifest/load.js';
import { loadOptionsFrom } from '../manifest/flags.js';
import { UsageError, UserError, ExitCode } from '../errors.js';
import { loadBatch } from './batch.js';
import { checkOwner, planPrune, withOwner, type PlannedDelete, type PruneScope } from './prune.js';
import { checkDrift, checkPlanUsable, driftLine, planDeletes, planResources, readPlan } from './plan-file.js';
import { reviewChanges, deleteChanges, pruneCandidates, type Change } from './review.js';

/** `--owner`, `--prune` and what widens or narrows it: `apply` and `diff` share them. */
export const syncFlags = {
  owner: Flags.string({ summary: 'Label what is created or updated kumactl.io/owner=OWNER (the only resources --prune deletes)' }),
  prune: Flags.boolean({ summary: 'Delete resources labelled with --owner that no document names, in the meshes the input touches', default: false }),
  'all-meshes': Flags.boolean({ char: 'A', summary: 'Prune in every mesh, not only those the input touches', default: false }),
  'include-secrets': Flags.boolean({ summary: 'Prune Secrets too (left alone otherwise)', default: false }),
  'prune-meshes': Flags.boolean({ summary: 'Prune Meshes labelled with --owner too, with everything in them', default: false }),
};

/** `apply --plan` and its checks; apply's --file is then not required (one of the two is). */
export const planFlags = {
  file: Flags.string({ char: 'f', summary: 'File, directory, - for stdin, or an http(s) URL; repeatable', multiple: true }),
  plan: Flags.string({ summary: 'Apply a reviewed plan (written by diff -o plan) instead of files', exclusive: ['file', 'prune', 'owner', 'var'] }),
  'allow-drift': Flags.boolean({ summary: 'Apply the plan even when resources changed since it was made', default: false }),
  'max-plan-age': Flags.string({ summary: 'Refuse a plan older than this (Go duration)', default: '1h' }),
};

interface InputFlags {
  file?: string[] | undefined;
  recursive: boolean;
  validate: string;
  mesh?: string | undefined;
  var?: string[] | undefined;
  owner?: string | undefined;
  prune: boolean;
  'all-meshes': boolean;
  'include-secrets': boolean;
  'prune-meshes': boolean;
}

/** `--prune`'s scope, or undefined without it; the flags checked first (an owner is required, and valid). */
export function pruneScope(flags: InputFlags): PruneScope | undefined {
  if (flags.owner !== undefined) checkOwner(flags.owner);
  if (!flags.prune) {
    const lone = (['all-meshes', 'include-secrets', 'prune-meshes'] as const).find((f) => flags[f]);
    if (lone) throw new UsageError(`--${lone} widens --prune: give it with --prune --owner NAME`);
    return undefined;
  }
  if (flags.owner === undefined) {
    throw new UsageError('--prune needs --owner NAME: only resources labelled with that owner are deleted', 'name the pipeline, e.g. --prune --owner team-a-ci (two pipelines with different owners never prune each other)');
  }
  return { owner: flags.owner, ...(flags.mesh !== undefined ? { mesh: flags.mesh } : {}), allMeshes: flags['all-meshes'], includeSecrets: flags['include-secrets'], pruneMeshes: flags['prune-meshes'] };
}

/** The files read and checked as apply reads them, with the owner's label when `--owner` is given. */
export async function readInput(client: KumaClient, flags: InputFlags, defaultMesh: string | undefined, report: (f: Finding) => void): Promise<LoadedResource[]> {
  const resources = await loadBatch(client, flags.file ?? [], loadOptionsFrom(flags, defaultMesh), report);
  return flags.owner !== undefined ? withOwner(resources, flags.owner, report) : resources;
}

interface PlanInputFlags {
  plan?: string | undefined;
  'allow-drift': boolean;
  'max-plan-age': string;
  /** `--concurrency`; unset: apply's writes adapt, and the reads before them use READS_IN_FLIGHT. */
  concurrency?: number | undefined;
}

/** Requests in flight for the lists read before anything is written (prune's, a plan's drift check), and diff's. */
const READS_IN_FLIGHT = 8;

export interface ApplyInput {
  resources: LoadedResource[];
  /** Present with --prune or a plan: the deletes, carried out after everything else. */
  deletes?: PlannedDelete[];
}

/** apply's input: the files, or (`--plan`) a reviewed plan that is recent, for this control plane, and has not drifted. */
export async function applyInput(
  client: KumaClient,
  flags: InputFlags & PlanInputFlags,
  defaultMesh: string | undefined,
  report: (f: Finding) => void,
): Promise<ApplyInput> {
  if (flags.plan !== undefined) return planInput(client, flags.plan, flags);
  if (flags['allow-drift']) throw new UsageError('--allow-drift is for a reviewed plan: give it with --plan FILE');
  if ((flags.file ?? []).length === 0) throw new UsageError('nothing to apply: give the files (--file) or a reviewed plan (--plan)', "See 'kumactl apply --help'.");
  const scope = pruneScope(flags);
  const resources = await readInput(client, flags, defaultMesh, report);
  // planned before anything is written (what is read cannot change it: every input resource is kept),
  // so a control plane that cannot list them stops the run with nothing sent
  return { resources, ...(scope ? { deletes: await planPrune(client, resources, scope, flags.concurrency ?? READS_IN_FLIGHT) } : {}) };
}

async function planInput(client: KumaClient, path: string, flags: PlanInputFlags): Promise<ApplyInput> {
  const plan = await readPlan(path);
  checkPlanUsable(plan, path, client.url, flags['max-plan-age']);
  await checkVersion(client);
  const drift = await checkDrift(client, plan, path, flags.concurrency ?? READS_IN_FLIGHT);
  if (drift.length > 0 && !flags['allow-drift']) {
    for (const d of drift) process.stderr.write(`drift: ${driftLine(d)}\n`);
    throw new UserError(
      `the control plane changed since the plan was made (${drift.length} resource${drift.length === 1 ? '' : 's'} moved): nothing was applied`,
      ExitCode.REJECTED,
      'make and review a new plan (kumactl diff ... -o plan), or apply this one anyway with --allow-drift',
    );
  }
  for (const d of drift) process.stderr.write(`Warning: drift allowed: ${driftLine(d)}\n`);
  const deletes = planDeletes(plan, drift);
  const prunes = plan.owner !== null || plan.changes.some((c) => c.action === 'delete');
  return { resources: planResources(plan, path), ...(prunes ? { deletes } : {}) };
}

/** diff's changes: the plan of the files (with `--owner`), `--prune`'s deletes, `--prune-preview`'s listing. */
export async function reviewInput(
  client: KumaClient,
  flags: InputFlags & { 'prune-preview': boolean },
  defaultMesh: string | undefined,
  report: (f: Finding) => void,
): Promise<Change[]> {
  const scope = pruneScope(flags);
  const resources = await readInput(client, flags, defaultMesh, report);
  const changes = await reviewChanges(client, resources, READS_IN_FLIGHT);
  if (scope) changes.push(...deleteChanges(await planPrune(client, resources, scope, READS_IN_FLIGHT), scope.owner));
  if (flags['prune-preview']) changes.push(...(await pruneCandidates(client, resources)));
  return changes;
}
