import { RESOURCE_TYPES, typeByName } from '../../resources/registry.js';
import type { StoredResource } from '../store/types.js';

/**
 * Kuma's resource identifiers (KRI): `kri_<short>_<mesh>_<zone>_<namespace>_<name>_<section>`, as
 * pkg/core/kri builds and parses them.
 */

export interface Kri {
  /** Resource type name, e.g. `MeshService`. */
  type: string;
  mesh: string;
  zone: string;
  namespace: string;
  name: string;
  sectionName: string;
}

export { ZONE as ZONE_LABEL, DISPLAY_NAME as DISPLAY_NAME_LABEL, ORIGIN as ORIGIN_LABEL } from '../labels.js';
import { ZONE as ZONE_LABEL, DISPLAY_NAME as DISPLAY_NAME_LABEL } from '../labels.js';
export const NAMESPACE_LABEL = 'k8s.kuma.io/namespace';
export const POLICY_ROLE_LABEL = 'kuma.io/policy-role';
export const EFFECT_LABEL = 'kuma.io/effect';

/** The name users know a resource by: its display-name label, else its name. */
export function displayName(r: Pick<StoredResource, 'name' | 'labels'>): string {
  const d = r.labels[DISPLAY_NAME_LABEL];
  return d !== undefined && d !== '' ? d : r.name;
}

/** The identifier of a stored resource read as type `type` (undefined: the type has no short name). */
export function kriOfResource(type: string, r: Pick<StoredResource, 'mesh' | 'name' | 'labels'>, sectionName = ''): Kri | undefined {
  const t = typeByName(type);
  if (!t || t.shortName === '') return undefined;
  return {
    type,
    mesh: r.mesh,
    zone: r.labels[ZONE_LABEL] ?? '',
    namespace: r.labels[NAMESPACE_LABEL] ?? '',
    name: displayName(r),
    sectionName,
  };
}

export function kriString(id: Kri | undefined): string {
  if (!id) return '';
  const short = typeByName(id.type)?.shortName ?? '';
  return `kri_${short}_${id.mesh}_${id.zone}_${id.namespace}_${id.name}_${id.sectionName}`;
}

export function withSection(id: Kri, sectionName: string | number): Kri {
  return { ...id, sectionName: String(sectionName) };
}

export function noSection(id: Kri): Kri {
  return { ...id, sectionName: '' };
}

export function sameKri(a: Kri | undefined, b: Kri | undefined): boolean {
  return a !== undefined && b !== undefined && kriString(a) === kriString(b);
}

/** Parse a KRI; throws Error with kuma-cp's message (the API answers it as a 400). */
export function parseKri(s: string): Kri {
  const parts = s.split('_');
  if (parts.length < 7) throw new Error(`invalid identifier string: ${JSON.stringify(s)}`);
  if (parts[0] !== 'kri') throw new Error(`identifier must start with 'kri': ${JSON.stringify(s)}`);
  const type = RESOURCE_TYPES.find((t) => t.shortName !== '' && t.shortName === parts[1]);
  if (!type) throw new Error(`unknown short name of resource type: ${JSON.stringify(parts[1])}`);
  return { type: type.name, mesh: parts[2]!, zone: parts[3]!, namespace: parts[4]!, name: parts[5]!, sectionName: parts.slice(6).join('') };
}

/** Kuma's TargetRefToKRI: what a targetRef names, read from the policy (origin) that holds it. */
export function targetRefToKri(origin: Kri | undefined, ref: { kind?: unknown; name?: unknown; namespace?: unknown }): Kri | undefined {
  if (!origin) return undefined;
  if (ref.kind === 'Mesh') return { type: 'Mesh', mesh: '', zone: '', namespace: '', name: origin.mesh, sectionName: '' };
  const ns = typeof ref.namespace === 'string' && ref.namespace !== '' ? ref.namespace : origin.namespace;
  return { type: String(ref.kind ?? ''), mesh: origin.mesh, zone: origin.zone, namespace: ns, name: typeof ref.name === 'string' ? ref.name : '', sectionName: '' };
}
