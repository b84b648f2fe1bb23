/**
 * The plan at a glance, for a person at a terminal: one row per resource (TYPE, MESH, NAME, CHANGE), printed
 * by `diff` on stderr before the diffs. Our own format (kumactl has no such table), so cli-table3 draws it;
 * kumactl-identical tables stay on src/lib/output/table.ts.
 */
import Table from 'cli-table3';
import type { Change } from './review.js';

const CHANGE: Record<Change['action'], string> = {
  create: 'create',
  update: 'update',
  unchanged: 'unchanged',
  'not-in-files': 'in no file (left in place)',
};

/** The table, or '' when there is nothing to list. */
export function planSummaryTable(changes: readonly Pick<Change, 'type' | 'mesh' | 'name' | 'action'>[]): string {
  if (changes.length === 0) return '';
  const table = new Table({
    head: ['TYPE', 'MESH', 'NAME', 'CHANGE'],
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' }, // no rule between rows
  });
  for (const c of changes) table.push([c.type, c.mesh ?? '', c.name, CHANGE[c.action]]);
  return `${table.toString()}\n`;
}
