/** TrafficPermission (Kuma 2.14.3 traffic_permission_validator.go): sources and destinations, each selector with a tag. */
import type { Violation } from '../../types.js';
import { validateConnectionPolicy } from './common.js';

export function validateTrafficPermission(doc: Record<string, unknown>): Violation[] {
  return validateConnectionPolicy(doc, 'tagged');
}
