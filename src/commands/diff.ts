import { Flags } from '@oclif/core';
import { ApiCommand } from '../api-command.js';
import { ExitCode } from '../lib/errors.js';
import { loadBatch } from '../lib/plan/batch.js';
import { inputFlags, varFlag, loadOptionsFrom } from '../lib/manifest/flags.js';
import { formatFinding } from '../lib/output/findings.js';
import { reviewChanges, pruneCandidates, type Change } from '../lib/plan/review.js';
import { planSummaryTable } from '../lib/plan/summary.js';

export default class Diff extends ApiCommand {
  static override summary = 'Show what apply would change, resource by resource';
  static override description = `Reads, resolves and validates the files exactly as apply does, then compares each resource with the
control plane: new, changed (a unified diff of the YAML) or unchanged. Writes nothing.
Exit codes (kubectl's): 0 nothing would change, 1 something would, 3 or more on errors.`;

  static override examples = [
    '<%= config.bin %> diff --file policies/ --recursive',
    '<%= config.bin %> diff --file policies/ --recursive --prune-preview --output json',
  ];

  static override flags = {
    ...inputFlags,
    ...varFlag,
    'prune-preview': Flags.boolean({ summary: 'Also list resources in the touched meshes that no file names (nothing is deleted)', default: false }),
    output: Flags.string({ char: 'o', summary: 'Output format', options: ['text', 'json'], default: 'text' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Diff);
    const { client, target } = this.connect(flags);
    const resources = await loadBatch(client, flags.file, loadOptionsFrom(flags, target.defaultMesh), (f) => process.stderr.write(`${formatFinding(f)}\n`));
    const changes = await reviewChanges(client, resources, 8);
    if (flags['prune-preview']) changes.push(...(await pruneCandidates(client, resources)));
    if (flags.output === 'json') {
      process.stdout.write(`${JSON.stringify({ changes: changes.map(({ diff: _diff, ...c }) => c) }, null, 2)}\n`);
    } else {
      if (process.stderr.isTTY) process.stderr.write(planSummaryTable(changes)); // for a person; pipes keep the plain form
      process.stdout.write(await renderText(changes));
    }
    const count = (a: Change['action']) => changes.filter((c) => c.action === a).length;
    const prune = flags['prune-preview'] ? `, ${count('not-in-files')} in no file (left in place)` : '';
    process.stderr.write(`Diff: ${count('create')} to create, ${count('update')} to update, ${count('unchanged')} unchanged${prune}\n`);
    this.exit(count('create') + count('update') > 0 ? ExitCode.UNEXPECTED : ExitCode.OK);
  }
}

/** Unified diffs, coloured on a terminal only (chalk honours NO_COLOR and pipes). */
async function renderText(changes: Change[]): Promise<string> {
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
