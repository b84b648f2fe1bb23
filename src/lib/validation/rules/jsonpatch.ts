/**
 * Kuma 2.14.3's JSON patch block checks (pkg/plugins/policies/core/jsonpatch/validators/validator.go), used by
 * MeshProxyPatch's Patch operations: for each entry, `op`, then `from`, `value` and `path` against the op.
 */
import type { Violation } from '../types.js';
import { asArray, asRecord, type Loc } from './policy-common.js';

const OPS = ['add', 'remove', 'replace', 'move', 'copy'];

/** `from` and `path` are Go *string (null is absent); `value` is a json.RawMessage (a null value is present). */
export function validateJsonPatchBlock(patches: unknown, loc: Loc): Violation[] {
  const list = asArray(patches);
  const out: Violation[] = [];
  if (list.length === 0) out.push(loc.err('must not be empty'));
  list.forEach((p, i) => {
    const patch = asRecord(p) ?? {};
    const l = loc.i(i);
    const op = typeof patch.op === 'string' ? patch.op : '';
    if (!OPS.includes(op)) out.push(l.f('op').err('"op" must be one of ["add", "remove", "replace", "move", "copy"]'));

    const hasFrom = typeof patch.from === 'string';
    if (op === 'move' || op === 'copy') {
      if (!hasFrom) out.push(l.f('from').err('"from" must not be empty when "op" is one of ["move", "copy"]'));
    } else if (hasFrom) {
      out.push(l.f('from').err('"from" is allowed only when "op" is one of ["move", "copy"]'));
    }

    const hasValue = Object.hasOwn(patch, 'value') && patch.value !== undefined;
    if (op === 'add' || op === 'replace') {
      if (!hasValue) out.push(l.f('value').err('"value" must not be empty when "op" is one of ["add", "replace"]'));
    } else if (hasValue) {
      out.push(l.f('value').err('"value" is allowed only when "op" is one of ["add", "replace"]'));
    }

    if (typeof patch.path !== 'string') out.push(l.f('path').err('must be defined'));
    else if ((patch.path === '' || patch.path === '/') && op === 'remove') out.push(l.f('path').err('root path cannot be removed'));
  });
  return out;
}
