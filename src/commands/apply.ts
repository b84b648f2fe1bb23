import { Flags } from '@oclif/core';
import { ApiCommand } from '../api-command.js';
import { ExitCode, UserError } from '../lib/errors.js';
import type { Finding, LoadedResource } from '../lib/manifest/load.js';
import { formatFinding, findingJson, errorFindingJson } from '../lib/output/findings.js';
import { loadBatch } from '../lib/plan/batch.js';
import { inputFlags, varFlag, loadOptionsFrom } from '../lib/manifest/flags.js';
import { applyResources, type ApplyResult } from '../lib/plan/apply.js';
import { KumaApiError } from '../lib/client/errors.js';
import { parseField } from '../lib/validation/field-path.js';

const VERB: Record<string, string> = {
  created: 'Created',
  updated: 'Updated',
  unchanged: 'Unchanged',
  'would-create': 'Would be created',
  'would-update': 'Would be updated',
};

export default class Apply extends ApiCommand {
  static override summary = 'Create or modify Kuma resources';
  static override description = `Reads, templates, resolves the mesh of and validates every document before the first request; any
problem: exit 3 and nothing is sent. Then Meshes first, the rest in parallel; each resource is read and
written only when new or different. A rejected resource does not stop the others.
Exit codes: 0 applied, 3 invalid input (nothing sent), 4 nothing applied, 5 unreachable, 6 partly applied.`;

  static override examples = [
    '<%= config.bin %> apply --file policies/ --recursive',
    '<%= config.bin %> apply --file mesh.yaml --dry-run',
    '<%= config.bin %> apply --file timeout.yaml --mesh team-a --var service=payments',
    // printf, not echo: bash's echo prints "\n" as it is
    "printf 'type: Mesh\\nname: demo\\n' | <%= config.bin %> apply --file -",
  ];

  static override flags = {
    ...inputFlags,
    ...varFlag,
    'dry-run': Flags.boolean({ summary: 'Show what would be created, updated or left unchanged; write nothing', default: false }),
    concurrency: Flags.integer({ summary: 'Requests in flight at once', default: 8, min: 1, max: 64 }),
    output: Flags.string({ char: 'o', summary: 'Output format', options: ['text', 'json'], default: 'text' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Apply);
    const { client, target } = this.connect(flags);
    const text = flags.output === 'text';
    const findings: Finding[] = [];
    let resources: LoadedResource[];
    try {
      resources = await loadBatch(client, flags.file, loadOptionsFrom(flags, target.defaultMesh), (f) => {
        findings.push(f);
        process.stderr.write(`${formatFinding(f)}\n`);
      });
    } catch (err) {
      // `-o json | jq` always gets a document: the findings, or what stopped the reading
      if (!text && err instanceof UserError) {
        const reported = findings.some((f) => f.severity === 'error') ? findings.map(findingJson) : [...findings.map(findingJson), errorFindingJson(err.message)];
        process.stdout.write(`${JSON.stringify({ ...jsonReport([]), findings: reported }, null, 2)}\n`);
      }
      throw err;
    }

    let stopped = false;
    const onSignal = () => {
      stopped = true;
      process.stderr.write('\ninterrupted: finishing the requests in flight, sending nothing more\n');
    };
    process.once('SIGINT', onSignal);
    const printer = orderedPrinter(text, flags['dry-run']);
    const progress = progressReporter(resources.length);
    let results: ApplyResult[];
    try {
      results = await applyResources(client, resources, {
        concurrency: flags.concurrency,
        dryRun: flags['dry-run'],
        stopped: () => stopped,
        onResult: (r, i) => {
          progress.tick();
          printer(r, i);
        },
      });
    } finally {
      process.off('SIGINT', onSignal);
      progress.done();
    }
    if (!text) process.stdout.write(`${JSON.stringify({ ...jsonReport(results), findings: findings.map(findingJson) }, null, 2)}\n`);
    this.exit(finish(results, stopped, flags['dry-run']));
  }
}

/** Print result lines in input order as soon as all earlier ones are known. */
function orderedPrinter(text: boolean, dryRun: boolean): (r: ApplyResult, i: number) => void {
  const pending = new Map<number, ApplyResult>();
  let next = 0;
  return (result, index) => {
    pending.set(index, result);
    while (pending.has(next)) {
      const r = pending.get(next)!;
      pending.delete(next++);
      for (const w of r.warnings) if (!r.resource.knownWarnings?.includes(w)) process.stderr.write(`Warning: ${w}\n`);
      if (r.action === 'failed') process.stderr.write(failureText(r));
      else if (text && r.action !== 'not-sent') {
        process.stdout.write(`${resourceId(r.resource)} ${VERB[r.action]}\n`);
        if (dryRun && r.diff) process.stdout.write(r.diff);
      }
    }
  };
}

function resourceId(r: LoadedResource): string {
  return `resource type=${JSON.stringify(r.type.name)} mesh=${JSON.stringify(r.mesh ?? '')} name=${JSON.stringify(r.name)}`;
}

/** kumactl's failure line, then each rejected field located in the input. */
function failureText(r: ApplyResult): string {
  const err = r.error!;
  if (!(err instanceof KumaApiError)) return `${resourceId(r.resource)}: failed: ${err.message}\n`;
  const lines = [`${resourceId(r.resource)}: failed server side: ${err.title} (${err.detail})`];
  for (const p of err.invalidParameters) {
    const at = r.resource.locate(p.field ? parseField(p.field) : []);
    lines.push(`  ${r.resource.file}:${at.line}:${at.column}: ${p.field ? `${p.field}: ` : ''}${p.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

function jsonReport(results: ApplyResult[]): object {
  const entry = (r: ApplyResult) => ({
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
  };
}

/** The summary on stderr and the exit code: 0 all done, 4 nothing applied, 5 unreachable, 6 partial. */
function finish(results: ApplyResult[], stopped: boolean, dryRun: boolean): number {
  const count = (...actions: string[]) => results.filter((r) => actions.includes(r.action)).length;
  const created = count('created', 'would-create');
  const updated = count('updated', 'would-update');
  const failed = count('failed');
  const notSent = count('not-sent');
  const parts = [`${created} created`, `${updated} updated`, `${count('unchanged')} unchanged`, `${failed} failed`];
  if (notSent > 0) parts.push(`${notSent} not sent`);
  process.stderr.write(`Summary: ${parts.join(', ')}${dryRun ? ' (dry run: nothing was written)' : ''}\n`);
  if (failed === 0 && !stopped) return ExitCode.OK;
  if (created + updated > 0) return ExitCode.PARTIAL;
  const unreachable = results.filter((r) => r.action === 'failed').every((r) => (r.error as UserError | undefined)?.exitCode === ExitCode.UNREACHABLE);
  if (failed > 0 && unreachable) return ExitCode.UNREACHABLE;
  return failed > 0 ? ExitCode.REJECTED : ExitCode.UNEXPECTED;
}

/** Progress on a terminal for large applies; nothing in pipes. */
function progressReporter(total: number): { tick(): void; done(): void } {
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
