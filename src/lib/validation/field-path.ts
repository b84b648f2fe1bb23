import type { DocPath } from './types.js';
import { goQuote } from '../go/strconv.js';

export { goQuote };

/**
 * Kuma's field-path syntax (pkg/core/validators/types.go): keys joined with `.`, indices as `[i]`,
 * map keys as `["key"]` (Go %q quoting, src/lib/go/strconv.ts).
 */
export class FieldPath {
  private constructor(private readonly segments: ReadonlyArray<{ kind: 'field' | 'index' | 'key'; value: string | number }>) {}

  static root(): FieldPath {
    return new FieldPath([]);
  }

  static of(...fields: string[]): FieldPath {
    return new FieldPath(fields.map((value) => ({ kind: 'field' as const, value })));
  }

  field(name: string): FieldPath {
    return new FieldPath([...this.segments, { kind: 'field', value: name }]);
  }

  index(i: number): FieldPath {
    return new FieldPath([...this.segments, { kind: 'index', value: i }]);
  }

  key(k: string): FieldPath {
    return new FieldPath([...this.segments, { kind: 'key', value: k }]);
  }

  /** The document path this field points at. */
  get path(): DocPath {
    return this.segments.map((s) => s.value);
  }

  toString(): string {
    let out = '';
    for (const s of this.segments) {
      if (s.kind === 'field') out += out === '' ? String(s.value) : `.${s.value}`;
      else if (s.kind === 'index') out += `[${s.value}]`;
      else out += `[${goQuote(String(s.value))}]`;
    }
    return out;
  }
}


/** Parse a Kuma field string back into a document path (best effort; for locating findings). */
export function parseField(field: string): DocPath {
  const out: Array<string | number> = [];
  const re = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([^.[\]]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(field)) !== null) {
    if (m[1] !== undefined) out.push(Number(m[1]));
    else if (m[2] !== undefined) out.push(JSON.parse(m[2]) as string);
    else if (m[3] !== undefined) out.push(m[3]);
  }
  return out;
}
