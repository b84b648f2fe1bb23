import { Flags } from '@oclif/core';
import { ApiCommand } from '../api-command.js';
import { inputFlags, varFlag } from '../lib/manifest/flags.js';
import { formatFinding } from '../lib/output/findings.js';
import { reviewInput, syncFlags } from '../lib/plan/inputs.js';
import { buildPlan, planText, savePlan } from '../lib/plan/plan-file.js';
import { diffExitCode, diffReport, diffSummary, diffText } from '../lib/output/diff.js';
import { planSummaryTable } from '../lib/plan/summary.js';

export default class Diff extends ApiCommand {
  static override summary = 'Show what apply would change, resource by resource';
  static override description = `Reads, resolves and validates the files exactly as apply does, then compares each resource with the
control plane: new, changed (a unified diff of the YAML), unchanged, or (--prune --owner) deleted.
Writes nothing. -o plan (or --save-plan FILE) writes the plan for apply --plan.
Exit codes (kubectl's): 0 nothing would change, 1 something would, 3 or more on errors.`;

  static override examples = [
    '<%= config.bin %> diff --file policies/ --recursive',
    '<%= config.bin %> diff --file team-a/ --recursive --prune --owner team-a-ci --output plan > plan.json',
    '<%= config.bin %> diff --file policies/ --recursive --prune-preview --output json',
  ];

  static override flags = {
    ...inputFlags,
    ...varFlag,
    ...syncFlags,
    'prune-preview': Flags.boolean({ summary: 'Also list resources in the touched meshes that no file names, whoever owns them (nothing is deleted)', default: false, exclusive: ['prune'] }),
    'save-plan': Flags.string({ summary: 'Also write the plan to this file, for apply --plan' }),
    output: Flags.string({ char: 'o', summary: 'Output format (plan: the plan file for apply --plan)', options: ['text', 'json', 'plan'], default: 'text' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Diff);
    const { client, target } = this.connect(flags);
    const changes = await reviewInput(client, flags, target.defaultMesh, (f) => process.stderr.write(`${formatFinding(f)}\n`));
    const plan = flags.output === 'plan' || flags['save-plan'] ? buildPlan(changes, { controlPlane: client.url, owner: flags.owner }) : undefined;
    if (plan && flags['save-plan']) await savePlan(flags['save-plan'], plan);
    // for a person, the plan summary table first; pipes keep the plain form
    if (flags.output === 'text' && process.stderr.isTTY) process.stderr.write(planSummaryTable(changes));
    if (flags.output === 'plan') process.stdout.write(planText(plan!));
    else process.stdout.write(flags.output === 'json' ? `${JSON.stringify(diffReport(changes), null, 2)}\n` : await diffText(changes));
    process.stderr.write(`${diffSummary(changes, flags['prune-preview'], flags.prune)}\n`);
    this.exit(diffExitCode(changes));
  }
}
