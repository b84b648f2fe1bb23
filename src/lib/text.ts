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
  if (farLongerThanAll(input, candidates)) return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  const lower = input.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(input.length / 3)) ? best : undefined;
}
