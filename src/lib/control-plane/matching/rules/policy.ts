/*
 * What the rules need to know about a policy type and its entries, on top of the matching core's
 * orders and identities: the shape of each policy type (which of `from`, `to`, `rules`, top-level
 * `default` it has) and the policy as kuma-cp decodes it.
 */
import { readFileSync } from 'node:fs';
import { isRecord, type Obj } from '../../../json.js';
import { goCompareStrings } from '../../../go/sort.js';
import { normaliseForStorage, schemaFile } from '../../../validation/schema.js';
import type { StoredResource } from '../../store/types.js';
import { displayName, kriOfResource, kriString, NAMESPACE_LABEL, ZONE_LABEL } from '../kri.js';
import { compareDataplaneKind, compareKinds, compareOrigins, compareRoles } from '../order.js';
import { targetRefOf, type TargetRef } from '../targetref.js';

export type { TargetRef };
export { compareKinds, compareDataplaneKind, compareOrigins, compareRoles, displayName, NAMESPACE_LABEL, ZONE_LABEL };

/** Kinds a policy could use before real resources (MeshService ...) were selectable. */
export function isOldKind(kind: string | undefined): boolean {
  return ['Mesh', 'MeshSubset', 'MeshServiceSubset', 'MeshService', 'MeshGateway', 'MeshHTTPRoute'].includes(kind ?? '');
}

/** A resource's KRI (type, mesh, zone, namespace, display name, section) as one comparable string. */
export function identityOf(type: string, r: Pick<StoredResource, 'mesh' | 'name' | 'labels'>, sectionName = ''): string {
  if (sectionName !== '') return computeIdentity(type, r, sectionName);
  // memoised per object: a snapshot's resources are read many times per proxy, never modified
  let byType = IDENTITIES.get(r);
  if (!byType) IDENTITIES.set(r, (byType = new Map()));
  let id = byType.get(type);
  if (id === undefined) byType.set(type, (id = computeIdentity(type, r, '')));
  return id;
}

const IDENTITIES = new WeakMap<object, Map<string, string>>();

function computeIdentity(type: string, r: Pick<StoredResource, 'mesh' | 'name' | 'labels'>, sectionName: string): string {
  return kriString(kriOfResource(type, r, sectionName)) || `${type}\u0000${r.mesh}\u0000${displayName(r)}\u0000${sectionName}`;
}

/** An entry's targetRef (`kind: Mesh` when absent). */
export function asTargetRef(v: unknown): TargetRef {
  return isRecord(v) && typeof v['kind'] === 'string' ? (v as TargetRef) : { kind: 'Mesh' };
}

/** The top-level targetRef of a policy (`kind: Mesh` when absent). */
export const topLevelOf = targetRefOf;

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
    let schema: unknown;
    try {
      schema = JSON.parse(readFileSync(schemaFile(type), 'utf8'));
    } catch {
      schema = undefined;
    }
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

/** Decoded specs by type and spec text: decoding runs the schema normaliser, the costly part of rules. */
const decodedSpecs = new Map<string, Obj>();
const DECODED_CACHE_LIMIT = 20_000;

/**
 * A policy as kuma-cp holds it after decoding: unknown fields dropped, the schema's defaults filled
 * in, durations in Go's form. The store keeps documents as written, so this is done on read.
 */
export function decodedPolicy(p: StoredResource): StoredResource {
  let d = decodedResources.get(p);
  if (!d) decodedResources.set(p, (d = decode(p)));
  return d;
}

/** Decoded policies by the stored object (a snapshot's resources live as long as the snapshot). */
const decodedResources = new WeakMap<StoredResource, StoredResource>();

function decode(p: StoredResource): StoredResource {
  const key = `${p.type}\u0000${JSON.stringify(p.spec)}`;
  let spec = decodedSpecs.get(key);
  if (!spec) {
    const doc: Obj = { type: p.type, mesh: p.mesh, name: p.name, labels: { ...p.labels }, spec: JSON.parse(JSON.stringify(p.spec)) as Obj };
    try {
      normaliseForStorage(p.type, doc);
      spec = isRecord(doc['spec']) ? doc['spec'] : p.spec;
    } catch {
      spec = p.spec;
    }
    if (decodedSpecs.size >= DECODED_CACHE_LIMIT) decodedSpecs.clear();
    decodedSpecs.set(key, spec);
  }
  return { ...p, spec };
}

export function compareStrings(a: string, b: string): number {
  return goCompareStrings(a, b);
}
