import { asRecord as obj } from '../../json.js';
import type { Violation } from '../types.js';
import { validateLength } from './kuma-errors.js';
import { Loc, Verr } from './loc.js';
import { displayName } from './display-name.js';

/** MeshServiceResource.validate() of Kuma 2.14.3: a 63-character name, one selector kind at most. */
export function validateMeshService(doc: Record<string, unknown>): Violation[] {
  const err = new Verr();
  err.add(validateLength(Loc.of('name'), 63, displayName(doc)));
  const selector = obj(obj(doc.spec)?.selector);
  const set = ['dataplaneTags', 'dataplaneRef', 'dataplaneLabels'].filter((k) => selector?.[k] !== undefined && selector?.[k] !== null);
  if (set.length > 1) err.at(Loc.of('spec', 'selector'), 'must specify only one of: dataplaneTags, dataplaneRef, or dataplaneLabels');
  return err.toViolations();
}
