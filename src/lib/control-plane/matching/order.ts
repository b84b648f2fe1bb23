import type { StoredResource } from '../store/types.js';
import { displayName } from './kri.js';
import { policyRole, targetRefOf, type TargetRef } from './targetref.js';

/**
 * Kuma's order of policies (matchers.SortByTargetRef): least specific first, so that the last one
 * wins when confs merge. By top-level targetRef kind, then Dataplane specificity (labels before name,
 * without sectionName before with), then origin (global, none, zone), then for MeshGateway the number
 * of tags, then policy role (system, producer, consumer, workload-owner), then display name descending.
 */

const KIND_ORDER: Record<string, number> = {
  Mesh: 1,
  Dataplane: 2,
  MeshSubset: 3,
  MeshGateway: 4,
  MeshService: 5,
  MeshExternalService: 6,
  MeshMultiZoneService: 7,
  MeshServiceSubset: 8,
  MeshHTTPRoute: 9,
};

const ORIGIN_ORDER: Record<string, number> = { global: 1, '': 2, zone: 3 };
const ROLE_ORDER: Record<string, number> = { system: 1, producer: 2, consumer: 3, 'workload-owner': 4 };

export function compareKinds(a: string | undefined, b: string | undefined): number {
  return (KIND_ORDER[a ?? ''] ?? 0) - (KIND_ORDER[b ?? ''] ?? 0);
}

export function compareDataplaneKind(a: TargetRef, b: TargetRef): number {
  if (a.kind !== 'Dataplane' || b.kind !== 'Dataplane') return 0;
  const byName = (t: TargetRef) => typeof t.name === 'string' && t.name !== '';
  const byLabels = (t: TargetRef) => t.labels !== undefined && t.labels !== null;
  if (byName(a) && byLabels(b)) return 1;
  if (byLabels(a) && byName(b)) return -1;
  const section = (t: TargetRef) => typeof t.sectionName === 'string' && t.sectionName !== '';
  if (section(a) && !section(b)) return 1;
  if (!section(a) && section(b)) return -1;
  return 0;
}

export function compareOrigins(a: StoredResource, b: StoredResource): number {
  return (ORIGIN_ORDER[a.labels['kuma.io/origin'] ?? ''] ?? 0) - (ORIGIN_ORDER[b.labels['kuma.io/origin'] ?? ''] ?? 0);
}

export function compareRoles(a: StoredResource, b: StoredResource): number {
  return (ROLE_ORDER[policyRole(a)] ?? 0) - (ROLE_ORDER[policyRole(b)] ?? 0);
}

export function compareByTargetRef(a: StoredResource, b: StoredResource): number {
  const ta = targetRefOf(a);
  const tb = targetRefOf(b);
  return (
    compareKinds(ta.kind, tb.kind) ||
    compareDataplaneKind(ta, tb) ||
    compareOrigins(a, b) ||
    (ta.kind === 'MeshGateway' ? Object.keys(ta.tags ?? {}).length - Object.keys(tb.tags ?? {}).length : 0) ||
    compareRoles(a, b) ||
    compareStrings(displayName(b), displayName(a))
  );
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A sorted copy (stable, as Go's slices.SortFunc is not, but ties here are true duplicates). */
export function sortByTargetRef(policies: readonly StoredResource[]): StoredResource[] {
  return [...policies].sort(compareByTargetRef);
}
