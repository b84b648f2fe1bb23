import type { ResourceType } from '../resources/registry.js';
import type { Violation } from '../validation/types.js';

/*
 * Labels kuma-cp 2.14 computes on a standalone (non-federated) zone control plane, and the ones it
 * will not let an update change (kuma-api.md §5.4, the [v2.14] differences).
 */

export const ORIGIN = 'kuma.io/origin';
export const ZONE = 'kuma.io/zone';
export const ENV = 'kuma.io/env';
export const MESH = 'kuma.io/mesh';
export const DISPLAY_NAME = 'kuma.io/display-name';
export const PROXY_TYPE = 'kuma.io/proxy-type';

const IMMUTABLE = [ORIGIN, ZONE, DISPLAY_NAME];

/** Types a zone may create: they get `kuma.io/origin: zone`, `kuma.io/zone` and `kuma.io/env`. */
export function isZoneCreatable(type: ResourceType): boolean {
  if (type.name === 'Mesh' || type.name === 'MeshMultiZoneService' || type.name === 'ExternalService') return false;
  return type.category !== 'legacy-policy' && type.category !== 'insight';
}

export interface LabelContext {
  zone: string;
  environment: 'universal';
}

/** The labels to store, computed from the labels a request sent. */
export function computeLabels(
  type: ResourceType,
  mesh: string,
  requested: Readonly<Record<string, string>>,
  spec: Record<string, unknown>,
  ctx: LabelContext,
): Record<string, string> {
  const labels: Record<string, string> = { ...requested };
  if (type.scope === 'Mesh' && labels[MESH] === undefined) labels[MESH] = mesh;
  if (isZoneCreatable(type)) {
    if (labels[ORIGIN] === undefined) labels[ORIGIN] = 'zone';
    if (labels[ORIGIN] !== 'global') {
      if (labels[ZONE] === undefined) labels[ZONE] = ctx.zone;
      if (labels[ENV] === undefined) labels[ENV] = ctx.environment;
    }
  }
  if (type.name === 'Dataplane') {
    const networking = spec.networking as Record<string, unknown> | undefined;
    labels[PROXY_TYPE] = networking && typeof networking.gateway === 'object' && networking.gateway !== null ? 'gateway' : 'sidecar';
  }
  return sortKeys(labels);
}

/** The label rules only a zone control plane can decide (its zone name). */
export function checkZoneLabel(labels: Readonly<Record<string, string>>, ctx: LabelContext): Violation[] {
  if (labels[ORIGIN] === 'global') return [];
  const zone = labels[ZONE];
  return zone !== undefined && zone !== ctx.zone
    ? [{ severity: 'error', field: `labels["${ZONE}"]`, message: `${ZONE} label should have ${ctx.zone} value` }]
    : [];
}

/** `kuma.io/origin`, `kuma.io/zone` and `kuma.io/display-name` cannot change once set. */
export function checkImmutableLabels(previous: Readonly<Record<string, string>>, next: Readonly<Record<string, string>>): Violation[] {
  const out: Violation[] = [];
  for (const key of IMMUTABLE) {
    const was = previous[key];
    if (was === undefined) continue;
    const now = next[key];
    if (now === undefined) out.push({ severity: 'error', field: `labels["${key}"]`, message: `is immutable, cannot be removed (was "${was}")` });
    else if (now !== was) out.push({ severity: 'error', field: `labels["${key}"]`, message: `is immutable, cannot be changed from "${was}" to "${now}"` });
  }
  return out;
}

function sortKeys(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
