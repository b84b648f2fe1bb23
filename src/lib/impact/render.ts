import { ExitCode } from '../errors.js';
import type { ImpactReport } from './impact.js';

/*
 * `diff --impact`'s output: per proxy (mesh/name), per place, which changed resource causes it and the
 * conf before and after as a unified diff; a one-line summary for stderr; JSON for pipelines.
 */

const ACTION_TEXT = { create: 'new', update: 'changed', unchanged: 'unchanged' } as const;

/** The text view; `paint` colours diff lines (identity when not on a terminal). */
export function impactText(report: ImpactReport, paint: (line: string) => string = (l) => l): string {
  let out = '';
  for (const p of report.proxies) {
    out += `Dataplane ${p.mesh}/${p.name}${p.status === 'new' ? ' (new proxy)' : ''}\n`;
    for (const c of p.changes) {
      const under = c.comparedWith === undefined ? '' : ` (${c.placeOn === 'after' ? 'was under' : 'now under'} ${c.comparedWith})`;
      out += `  ${c.policyType} on ${c.place}${under}\n`;
      out += `    caused by ${c.causes.join(', ')}\n`;
      const was = c.before?.origins ?? [];
      const now = c.after?.origins ?? [];
      if (was.join('\n') !== now.join('\n')) out += `    merged from: ${was.length > 0 ? was.join(', ') : '(none)'} -> ${now.length > 0 ? now.join(', ') : '(none)'}\n`;
      if (!c.confChanged) out += '    conf unchanged\n';
      else
        for (const line of c.diff.split('\n')) {
          if (line !== '') out += `    ${paint(line)}\n`;
        }
    }
    out += '\n';
  }
  return out;
}

/** `Impact: 2 of 5 proxies affected in team-a (3 examined); MeshTimeout/team-a/override new`. */
export function impactSummary(report: ImpactReport): string {
  const changed = report.resources.filter((r) => r.action !== 'unchanged');
  const what =
    changed.length > 0 ? changed.map((r) => `${r.type}/${r.mesh === null ? '' : `${r.mesh}/`}${r.name} ${ACTION_TEXT[r.action]}`).join(', ') : 'no resource would change';
  const meshes = report.meshes.length > 0 ? report.meshes.join(', ') : 'no mesh';
  const n = report.proxies.length;
  return `Impact: ${n} of ${report.proxiesInMeshes} ${report.proxiesInMeshes === 1 ? 'proxy' : 'proxies'} in ${meshes} affected (${report.proxiesExamined} examined); ${what}`;
}

/** `diff --impact -o json`: the report, without the diff text (before and after confs are there). */
export function impactJson(report: ImpactReport): Record<string, unknown> {
  return {
    resources: report.resources,
    meshes: report.meshes,
    proxiesInMeshes: report.proxiesInMeshes,
    proxiesExamined: report.proxiesExamined,
    affected: report.proxies.map((p) => ({
      mesh: p.mesh,
      name: p.name,
      status: p.status,
      changes: p.changes.map(({ diff: _diff, ...c }) => c),
    })),
  };
}

/** As `diff`: 0 no proxy affected, 1 some. */
export function impactExitCode(report: ImpactReport): ExitCode {
  return report.proxies.length > 0 ? ExitCode.UNEXPECTED : ExitCode.OK;
}

/** The text view coloured on a terminal only (chalk honours NO_COLOR and pipes), as `diff` colours its diffs. */
export async function impactTextForTerminal(report: ImpactReport): Promise<string> {
  const { default: chalk } = await import('chalk');
  const paint = (line: string) => (line.startsWith('+') ? chalk.green(line) : line.startsWith('-') ? chalk.red(line) : line.startsWith('@@') ? chalk.cyan(line) : line);
  return impactText(report, paint);
}
