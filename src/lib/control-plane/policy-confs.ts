import type { StoredResource } from './store/types.js';
import type { Snapshot } from './matching/index.js';

export function dataplanePolicies(_s: Snapshot, _dp: StoredResource): unknown {
  return { policies: [] };
}
export function inboundPolicies(_s: Snapshot, _dp: StoredResource, _kri: string): unknown {
  return { policies: [] };
}
export function outboundPolicies(_s: Snapshot, _dp: StoredResource, _kri: string): unknown {
  return { policies: [] };
}
export function outboundRoutes(_s: Snapshot, _dp: StoredResource, _kri: string): unknown {
  return { routes: [] };
}
export function routePolicies(_s: Snapshot, _dp: StoredResource, _kri: string, _route: string): unknown {
  return { policies: [] };
}
