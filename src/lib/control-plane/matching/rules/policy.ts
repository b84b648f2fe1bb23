/*
 * What the rules need to know about a policy resource and its targetRefs: Kuma's kind order,
 * origin and role order, display names, resource identities (KRI fields) and the shape of each
 * policy type (which of `from`, `to`, `rules`, top-level `default` it has).
 */
import { isRecord, type Obj } from '../../../json.js';
import { goCompareStrings } from '../../../go/sort.js';
import { loadSchema, normaliseForStorage } from '../../../validation/schema.js';
import type { StoredResource } from '../../store/types.js';

export interface TargetRef {
  kind: string;
  name?: string;
  namespace?: string;
  mesh?: string;
  tags?: Record<string, string>;
  labels?: Record<string, string>;
  sectionName?: string;
  proxyTypes?: string[];
}

export const ORIGIN_LABEL = 'kuma.io/origin';
export const ZONE_LABEL = 'kuma.io/zone';
export const DISPLAY_NAME_LABEL = 'kuma.io/display-name';
export const NAMESPACE_LABEL = 'k8s.kuma.io/namespace';
export const POLICY_ROLE_LABEL = 'kuma.io/policy-role';

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

/** Kinds a policy could use before real resources (MeshService ...) were selectable. */
export function isOldKind(kind: string): boolean {
  return ['Mesh', 'MeshSubset', 'MeshServiceSubset', 'MeshService', 'MeshGateway', 'MeshHTTPRoute'].includes(kind);
}

export function compareKinds(a: string, b: string): number {
  return (KIND_ORDER[a] ?? 0) - (KIND_ORDER[b] ?? 0);
}

/** Kuma's CompareDataplaneKind: among `kind: Dataplane`, by labels < by name, whole < one section. */
export function compareDataplaneKind(a: TargetRef, b: TargetRef): number {
  if (a.kind !== 'Dataplane' || b.kind !== 'Dataplane') return 0;
  const byName = (t: TargetRef): boolean => (t.name ?? '') !== '';
  const byLabels = (t: TargetRef): boolean => t.labels !== undefined && t.labels !== null;
  if (byName(a) && byLabels(b)) return 1;
  if (byLabels(a) && byName(b)) return -1;
  const sa = (a.sectionName ?? '') !== '';
  const sb = (b.sectionName ?? '') !== '';
  if (sa && !sb) return 1;
  if (!sa && sb) return -1;
  return 0;
}

export function originOf(labels: Record<string, string>): string {
  return labels[ORIGIN_LABEL] ?? '';
}

export function compareOrigins(a: Record<string, string>, b: Record<string, string>): number {
  return (ORIGIN_ORDER[originOf(a)] ?? 0) - (ORIGIN_ORDER[originOf(b)] ?? 0);
}

export function policyRole(labels: Record<string, string>): string {
  const role = labels[POLICY_ROLE_LABEL];
  return role ? role : 'system';
}

export function compareRoles(a: Record<string, string>, b: Record<string, string>): number {
  return (ROLE_ORDER[policyRole(a)] ?? 0) - (ROLE_ORDER[policyRole(b)] ?? 0);
}

export function displayName(r: { name: string; labels: Record<string, string> }): string {
  const d = r.labels[DISPLAY_NAME_LABEL];
  return d ? d : r.name;
}

/** The fields of a KRI (kri_<type>_<mesh>_<zone>_<namespace>_<name>_<section>) as one comparable string. */
export function identityOf(type: string, r: { mesh: string; name: string; labels: Record<string, string> }, sectionName = ''): string {
  return [type, r.mesh, r.labels[ZONE_LABEL] ?? '', r.labels[NAMESPACE_LABEL] ?? '', displayName(r), sectionName].join('\u0000');
}

export function asTargetRef(v: unknown): TargetRef {
  return isRecord(v) && typeof v['kind'] === 'string' ? (v as unknown as TargetRef) : { kind: 'Mesh' };
}

/** The top-level targetRef of a policy (`kind: Mesh` when absent). */
export function topLevelOf(p: StoredResource): TargetRef {
  return asTargetRef(p.spec['targetRef']);
}

export interface PolicyShape {
  from: boolean;
  to: boolean;
  rules: boolean;
  singleItem: boolean;
  /** `from` entries also count as inbound rules (Kuma's IsFromAsRules). */
  fromAsRules: boolean;
}

const FROM_AS_RULES = new Set(['MeshAccessLog', 'MeshCircuitBreaker', 'MeshRateLimit', 'MeshTimeout', 'MeshTLS']);
const shapes = new Map<string, PolicyShape>();

/** Which sections a policy type has, read from its schema. */
export function policyShape(type: string): PolicyShape {
  let shape = shapes.get(type);
  if (!shape) {
    const schema = loadSchema(type);
    const spec = isRecord(schema) && isRecord(schema['properties']) ? schema['properties']['spec'] : undefined;
    const props = isRecord(spec) && isRecord(spec['properties']) ? spec['properties'] : {};
    shape = {
      from: 'from' in props,
      to: 'to' in props,
      rules: 'rules' in props,
      singleItem: 'default' in props,
      fromAsRules: FROM_AS_RULES.has(type),
    };
    shapes.set(type, shape);
  }
  return shape;
}

/**
 * A policy as kuma-cp holds it after decoding: unknown fields dropped, the schema's defaults filled
 * in, durations in Go's form. The store keeps documents as written, so this is done on read.
 */
export function decodedPolicy(p: StoredResource): StoredResource {
  const doc: Obj = JSON.parse(JSON.stringify({ type: p.type, mesh: p.mesh, name: p.name, labels: p.labels, spec: p.spec })) as Obj;
  try {
    normaliseForStorage(p.type, doc);
  } catch {
    return p;
  }
  return { ...p, spec: isRecord(doc['spec']) ? doc['spec'] : p.spec };
}

export function compareStrings(a: string, b: string): number {
  return goCompareStrings(a, b);
}
