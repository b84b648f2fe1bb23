import type { Change } from '../plan/review.js';
import { ExitCode } from '../errors.js';

/** `diff -o json`: each change with the live and wanted documents (the diff text is for people only). */
export interface DiffReport {
  changes: Array<Pick<Change, 'type' | 'mesh' | 'name' | 'action' | 'before' | 'after'>>;
}

export function diffReport(changes: readonly Change[]): DiffReport {
  return { changes: changes.map(({ type, mesh, name, action, before, after }) => ({ type, mesh, name, action, before, after })) };
}

/** Unified diffs, coloured on a terminal only (chalk honours NO_COLOR and pipes). */
export async function diffText(changes: readonly Change[]): Promise<string> {
  const { default: chalk } = await import('chalk');
  const paint = (line: string) => (line.startsWith('+') ? chalk.green(line) : line.startsWith('-') ? chalk.red(line) : line.startsWith('@@') ? chalk.cyan(line) : line);
  let out = '';
  for (const c of changes) {
    if (c.action === 'create' || c.action === 'update' || c.action === 'delete') {
      out += `${chalk.bold(`${c.type}/${c.mesh ?? ''}/${c.name}`)} (${c.action === 'create' ? 'new' : c.action === 'update' ? 'changed' : 'to delete'})\n`;
      out += c.diff.split('\n').map((l) => (l === '' ? l : paint(l))).join('\n');
    } else if (c.action === 'not-in-files') {
      out += `${c.type}/${c.mesh ?? ''}/${c.name} (in no file; apply leaves it in place)\n`;
    }
  }
  return out;
}

/** `Diff: 1 to create, 2 to update, 3 unchanged[, 1 to delete][, 4 in no file (left in place)]`. */
export function diffSummary(changes: readonly Change[], prunePreview: boolean, prune = false): string {
  const count = (a: Change['action']) => changes.filter((c) => c.action === a).length;
  const deletes = prune ? `, ${count('delete')} to delete` : '';
  const preview = prunePreview ? `, ${count('not-in-files')} in no file (left in place)` : '';
  return `Diff: ${count('create')} to create, ${count('update')} to update, ${count('unchanged')} unchanged${deletes}${preview}`;
}

/** kubectl's: 0 nothing would change, 1 something would (a delete included). */
export function diffExitCode(changes: readonly Change[]): ExitCode {
  return changes.some((c) => c.action === 'create' || c.action === 'update' || c.action === 'delete') ? ExitCode.UNEXPECTED : ExitCode.OK;
}
