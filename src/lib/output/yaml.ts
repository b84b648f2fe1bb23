import { yamlModule } from '../lazy-yaml.js';
import { needsDoubleQuotes } from './yaml-scalar.js';

export { isYamlTimestamp, resolvesToNonString } from './yaml-scalar.js';
/**
 * `-o yaml`: what kumactl prints is the JSON form converted to YAML by go-yaml v2. We emit it with
 * the `yaml` package, steered to kumactl's choices:
 * - map keys sorted with go-yaml's key order (letters after other characters, digit runs compared
 *   as numbers: `a9` < `a10`, `_x` < `Ax`);
 * - 2-space indentation, block sequences at their parent key's indentation (`key:\n- item`),
 *   `{}` / `[]` for empty collections, `null` for null;
 * - a string is double-quoted when it would read back as something else in YAML 1.1 (`"on"`,
 *   `"y"`, `"null"`, `"~"`, `""`, `"123"`, `"1e3"`, `".5"`, `"0x1F"`, `"1:20"`, timestamps such
 *   as `"2024-01-01T00:00:00Z"` or `"2024-01-01"`), or holds characters YAML cannot print raw
 *   (tabs, control characters, characters outside the BMP: escaped as `\t`, `\U0001F600`, ...);
 * - single-quoted when it starts with an indicator (`'- x'`, `'#x'`, `'*x'`, `'&x'`, `'!x'`,
 *   `'{x'`, `'[x'`, `'%x'`, `'@x'`, ...), contains `: ` or ` #`, ends with `:` or has leading or
 *   trailing spaces;
 * - strings with a newline as literal block scalars (`|`, `|-`, `|+`, with an indentation
 *   indicator when the first line starts with a space);
 * - plain (and quoted) scalars longer than 80 columns are folded at a single space once the line
 *   is past column 80, continuation lines indented two more than the key, exactly where go-yaml v2
 *   folds them;
 * - numbers as go-yaml prints the values JSON decoding gives: integers as integers, other numbers
 *   with Go's `%g` (`1.5`, `1e-07`, `1.2345675e+06`);
 * - keys longer than 128 bytes or spanning lines use the explicit `? key` / `: value` form.
 */

// ---------------------------------------------------------------------------------------------
// Key order: go-yaml v2 `keyList.Less` for string keys

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

function isLetter(cp: number): boolean {
  return LETTER.test(String.fromCodePoint(cp));
}

function isDigit(cp: number): boolean {
  return DIGIT.test(String.fromCodePoint(cp));
}

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0) ?? 0xfffd);
  return out;
}

/** go-yaml v2's ordering of two string map keys. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = codePoints(a);
  const br = codePoints(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ca = ar[i] as number;
    const cb = br[i] as number;
    if (ca === cb) continue;
    const al = isLetter(ca);
    const bl = isLetter(cb);
    if (al && bl) return ca < cb;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ca === 0x30 || cb === 0x30) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j] as number); j--) {
        if (ar[j] !== 0x30) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai] as number); ai++) an = BigInt.asIntN(64, an * 10n + BigInt((ar[ai] as number) - 0x30));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi] as number); bi++) bn = BigInt.asIntN(64, bn * 10n + BigInt((br[bi] as number) - 0x30));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ca < cb;
  }
  return ar.length < br.length;
}

export function sortYamlKeys(keys: string[]): string[] {
  return [...keys].sort((a, b) => (a === b ? 0 : yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0));
}

/**
 * One YAML document as kumactl prints it: keys in go-yaml's order, sequences at their key's
 * indentation, strings YAML 1.1 would read as something else double-quoted, indicator-led strings
 * single-quoted, multi-line strings as literal blocks, long lines folded at 80 columns.
 */
export function formatYaml(value: unknown): string {
  const { Document, visit } = yamlModule();
  // the styles are ours (./yaml-scalar.ts, as go-yaml v2 chooses them): the yaml package's own YAML 1.1
  // tests would quote what Go reads as a string (`2024-13-45`, `.`), so its tags lose them here
  const doc = new Document(value, {
    version: '1.1',
    customTags: (tags) => tags.map((t) => (typeof t === 'string' || !('test' in t) ? t : { ...t, test: undefined })),
    sortMapEntries: (a, b) => compareKeys(keyText(a.key), keyText(b.key)),
  });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string') {
        if (node.value.includes('\n')) node.type = 'BLOCK_LITERAL';
        else if (needsDoubleQuotes(node.value)) node.type = 'QUOTE_DOUBLE';
      }
    },
  });
  return doc.toString({ indentSeq: false, lineWidth: 80, minContentWidth: 0, singleQuote: true, nullStr: 'null' });
}

function keyText(key: unknown): string {
  return yamlModule().isScalar(key) ? String(key.value) : String(key);
}

function compareKeys(a: string, b: string): number {
  return a === b ? 0 : yamlKeyLess(a, b) ? -1 : 1;
}
