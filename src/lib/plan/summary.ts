/**
 * The plan at a glance, for a person at a terminal: one row per resource (TYPE, MESH, NAME, CHANGE), printed
 * by `diff` on stderr before the diffs. Our own format (kumactl has no such table), so cli-table3 draws it;
 * kumactl-identical tables stay on src/lib/output/table.ts.
 */
import Table from 'cli-table3';
import type { Change } from './review.js';

/** One row: a change of the plan, or (apply --dry-run) a resource whose change could not be read. */
export interface PlanRow extends Pick<Change, 'type' | 'mesh' | 'name'> {
  action: Change['action'] | 'failed' | 'not-sent';
}

const CHANGE: Record<PlanRow['action'], string> = {
  create: 'create',
  update: 'update',
  unchanged: 'unchanged',
  delete: 'delete',
  'not-in-files': 'in no file (left in place)',
  failed: 'failed',
  'not-sent': 'not read',
};

/** The table, or '' when there is nothing to list. */
export function planSummaryTable(changes: readonly PlanRow[]): string {
  if (changes.length === 0) return '';
  const table = new Table({
    head: ['TYPE', 'MESH', 'NAME', 'CHANGE'],
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' }, // no rule between rows
  });
  for (const c of changes) table.push([c.type, c.mesh ?? '', c.name, CHANGE[c.action]]);
  return `${table.toString()}\n`;
}
