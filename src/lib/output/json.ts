/**
 * `-o json`: Go's `json.MarshalIndent(v, "", "  ")` plus a trailing newline, as kumactl prints.
 *
 * Differences from `JSON.stringify(v, null, 2)` that matter: Go escapes `<`, `>`, `&`, U+2028 and
 * U+2029 (`\u003c`, ...), and Go sorts map keys. A JS object whose keys include integer-like ones
 * (`"10"`, `"2"`) has lost its original order (JS puts those first), and such keys only occur in
 * maps (labels, tags), never in struct fields, so those objects are printed with keys sorted by
 * byte order as Go prints a map. Every other object keeps its insertion order.
 */
import { goMarshal } from '../go/json.js';

/** `json.MarshalIndent(value, "", "  ")` followed by `\n`. */
export function formatJson(value: unknown): string {
  return `${goMarshal(value, '  ')}\n`;
}
