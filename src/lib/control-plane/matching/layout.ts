import type { StoredResource } from '../store/types.js';
import { inbounds, listeners, networking } from './dataplane.js';
import { kriOfResource, kriString, targetRefToKri, withSection, type Kri } from './kri.js';
import { compareStrings } from './order.js';
import { arr, rec, str, strMap, type Snapshot } from './snapshot.js';

/**
 * A proxy's layout: its inbounds, embedded zone proxy listeners and reachable outbounds, each with
 * its KRI (kuma-cp's `_layout` and its DestinationIndex.GetReachableBackends).
 */

/** A destination's port, as Kuma's core.Port reads it. */
export interface DestinationPort {
  name: string;
  port: number;
  protocol: string;
}

export const DESTINATION_TYPES = ['MeshService', 'MeshExternalService', 'MeshMultiZoneService'] as const;

export function destinationPorts(d: StoredResource): DestinationPort[] {
  if (d.type === 'MeshExternalService') {
    const m = rec(d.spec.match);
    const port = Number(m.port ?? 0);
    return [{ name: String(port), port, protocol: str(m.protocol) }];
  }
  return arr(d.spec.ports).map((x) => {
    const p = rec(x);
    const port = Number(p.port ?? 0);
    return { name: str(p.name) !== '' ? str(p.name) : String(port), port, protocol: str(p.appProtocol) };
  });
}

/** Kuma's FindPortByName (a MeshExternalService has one port, whatever the name). */
export function findPort(d: StoredResource, name: string): DestinationPort | undefined {
  const ports = destinationPorts(d);
  if (d.type === 'MeshExternalService') return ports[0];
  return ports.find((p) => p.name === name || String(p.port) === name);
}

export interface Outbound {
  kri: Kri;
  destination: StoredResource;
  port: DestinationPort;
}

/** Destinations of the mesh by KRI (without section). */
export function destinationIndex(snapshot: Snapshot): Map<string, StoredResource> {
  const index = new Map<string, StoredResource>();
  for (const type of DESTINATION_TYPES) {
    for (const d of snapshot.of(type)) {
      const id = kriOfResource(type, d);
      if (id) index.set(kriString(id), d);
    }
  }
  return index;
}

/** The outbounds a proxy reaches, sorted by KRI (GetReachableBackends). */
export function reachableOutbounds(snapshot: Snapshot, dp: StoredResource): Outbound[] {
  const index = destinationIndex(snapshot);
  const out = new Map<string, Outbound>();
  const add = (id: Kri, destination: StoredResource, port: DestinationPort) => {
    const k = withSection(id, port.name);
    out.set(kriString(k), { kri: k, destination, port });
  };
  const byLabels = (type: string, labels: Record<string, string>): Kri[] => {
    const keys = Object.entries(labels);
    if (keys.length === 0) return [];
    const ids: Kri[] = [];
    for (const d of snapshot.of(type)) {
      if (keys.every(([k, v]) => d.labels[k] === v)) ids.push(kriOfResource(type, d)!);
    }
    return ids;
  };
  const dpKri = kriOfResource('Dataplane', dp);
  const processRef = (kind: string, name: string, namespace: string, port: number | undefined, labels: Record<string, string>) => {
    let ids = byLabels(kind, labels);
    if (ids.length === 0) {
      const id = targetRefToKri(dpKri, { kind, name, namespace });
      ids = id ? [id] : [];
    }
    for (let id of ids) {
      if (port !== undefined) id = withSection(id, port);
      const dest = index.get(kriString({ ...id, sectionName: '' }));
      if (!dest) return;
      const p = findPort(dest, id.sectionName);
      if (p) {
        add(id, dest, p);
        return;
      }
      for (const q of destinationPorts(dest)) add(id, dest, q);
    }
  };
  const n = networking(dp);
  for (const o of arr(n.outbound).map(rec)) {
    if (o.backendRef === undefined || o.backendRef === null) continue;
    const b = rec(o.backendRef);
    processRef(str(b.kind), str(b.name), '', Number(b.port ?? 0), strMap(b.labels));
  }
  if (out.size === 0) {
    const reachable = rec(n.transparentProxying).reachableBackends;
    if (reachable === undefined || reachable === null) {
      for (const [key, d] of index) {
        const id = { ...kriOfResource(d.type, d)!, sectionName: '' };
        void key;
        for (const p of destinationPorts(d)) add(id, d, p);
      }
    } else {
      for (const ref of arr(rec(reachable).refs).map(rec)) {
        const port = ref.port === undefined || ref.port === null ? undefined : Number(typeof ref.port === 'object' ? rec(ref.port).value : ref.port);
        processRef(str(ref.kind), str(ref.name), str(ref.namespace), port, strMap(ref.labels));
      }
    }
  }
  return [...out.values()].sort((a, b) => compareStrings(kriString(a.kri), kriString(b.kri)));
}

const LISTENER_NAMES: Record<string, string> = { ZoneIngress: 'self_zoneingress_dp_', ZoneEgress: 'self_zoneegress_dp_' };

/** kuma-cp's `_layout` answer, without `spiffeId` (see layoutSpiffeId). */
export function dataplaneLayout(snapshot: Snapshot, dp: StoredResource): Record<string, unknown> {
  const id = kriOfResource('Dataplane', dp)!;
  return {
    inbounds: inbounds(dp).map((i) => ({
      kri: kriString(withSection(id, i.sectionName)),
      port: i.port,
      protocol: i.protocol,
      proxyResourceName: `self_inbound_dp_${i.sectionName}`,
    })),
    kri: kriString(id),
    labels: dp.labels,
    listeners: listeners(dp)
      .filter((l) => LISTENER_NAMES[l.type] !== undefined)
      .map((l) => ({ kri: kriString(withSection(id, l.sectionName)), port: l.port, proxyResourceName: `${LISTENER_NAMES[l.type]}${l.sectionName}`, type: l.type })),
    outbounds: reachableOutbounds(snapshot, dp).map((o) => ({ kri: kriString(o.kri), port: o.port.port, protocol: o.port.protocol, proxyResourceName: kriString(o.kri) })),
  };
}
