import { Flags } from '@oclif/core';
import { ApiCommand } from '../api-command.js';
import { loadBatch } from '../lib/plan/batch.js';
import { inputFlags, varFlag, loadOptionsFrom } from '../lib/manifest/flags.js';
import { formatFinding } from '../lib/output/findings.js';
import { reviewChanges, pruneCandidates } from '../lib/plan/review.js';
import { diffExitCode, diffReport, diffSummary, diffText } from '../lib/output/diff.js';
import { planSummaryTable } from '../lib/plan/summary.js';

export default class Diff extends ApiCommand {
  static override summary = 'Show what apply would change, resource by resource';
  static override description = `Reads, resolves and validates the files exactly as apply does, then compares each resource with the
control plane: new, changed (a unified diff of the YAML) or unchanged. Writes nothing.
Exit codes (kubectl's): 0 nothing would change, 1 something would, 3 or more on errors.

With --impact: which data plane proxies' rules the change would alter, and how. The current resources of
the meshes the files touch are read (as export reads them), Kuma's policy matching runs in-process on
them with and without the change, and every affected proxy (mesh/name) is listed with, per inbound,
outbound or route, the policy type, the changed resource that causes it and the merged conf before and
after as a unified diff. Only the proxies a changed policy selects (before or after) are recomputed.
Nothing is written. Exit codes: 0 no proxy affected, 1 some, 3 or more on errors. -o json for pipelines.`;

  static override examples = [
    '<%= config.bin %> diff --file policies/ --recursive',
    '<%= config.bin %> diff --file policies/ --recursive --prune-preview --output json',
    '<%= config.bin %> diff --impact --file mesh-timeout-override.yaml',
    '<%= config.bin %> diff --impact --file policies/ --recursive --output json',
  ];

  static override flags = {
    ...inputFlags,
    ...varFlag,
    'prune-preview': Flags.boolean({ summary: 'Also list resources in the touched meshes that no file names (nothing is deleted)', default: false }),
    impact: Flags.boolean({ summary: "Show which proxies' rules the change alters and how, instead of the resources' diff", default: false, exclusive: ['prune-preview'] }),
    output: Flags.string({ char: 'o', summary: 'Output format', options: ['text', 'json'], default: 'text' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Diff);
    const { client, target } = this.connect(flags);
    const resources = await loadBatch(client, flags.file, loadOptionsFrom(flags, target.defaultMesh), (f) => process.stderr.write(`${formatFinding(f)}\n`));
    if (flags.impact) {
      const impact = await import('../lib/impact/index.js');
      const report = await impact.impactOf(client, resources);
      process.stdout.write(flags.output === 'json' ? `${JSON.stringify(impact.impactJson(report), null, 2)}\n` : await impact.impactTextForTerminal(report));
      process.stderr.write(`${impact.impactSummary(report)}\n`);
      return this.exit(impact.impactExitCode(report));
    }
    const changes = await reviewChanges(client, resources, 8);
    if (flags['prune-preview']) changes.push(...(await pruneCandidates(client, resources)));
    // for a person, the plan summary table first; pipes keep the plain form
    if (flags.output !== 'json' && process.stderr.isTTY) process.stderr.write(planSummaryTable(changes));
    process.stdout.write(flags.output === 'json' ? `${JSON.stringify(diffReport(changes), null, 2)}\n` : await diffText(changes));
    process.stderr.write(`${diffSummary(changes, flags['prune-preview'])}\n`);
    this.exit(diffExitCode(changes));
  }
}
