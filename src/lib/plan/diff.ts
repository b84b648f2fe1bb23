import { structuredPatch } from 'diff';

/**
 * A unified diff of two texts, line by line (the `diff` package's Myers algorithm), with `context`
 * lines around changes. Our format: `--- from` / `+++ to` headers and no `\ No newline` markers (a
 * missing final newline is not a change); '' when the texts have the same lines.
 */
export function unifiedDiff(before: string, after: string, labels: { from: string; to: string }, context = 3): string {
  const patch = structuredPatch(labels.from, labels.to, withFinalNewline(before), withFinalNewline(after), undefined, undefined, { context });
  if (patch.hunks.length === 0) return '';
  const out = [`--- ${labels.from}`, `+++ ${labels.to}`];
  for (const h of patch.hunks) {
    // an empty side is numbered by the line before it (`-0,0`), as GNU diff does
    const from = h.oldLines === 0 ? h.oldStart - 1 : h.oldStart;
    const to = h.newLines === 0 ? h.newStart - 1 : h.newStart;
    out.push(`@@ -${from},${h.oldLines} +${to},${h.newLines} @@`, ...h.lines);
  }
  return `${out.join('\n')}\n`;
}

function withFinalNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}
