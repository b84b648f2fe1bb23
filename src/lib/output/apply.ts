import type { Finding, LoadedResource } from '../manifest/load.js';
import type { ApplyResult, Action } from '../plan/apply.js';
import { KumaApiError } from '../client/errors.js';
import { ExitCode, type UserError } from '../errors.js';
import { parseField } from '../validation/field-path.js';
import { formatFindingUnderResource, findingJson, errorFindingJson } from './findings.js';
import { formatYaml } from './yaml.js';
import { unifiedDiff } from '../plan/diff.js';
import { planSummaryTable, type PlanRow } from '../plan/summary.js';

const VERB: Record<Exclude<Action, 'failed' | 'not-sent'>, string> = {
  created: 'Created',
  updated: 'Updated',
  unchanged: 'Unchanged',
  'would-create': 'Would be created',
  'would-update': 'Would be updated',
  deleted: 'Deleted',
  'would-delete': 'Would be deleted',
};

/** One resource in `apply -o json`. */
export interface ApplyReportEntry {
  type: string;
  mesh: string | null;
  name: string;
  action: Action;
  /** The control plane's answer in one line, or why it was not sent; null when it went well. */
  error: string | null;
}

/** `apply -o json`: always printed, even when the input was refused (then with its findings only). */
export interface ApplyReport {
  applied: ApplyReportEntry[];
  failed: ApplyReportEntry[];
  unchanged: ApplyReportEntry[];
  /** What --prune (or a plan) deleted, or would delete in a dry run. */
  deleted: ApplyReportEntry[];
  findings: object[];
}

export function applyReport(results: readonly ApplyResult[], findings: readonly Finding[]): ApplyReport {
  const entry = (r: ApplyResult): ApplyReportEntry => ({
    type: r.resource.type.name,
    mesh: r.resource.mesh ?? null,
    name: r.resource.name,
    action: r.action,
    error: r.error ? (r.error instanceof KumaApiError ? r.error.oneLine() : r.error.message) : null,
  });
  return {
    applied: results.filter((r) => ['created', 'updated', 'would-create', 'would-update'].includes(r.action)).map(entry),
    failed: results.filter((r) => r.action === 'failed' || r.action === 'not-sent').map(entry),
    unchanged: results.filter((r) => r.action === 'unchanged').map(entry),
    deleted: results.filter((r) => r.action === 'deleted' || r.action === 'would-delete').map(entry),
    findings: findings.map(findingJson),
  };
}

/** The report when reading stopped the run: its findings, or (none being an error) what stopped it. */
export function refusedReport(findings: readonly Finding[], err: Error): ApplyReport {
  const reported = findings.some((f) => f.severity === 'error') ? findings.map(findingJson) : [...findings.map(findingJson), errorFindingJson(err.message)];
  return { ...applyReport([], []), findings: reported };
}

/** Prints result lines in input order as soon as all earlier ones are known: text on stdout, warnings and failures on stderr. */
export function orderedPrinter(text: boolean, dryRun: boolean): (r: ApplyResult, i: number) => void {
  const pending = new Map<number, ApplyResult>();
  let next = 0;
  return (result, index) => {
    pending.set(index, result);
    while (pending.has(next)) {
      const r = pending.get(next)!;
      pending.delete(next++);
      for (const w of r.warnings) if (!r.resource.knownWarnings?.includes(w)) process.stderr.write(`Warning: ${w}\n`);
      if (r.action === 'failed') process.stderr.write(failureText(r));
      else if (text && r.action !== 'not-sent') process.stdout.write(resultText(r, dryRun));
    }
  };
}

/** `resource type=... Created`, and under a dry run's update what would change. */
export function resultText(r: ApplyResult, dryRun: boolean): string {
  const line = `${resourceId(r.resource)} ${VERB[r.action as keyof typeof VERB]}\n`;
  const c = r.change;
  if (!dryRun || r.action !== 'would-update' || !c?.before) return line;
  return line + unifiedDiff(formatYaml(c.before), formatYaml(c.after), { from: 'live', to: r.resource.file });
}

function resourceId(r: LoadedResource): string {
  return `resource type=${JSON.stringify(r.type.name)} mesh=${JSON.stringify(r.mesh ?? '')} name=${JSON.stringify(r.name)}`;
}

/** The control plane's invalid_parameters as findings, located in the input. */
export function serverFindings(r: ApplyResult): Finding[] {
  // a delete has no document to point into
  if (!(r.error instanceof KumaApiError) || r.resource.file === '') return [];
  const { resource } = r;
  return r.error.invalidParameters.map((p) => ({
    severity: 'error' as const,
    file: resource.file,
    ...resource.locate(p.field ? parseField(p.field) : []),
    type: resource.type.name,
    name: resource.name,
    ...(resource.mesh !== undefined ? { mesh: resource.mesh } : {}),
    field: p.field ?? '',
    message: p.reason,
  }));
}

/** kumactl's failure line, then each rejected field located in the input (the finding printer's escaping). */
export function failureText(r: ApplyResult): string {
  const err = r.error!;
  if (!(err instanceof KumaApiError)) return `${resourceId(r.resource)}: failed: ${err.message}\n`;
  const lines = [`${resourceId(r.resource)}: failed server side: ${err.title} (${err.detail})`, ...serverFindings(r).map((f) => formatFindingUnderResource(f))];
  return `${lines.join('\n')}\n`;
}

/** Said once when a failure before the deletes stopped them. */
export function deletesSkipped(count: number): void {
  process.stderr.write(`Deletes skipped: something before them failed or was not sent, so none of the ${count} planned was sent\n`);
}

/** `Summary: 2 created, 0 updated, 1 unchanged[, 1 deleted], 0 failed[, 3 not sent]` (deletes counted with --prune or a plan). */
export function summaryLine(results: readonly ApplyResult[], dryRun: boolean, deletes = false): string {
  const count = (...actions: Action[]) => results.filter((r) => actions.includes(r.action)).length;
  const parts = [`${count('created', 'would-create')} created`, `${count('updated', 'would-update')} updated`, `${count('unchanged')} unchanged`];
  if (deletes) parts.push(`${count('deleted', 'would-delete')} deleted`);
  parts.push(`${count('failed')} failed`);
  const notSent = count('not-sent');
  if (notSent > 0) parts.push(`${notSent} not sent`);
  return `Summary: ${parts.join(', ')}${dryRun ? ' (dry run: nothing was written)' : ''}`;
}

/** apply's exit code: 0 all done, 6 partly applied, 5 unreachable, 4 nothing applied, 1 interrupted with nothing failed or applied. */
export function applyExitCode(results: readonly ApplyResult[], stopped: boolean): ExitCode {
  const failed = results.filter((r) => r.action === 'failed');
  if (failed.length === 0 && !stopped) return ExitCode.OK;
  if (results.some((r) => ['created', 'updated', 'deleted', 'would-create', 'would-update', 'would-delete'].includes(r.action))) return ExitCode.PARTIAL;
  if (failed.length === 0) return ExitCode.UNEXPECTED;
  return failed.every((r) => (r.error as UserError | undefined)?.exitCode === ExitCode.UNREACHABLE) ? ExitCode.UNREACHABLE : ExitCode.REJECTED;
}

/**
 * What apply shows while it runs: the ordered result lines, and progress on a terminal. A dry run at a
 * terminal shows the plan summary table first (as diff does), so its lines wait for the whole plan.
 */
export function applyDisplay(total: number, text: boolean, dryRun: boolean): { onResult(r: ApplyResult, i: number): void; done(): void } {
  const print = orderedPrinter(text, dryRun);
  const progress = progressReporter(total);
  const held: Array<[ApplyResult, number]> | undefined = dryRun && text && process.stderr.isTTY ? [] : undefined;
  return {
    onResult(r, i) {
      progress.tick();
      if (held) held.push([r, i]);
      else print(r, i);
    },
    done() {
      progress.done();
      if (!held) return;
      held.sort(([, a], [, b]) => a - b);
      process.stderr.write(planSummaryTable(held.map(([r]) => planRow(r))));
      for (const [r, i] of held) print(r, i);
    },
  };
}

const ROW_ACTION: Partial<Record<Action, PlanRow['action']>> = {
  'would-create': 'create',
  'would-update': 'update',
  unchanged: 'unchanged',
  'would-delete': 'delete',
  failed: 'failed',
  'not-sent': 'not-sent',
};

/** A dry run's result as a row of the plan summary table. */
function planRow(r: ApplyResult): PlanRow {
  return { type: r.resource.type.name, mesh: r.resource.mesh ?? null, name: r.resource.name, action: ROW_ACTION[r.action] ?? 'failed' };
}

/** Progress on a terminal for large applies; nothing in pipes. */
export function progressReporter(total: number): { tick(): void; done(): void } {
  if (!process.stderr.isTTY || total <= 50) return { tick() {}, done() {} };
  let n = 0;
  return {
    tick() {
      n++;
      if (n % 10 === 0 || n === total) process.stderr.write(`\rapplying: ${n}/${total}`);
    },
    done() {
      process.stderr.write('\r\u001b[K');
    },
  };
}
