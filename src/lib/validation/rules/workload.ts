import type { Violation } from '../types.js';
import { validateLength } from './kuma-errors.js';
import { Loc } from './loc.js';
import { displayName } from './display-name.js';

/** WorkloadResource.validate() of Kuma 2.14.3: a name of at most 253 characters. */
export function validateWorkload(doc: Record<string, unknown>): Violation[] {
  return validateLength(Loc.of('name'), 253, displayName(doc)).toViolations();
}
