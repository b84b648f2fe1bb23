import type { StoredResource } from '../store/types.js';
import { gatewayOf, inbounds, inboundsBySection, isBuiltinGateway, isDelegatedGateway, listenerKey, listeners, tagsMatch, dataplaneMatches, networking, type ListenerKey } from './dataplane.js';
import { displayName, kriOfResource, kriString, NAMESPACE_LABEL, ORIGIN_LABEL, POLICY_ROLE_LABEL, targetRefToKri, ZONE_LABEL } from './kri.js';
import { arr, rec, str, strMap, type Snapshot } from './snapshot.js';

/**
 * Does a policy's top-level targetRef select a proxy, and which of its inbounds and gateway listeners
 * (Kuma's matchers.DppSelectedByPolicy): Mesh, MeshSubset, Dataplane (name, labels, sectionName),
 * MeshService, MeshServiceSubset, MeshGateway, MeshHTTPRoute; `proxyTypes`; zone and namespace rules.
 */

export interface TargetRef {
  kind?: string;
  name?: string;
  namespace?: string;
  sectionName?: string;
  labels?: Record<string, string>;
  tags?: Record<string, string>;
  proxyTypes?: string[];
  [key: string]: unknown;
}

export interface Selection {
  /** Inbound listeners (`address:port`) selected. */
  inbounds: ListenerKey[];
  /** Builtin gateway listeners selected (`address:port:hostname`). */
  gatewayListeners: string[];
  /** A delegated gateway proxy is selected. */
  delegatedGateway: boolean;
  /** Kuma's warning when the targetRef cannot be resolved. */
  error?: string;
}

const NONE: Selection = { inbounds: [], gatewayListeners: [], delegatedGateway: false };

export function targetRefOf(policy: StoredResource): TargetRef {
  const t = policy.spec.targetRef;
  return t === undefined || t === null ? { kind: 'Mesh' } : (rec(t) as TargetRef);
}

export function policyRole(r: StoredResource): string {
  const role = r.labels[POLICY_ROLE_LABEL];
  return role !== undefined && role !== '' ? role : 'system';
}

export function origin(r: StoredResource): string {
  return r.labels[ORIGIN_LABEL] ?? '';
}

export function isShadow(r: StoredResource): boolean {
  return r.labels['kuma.io/effect'] === 'shadow';
}

/** Kuma's IsLocalZoneResource. */
function isLocalZoneResource(labels: Record<string, string>, zone: string): boolean {
  if (labels[ORIGIN_LABEL] === 'zone') {
    const z = labels[ZONE_LABEL];
    return z === undefined || z === zone;
  }
  return false;
}

/** Builtin gateways whose origin makes them visible to this proxy (Kuma's filterGatewaysByZone). */
function gatewaysForZone(gateways: readonly StoredResource[], dp: StoredResource): StoredResource[] {
  const dpZone = dp.labels[ZONE_LABEL];
  return gateways.filter((g) => {
    const o = g.labels[ORIGIN_LABEL];
    if (o === undefined || o === '' || o === 'global') return true;
    return dpZone === undefined || isLocalZoneResource(g.labels, dpZone);
  });
}

/** Kuma's TagSelectorRank compare: exact matches, then wildcards. */
function rank(selector: Record<string, string>): [number, number] {
  const values = Object.values(selector);
  return [values.filter((v) => v !== '*').length, values.filter((v) => v === '*').length];
}

function compareRank(a: [number, number], b: [number, number]): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}

/** The MeshGateway a builtin gateway proxy runs (Kuma's SelectGateway): best selector rank, then the newest. */
export function selectGateway(snapshot: Snapshot, dp: StoredResource): StoredResource | undefined {
  if (!isBuiltinGateway(dp)) return undefined;
  let best: StoredResource | undefined;
  let bestRank: [number, number] = [0, 0];
  const laterSameRank = (g: StoredResource, r: [number, number]) => best !== undefined && compareRank(r, bestRank) === 0 && g.creationTime > best.creationTime;
  for (const g of gatewaysForZone(snapshot.of('MeshGateway'), dp)) {
    const selectors = arr(g.spec.selectors).map((s) => strMap(rec(s).match));
    if (selectors.length === 0) {
      if (best === undefined || laterSameRank(g, [0, 0])) best = g;
      continue;
    }
    for (const sel of selectors) {
      if (Object.keys(sel).length === 0) {
        if (best === undefined || laterSameRank(g, [0, 0])) best = g;
        continue;
      }
      if (dataplaneMatches(dp, sel)) {
        const r = rank(sel);
        if (compareRank(r, bestRank) > 0 || laterSameRank(g, r)) {
          bestRank = r;
          best = g;
        }
      }
    }
  }
  return best;
}

function supportsProxyType(ref: TargetRef, dp: StoredResource): boolean {
  const types = Array.isArray(ref.proxyTypes) ? ref.proxyTypes : [];
  if (types.length === 0) return true;
  return types.includes(gatewayOf(dp) !== undefined ? 'Gateway' : 'Sidecar');
}

function selectedByZone(policy: StoredResource, dp: StoredResource, gateway: StoredResource | undefined): boolean {
  if (policyRole(policy) === 'producer') return true;
  const meta = gateway ?? dp;
  const o = meta.labels[ORIGIN_LABEL];
  if (o === undefined || o === '' || o === 'global') return true;
  if (policy.labels[ORIGIN_LABEL] === 'zone') {
    const zone = policy.labels[ZONE_LABEL];
    if (zone === undefined) return true;
    return isLocalZoneResource(meta.labels, zone);
  }
  return true;
}

function selectedByNamespace(policy: StoredResource, dp: StoredResource): boolean {
  const role = policyRole(policy);
  if (role === 'consumer' || role === 'workload-owner') {
    const ns = policy.labels[NAMESPACE_LABEL];
    return ns !== undefined && ns === dp.labels[NAMESPACE_LABEL];
  }
  return true;
}

function selectedByTags(selector: Record<string, string> | undefined, dp: StoredResource, gateway: StoredResource | undefined): Selection {
  const selected: ListenerKey[] = [];
  for (const i of inbounds(dp)) if (tagsMatch(selector, i.tags)) selected.push(listenerKey(i.address, i.port));
  const gatewayListeners: string[] = [];
  if (gateway) {
    const address = str(networking(dp).address);
    const dpTags = strMap(gatewayOf(dp)?.tags);
    const seen = new Set<string>();
    for (const l of arr(rec(gateway.spec.conf).listeners).map(rec)) {
      const tags = { ...dpTags, ...strMap(gateway.spec.tags), ...strMap(l.tags) };
      if (!tagsMatch(selector, tags)) continue;
      const port = Number(l.port ?? 0);
      const key = listenerKey(address, port);
      if (!seen.has(key)) {
        seen.add(key);
        selected.push(key);
      }
      gatewayListeners.push(`${key}:${str(l.hostname) !== '' ? str(l.hostname) : '*'}`);
    }
  }
  const delegatedGateway = isDelegatedGateway(dp) && tagsMatch(selector, strMap(gatewayOf(dp)?.tags));
  return { inbounds: selected, gatewayListeners, delegatedGateway };
}

/** Which inbounds and listeners of a proxy a top-level targetRef of `policy` selects. */
export function selectionOf(snapshot: Snapshot, policy: StoredResource, ref: TargetRef, dp: StoredResource, gateway = selectGateway(snapshot, dp), depth = 0): Selection {
  if (!selectedByZone(policy, dp, gateway) || !selectedByNamespace(policy, dp)) return NONE;
  switch (ref.kind ?? 'Mesh') {
    case 'Mesh': {
      if (!supportsProxyType(ref, dp)) return NONE;
      const s = selectedByTags(undefined, dp, gateway);
      s.inbounds.push(...listeners(dp).map((l) => listenerKey(l.address, l.port)));
      return s;
    }
    case 'Dataplane': {
      if (gateway) return NONE;
      const labels = ref.labels !== undefined && ref.labels !== null ? strMap(ref.labels) : undefined;
      const all = str(ref.name) === '' && str(ref.namespace) === '' && labels === undefined;
      const byName = str(ref.name) !== '' && kriString(kriOfResource('Dataplane', dp)) === kriString(targetRefToKri(kriOfResource('Dataplane', policy), ref));
      const byLabels = labels !== undefined && Object.entries(labels).every(([k, v]) => dp.labels[k] === v);
      if (!all && !byName && !byLabels) return NONE;
      const section = str(ref.sectionName);
      const selected = inboundsBySection(dp, section).map((i) => listenerKey(i.address, i.port));
      for (const l of listeners(dp)) if (section === '' || l.sectionName === section) selected.push(listenerKey(l.address, l.port));
      return { inbounds: selected, gatewayListeners: [], delegatedGateway: isDelegatedGateway(dp) };
    }
    case 'MeshSubset':
      if (!supportsProxyType(ref, dp)) return NONE;
      return selectedByTags(strMap(ref.tags), dp, gateway);
    case 'MeshService':
      return selectedByTags({ 'kuma.io/service': str(ref.name) }, dp, gateway);
    case 'MeshServiceSubset':
      return selectedByTags({ 'kuma.io/service': str(ref.name), ...strMap(ref.tags) }, dp, gateway);
    case 'MeshGateway': {
      if (!gateway || !isBuiltinGateway(dp) || gateway.mesh !== policy.mesh || displayName(gateway) !== str(ref.name)) return NONE;
      const s = selectedByTags(strMap(ref.tags), dp, gateway);
      return { ...s, delegatedGateway: false };
    }
    case 'MeshHTTPRoute': {
      const route = snapshot.of('MeshHTTPRoute').find((r) => r.mesh === policy.mesh && displayName(r) === str(ref.name));
      if (!route || depth > 4) return { ...NONE, error: `couldn't resolve MeshHTTPRoute targetRef with name '${str(ref.name)}'` };
      return selectionOf(snapshot, route, targetRefOf(route), dp, gateway, depth + 1);
    }
    default:
      return { ...NONE, error: `unsupported targetRef kind '${String(ref.kind)}'` };
  }
}

/** Kuma's PolicyMatches: the policy's top-level targetRef selects the proxy. */
export function policySelects(snapshot: Snapshot, policy: StoredResource, dp: StoredResource): boolean {
  const s = selectionOf(snapshot, policy, targetRefOf(policy), dp);
  return s.inbounds.length > 0 || s.gatewayListeners.length > 0 || s.delegatedGateway;
}
