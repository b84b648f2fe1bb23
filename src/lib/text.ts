/** Levenshtein distance between two strings. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = t;
    }
  }
  return row[b.length]!;
}

/**
 * Whether `input` is much longer than every candidate: then it is no typo of one, and comparing it
 * with them all would take time that grows with its length (a 1 MiB `type:` value, say).
 */
export function farLongerThanAll(input: string, candidates: readonly string[]): boolean {
  return input.length > 2 * candidates.reduce((n, c) => Math.max(n, c.length), 0) + 3;
}

/** The candidate closest to a likely typo (case-insensitive), when it is close enough to be the fix. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  return nearest(input, candidates)[0];
}

/**
 * Every candidate at the smallest distance from a likely typo (case-insensitive), in the candidates'
 * order, when that distance is small enough for them to be the fix; none otherwise.
 */
export function nearest(input: string, candidates: readonly string[]): string[] {
  if (farLongerThanAll(input, candidates)) return [];
  let best: string[] = [];
  let bestD = Infinity;
  const lower = input.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = [c];
    } else if (d === bestD) best.push(c);
  }
  return bestD <= Math.max(1, Math.floor(input.length / 3)) ? best : [];
}

/**
 * cobra's "Did you mean this?" rule, which kumactl's unknown-command message follows: every name
 * within edit distance 2 of what was typed, or starting with it (case-insensitive), in the given order.
 */
export function cobraSuggestions(typed: string, names: readonly string[]): string[] {
  if (farLongerThanAll(typed, names)) return [];
  const lower = typed.toLowerCase();
  return names.filter((n) => editDistance(lower, n.toLowerCase()) <= 2 || n.toLowerCase().startsWith(lower));
}
