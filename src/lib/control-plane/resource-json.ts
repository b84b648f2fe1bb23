import type { ResourceType } from '../resources/registry.js';
import type { StoredResource } from './store/types.js';
import { DISPLAY_NAME, ZONE } from './labels.js';

/** Keys of a flat document that are meta, not spec. */
export const META_KEYS = new Set(['type', 'mesh', 'name', 'creationTime', 'modificationTime', 'labels', 'kri']);

/** Kuma's resource identifier: `kri_<short>_<mesh>_<zone>_<namespace>_<name>_<section>`. */
export function kriOf(type: ResourceType, r: Pick<StoredResource, 'mesh' | 'name' | 'labels'>): string | undefined {
  if (type.shortName === '') return undefined;
  const name = r.labels[DISPLAY_NAME] ?? r.name;
  return `kri_${type.shortName}_${r.mesh}_${r.labels[ZONE] ?? ''}_${r.labels['k8s.kuma.io/namespace'] ?? ''}_${name}_`;
}

/** The API's JSON form of a stored resource, with Kuma's key order (kuma-api.md §3). */
export function toApiJson(type: ResourceType, r: StoredResource): Record<string, unknown> {
  const out: Record<string, unknown> = { type: r.type };
  if (type.scope === 'Mesh') out.mesh = r.mesh;
  out.name = r.name;
  out.creationTime = r.creationTime;
  out.modificationTime = r.modificationTime;
  if (Object.keys(r.labels).length > 0) out.labels = r.labels;
  const kri = kriOf(type, r);
  if (kri !== undefined) out.kri = kri;
  if (type.shape === 'flat') return Object.assign(out, r.spec);
  out.spec = r.spec;
  if (type.hasStatus) out.status = r.status ?? {};
  return out;
}

/** Split a request body into its spec part (flat: every non-meta key; spec-wrapped: `spec`). */
export function specOfBody(type: ResourceType, body: Record<string, unknown>): Record<string, unknown> {
  if (type.shape === 'spec') {
    const spec = body.spec;
    return typeof spec === 'object' && spec !== null && !Array.isArray(spec) ? (spec as Record<string, unknown>) : {};
  }
  const spec: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!META_KEYS.has(k)) spec[k] = v;
  return spec;
}
