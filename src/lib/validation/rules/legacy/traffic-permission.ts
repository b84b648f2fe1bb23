/** TrafficPermission (Kuma 2.14.3 traffic_permission_validator.go): sources and destinations, each selector with a tag. */
import type { Violation } from '../../types.js';
import { Verr, specOf, validateSourcesAndDestinations } from './common.js';

export function validateTrafficPermission(doc: Record<string, unknown>): Violation[] {
  const spec = specOf(doc);
  const err = new Verr();
  err.add(validateSourcesAndDestinations(spec, 'tagged'));
  return err.list;
}
