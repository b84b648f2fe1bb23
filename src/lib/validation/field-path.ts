import type { DocPath } from './types.js';
import { goQuote } from '../go/strconv.js';

export { goQuote };

/* Kuma's field strings (pkg/core/validators/types.go); building them is rules/loc.ts's `Loc`. */

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
