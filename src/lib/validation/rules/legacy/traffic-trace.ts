/** TrafficTrace (Kuma 2.14.3 traffic_trace_validator.go): selectors, each with a tag. */
import type { Violation } from '../../types.js';
import { Verr, specOf, validateSelectors, sourcesOpts } from './common.js';

export function validateTrafficTrace(doc: Record<string, unknown>): Violation[] {
  const spec = specOf(doc);
  const err = new Verr();
  err.add(validateSelectors(spec.at('selectors'), spec.list('selectors'), sourcesOpts(false)));
  // conf and its backend may be left out: the mesh's default tracing backend is used
  return err.list;
}
