import { Flags } from '@oclif/core';
import { ApiCommand } from '../api-command.js';
import { UserError } from '../lib/errors.js';
import type { Finding } from '../lib/manifest/load.js';
import { formatFinding } from '../lib/output/findings.js';
import { inputFlags, varFlag } from '../lib/manifest/flags.js';
import { applyInput, planFlags, syncFlags, type ApplyInput } from '../lib/plan/inputs.js';
import { applyResources } from '../lib/plan/apply.js';
import { untilInterrupted } from '../lib/cli/interrupt.js';
import { applyDisplay, applyExitCode, applyReport, deletesSkipped, refusedReport, summaryLine } from '../lib/output/apply.js';

export default class Apply extends ApiCommand {
  static override summary = 'Create or modify Kuma resources';
  static override description = `Reads, templates, resolves the mesh of and validates every document before the first request; any
problem: exit 3 and nothing is sent. Then Meshes first, the rest in parallel; each resource is read and
written only when new or different. A rejected resource does not stop the others. With --prune --owner,
deletes what that owner labelled and no document names, last, and only when nothing failed. --plan
applies a plan reviewed with diff -o plan, refused if anything moved since (exit 4) or it is too old.
Exit codes: 0 applied, 3 invalid input (nothing sent), 4 nothing applied, 5 unreachable, 6 partly applied.`;

  static override examples = [
    '<%= config.bin %> apply --file policies/ --recursive',
    '<%= config.bin %> apply --file mesh.yaml --dry-run',
    '<%= config.bin %> apply --file timeout.yaml --mesh team-a --var service=payments',
    '<%= config.bin %> apply --file team-a/ --recursive --prune --owner team-a-ci',
    '<%= config.bin %> apply --plan plan.json',
    // printf, not echo: bash's echo prints "\n" as it is
    "printf 'type: Mesh\\nname: demo\\n' | <%= config.bin %> apply --file -",
  ];

  static override flags = {
    ...inputFlags,
    ...varFlag,
    ...syncFlags,
    ...planFlags,
    'dry-run': Flags.boolean({ summary: 'Show what would be created, updated, deleted or left unchanged; write nothing', default: false }),
    concurrency: Flags.integer({ summary: 'Requests in flight at once (default: adaptive, from 8 up to 64 while latency holds)', min: 1, max: 64 }),
    output: Flags.string({ char: 'o', summary: 'Output format', options: ['text', 'json'], default: 'text' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Apply);
    const { client, target } = this.connect(flags);
    const [json, dryRun] = [flags.output === 'json', flags['dry-run']];
    const findings: Finding[] = [];
    let input: ApplyInput;
    try {
      input = await applyInput(client, flags, target.defaultMesh, (f) => {
        findings.push(f);
        process.stderr.write(`${formatFinding(f)}\n`);
      });
    } catch (err) {
      // `-o json | jq` always gets a document: the findings, or what stopped the reading
      if (json && err instanceof UserError) process.stdout.write(`${JSON.stringify(refusedReport(findings, err), null, 2)}\n`);
      throw err;
    }
    const display = applyDisplay(input.resources.length, !json, dryRun);
    const options = { concurrency: flags.concurrency ?? ('adaptive' as const), dryRun, onResult: display.onResult, ...(input.deletes ? { deletes: input.deletes, onDeletesSkipped: deletesSkipped } : {}) };
    const { result: results, stopped } = await untilInterrupted((stopped) => applyResources(client, input.resources, { ...options, stopped })).finally(() => display.done());
    if (json) process.stdout.write(`${JSON.stringify(applyReport(results, findings), null, 2)}\n`);
    process.stderr.write(`${summaryLine(results, dryRun, input.deletes !== undefined)}\n`);
    this.exit(applyExitCode(results, stopped));
  }
}
