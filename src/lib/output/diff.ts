import type { Change } from '../plan/review.js';
import { ExitCode } from '../errors.js';

/** `diff -o json`: each change with the live and wanted documents (the diff text is for people only). */
export interface DiffReport {
  changes: Array<Omit<Change, 'diff'>>;
}

export function diffReport(changes: readonly Change[]): DiffReport {
  return { changes: changes.map(({ diff: _diff, ...c }) => c) };
}

/** Unified diffs, coloured on a terminal only (chalk honours NO_COLOR and pipes). */
export async function diffText(changes: readonly Change[]): Promise<string> {
  const { default: chalk } = await import('chalk');
  const paint = (line: string) => (line.startsWith('+') ? chalk.green(line) : line.startsWith('-') ? chalk.red(line) : line.startsWith('@@') ? chalk.cyan(line) : line);
  let out = '';
  for (const c of changes) {
    if (c.action === 'create' || c.action === 'update') {
      out += `${chalk.bold(`${c.type}/${c.mesh ?? ''}/${c.name}`)} (${c.action === 'create' ? 'new' : 'changed'})\n`;
      out += c.diff.split('\n').map((l) => (l === '' ? l : paint(l))).join('\n');
    } else if (c.action === 'not-in-files') {
      out += `${c.type}/${c.mesh ?? ''}/${c.name} (in no file; apply leaves it in place)\n`;
    }
  }
  return out;
}

/** `Diff: 1 to create, 2 to update, 3 unchanged[, 4 in no file (left in place)]`. */
export function diffSummary(changes: readonly Change[], prunePreview: boolean): string {
  const count = (a: Change['action']) => changes.filter((c) => c.action === a).length;
  const prune = prunePreview ? `, ${count('not-in-files')} in no file (left in place)` : '';
  return `Diff: ${count('create')} to create, ${count('update')} to update, ${count('unchanged')} unchanged${prune}`;
}

/** kubectl's: 0 nothing would change, 1 something would. */
export function diffExitCode(changes: readonly Change[]): ExitCode {
  return changes.some((c) => c.action === 'create' || c.action === 'update') ? ExitCode.UNEXPECTED : ExitCode.OK;
}
