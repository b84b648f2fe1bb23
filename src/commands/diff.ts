import { Flags } from '@oclif/core';
import { ApiCommand } from '../api-command.js';
import { inputFlags, varFlag } from '../lib/manifest/flags.js';
import type { Finding } from '../lib/manifest/load.js';
import { formatFinding } from '../lib/output/findings.js';
import { readInput, reviewInput, syncFlags } from '../lib/plan/inputs.js';
import { buildPlan, planText, savePlan } from '../lib/plan/plan-file.js';
import { diffExitCode, diffReport, diffSummary, diffText } from '../lib/output/diff.js';
import { planSummaryTable } from '../lib/plan/summary.js';

const printFinding = (f: Finding) => process.stderr.write(`${formatFinding(f)}\n`);

export default class Diff extends ApiCommand {
  static override summary = 'Show what apply would change, resource by resource';
  static override description = `Reads, resolves and validates the files exactly as apply does, then compares each resource with the
control plane: new, changed (a unified diff of the YAML), unchanged, or (--prune --owner) deleted.
Writes nothing. -o plan (or --save-plan FILE) writes the plan for apply --plan.
Exit codes (kubectl's): 0 nothing would change, 1 something would, 3 or more on errors.

With --impact: which data plane proxies' rules the change would alter, and how. The current resources of
the meshes the files touch are read (as export reads them), Kuma's policy matching runs in-process on
them with and without the change, and every affected proxy (mesh/name) is listed with, per inbound,
outbound or route, the policy type, the changed resource that causes it and the merged conf before and
after as a unified diff. Only the proxies a changed policy selects (before or after) are recomputed.
Nothing is written. Exit codes: 0 no proxy affected, 1 some, 3 or more on errors. -o json for pipelines.`;

  static override examples = [
    '<%= config.bin %> diff --file policies/ --recursive',
    '<%= config.bin %> diff --file team-a/ --recursive --prune --owner team-a-ci --output plan > plan.json',
    '<%= config.bin %> diff --file policies/ --recursive --prune-preview --output json',
    '<%= config.bin %> diff --impact --file mesh-timeout-override.yaml',
    '<%= config.bin %> diff --impact --file policies/ --recursive --output json',
  ];

  static override flags = {
    ...inputFlags,
    ...varFlag,
    ...syncFlags,
    'prune-preview': Flags.boolean({ summary: 'Also list resources in the touched meshes that no file names, whoever owns them (nothing is deleted)', default: false, exclusive: ['prune'] }),
    impact: Flags.boolean({ summary: "Show which proxies' rules the change alters and how, instead of the resources' diff", default: false, exclusive: ['prune', 'prune-preview', 'save-plan'] }),
    'save-plan': Flags.string({ summary: 'Also write the plan to this file, for apply --plan' }),
    output: Flags.string({ char: 'o', summary: 'Output format (plan: the plan file for apply --plan)', options: ['text', 'json', 'plan'], default: 'text' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Diff);
    const { client, target } = this.connect(flags);
    if (flags.impact) {
      const { printImpact } = await import('../lib/impact/index.js');
      return this.exit(await printImpact(client, await readInput(client, flags, target.defaultMesh, printFinding), flags.output));
    }
    const changes = await reviewInput(client, flags, target.defaultMesh, printFinding);
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
