/** TrafficLog (Kuma 2.14.3 traffic_log_validator.go): sources with the service tag, destinations by service only. */
import type { Violation } from '../../types.js';
import { validateConnectionPolicy } from './common.js';

export function validateTrafficLog(doc: Record<string, unknown>): Violation[] {
  // conf and its backend may be left out: the mesh's default logging backend is used
  return validateConnectionPolicy(doc, 'byService');
}
