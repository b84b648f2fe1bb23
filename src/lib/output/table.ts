/**
 * kumactl's table printer: Go `text/tabwriter` with minwidth 1, tabwidth 0, padding 3, pad char
 * space and no flags, fed one line per row (cells joined by TAB, then `\n`).
 *
 * Written by hand on purpose: cli-table3 cannot give byte-identical output. Even with every border
 * character set to '' it pads the last column too, adds its own left/right cell padding, trims and
 * truncates, while tabwriter leaves the last cell as-is and pads empty cells of the other columns.
 */

const PADDING = 3;
const MIN_WIDTH = 1;

/** Width of a cell as tabwriter counts it: Unicode code points (not bytes, not display width). */
export function cellWidth(cell: string): number {
  let n = 0;
  for (const _ of cell) n++;
  return n;
}

/**
 * The lines of a table, each ending with `\n`. Every column but the last is padded with spaces to
 * (widest cell in that column, header included) + 3, empty cells included; the last column is
 * never padded. No rows: just the header line. No headers and no rows: the empty string.
 */
export function formatTable(headers: string[], rows: string[][]): string {
  const lines: string[][] = [];
  if (headers.length > 0) lines.push(headers);
  lines.push(...rows);
  if (lines.length === 0) return '';

  // tabwriter aligns a column over a block of consecutive lines that have a cell in it (a cell is
  // text followed by a TAB, so a line of n cells takes part in columns 0..n-2). kumactl's rows all
  // have the header's length; blocks are still computed per column for rows of other lengths.
  const out: string[] = lines.map(() => '');
  const maxCols = Math.max(...lines.map((l) => l.length));
  const widths: number[][] = lines.map(() => []);
  for (let col = 0; col < maxCols - 1; col++) {
    let start = 0;
    while (start < lines.length) {
      if ((lines[start]?.length ?? 0) - 1 <= col) {
        start++;
        continue;
      }
      let end = start;
      let width = MIN_WIDTH;
      while (end < lines.length && (lines[end]?.length ?? 0) - 1 > col) {
        const w = cellWidth(lines[end]?.[col] ?? '') + PADDING;
        if (w > width) width = w;
        end++;
      }
      for (let i = start; i < end; i++) (widths[i] as number[])[col] = width;
      start = end;
    }
  }
  lines.forEach((line, i) => {
    let text = '';
    line.forEach((cell, col) => {
      if (col === line.length - 1) {
        text += cell;
      } else {
        const width = widths[i]?.[col] ?? MIN_WIDTH;
        text += cell + ' '.repeat(Math.max(0, width - cellWidth(cell)));
      }
    });
    out[i] = `${text}\n`;
  });
  return out.join('');
}

/** The pagination footer kumactl prints under a list: an empty line, then the text. */
export function paginationFooter(offset: string): string {
  return offset === '' ? '' : `\nRerun command with --offset=${offset} argument to retrieve more resources\n`;
}
