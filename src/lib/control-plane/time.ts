/** Timestamps as Go's RFC3339Nano prints them (trailing zeros of the fraction trimmed). */
export function nowRfc3339(): string {
  return new Date().toISOString().replace(/\.?0+Z$/, 'Z');
}
