/** TrafficPermission (Kuma 2.14.3 traffic_permission_validator.go): sources and destinations, each selector with a tag. */
import type { Violation } from '../../types.js';
import { Verr, specOf, validateSelectors, sourcesOpts } from './common.js';

export function validateTrafficPermission(doc: Record<string, unknown>): Violation[] {
  const spec = specOf(doc);
  const err = new Verr();
  err.add(validateSelectors(spec.at('sources'), spec.list('sources'), sourcesOpts(false)));
  err.add(validateSelectors(spec.at('destinations'), spec.list('destinations'), sourcesOpts(false)));
  return err.list;
}
