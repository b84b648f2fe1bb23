import { typeByName, type ResourceType } from '../resources/registry.js';
import { isRecord } from '../json.js';
import { toApiJson } from './resource-json.js';
import type { StoredResource } from './store/types.js';

/*
 * What kuma-cp 2.14 serves about data plane proxies, zones and services, for a control plane no proxy
 * ever connects to: overviews carry the resource and no insight (kuma-cp's answer for a proxy that
 * never connected: Offline, no subscriptions), service insights are computed from the mesh's
 * Dataplanes and ExternalServices as kuma-cp's insight resyncer computes them.
 */

/** The types that have an overview (`/_overview`), its type name, the key of the resource in it, and kuma-cp's older path. */
export const OVERVIEWS: Record<string, { overview: string; key: string; legacyPath: string }> = {
  Dataplane: { overview: 'DataplaneOverview', key: 'dataplane', legacyPath: 'dataplanes+insights' },
  Zone: { overview: 'ZoneOverview', key: 'zone', legacyPath: 'zones+insights' },
  ZoneIngress: { overview: 'ZoneIngressOverview', key: 'zoneIngress', legacyPath: 'zoneingresses+insights' },
  ZoneEgress: { overview: 'ZoneEgressOverview', key: 'zoneEgress', legacyPath: 'zoneegressoverviews' },
};

/** The type whose overviews an older path (`dataplanes+insights`) serves. */
export function typeByLegacyOverviewPath(path: string): ResourceType | undefined {
  const entry = Object.entries(OVERVIEWS).find(([, o]) => o.legacyPath === path);
  return entry ? typeByName(entry[0]) : undefined;
}

/** A resource's overview as kuma-cp answers it for a proxy (or zone) that never connected: no insight. */
export function overviewOf(type: ResourceType, r: StoredResource): Record<string, unknown> {
  const o = OVERVIEWS[type.name]!;
  const api = toApiJson(type, r);
  const out: Record<string, unknown> = {};
  for (const k of ['type', 'mesh', 'name', 'creationTime', 'modificationTime', 'labels', 'kri']) if (api[k] !== undefined) out[k] = api[k];
  out.type = o.overview;
  out[o.key] = r.spec;
  return out;
}

/** kuma-cp's DNS defaults (`dns.domain`, `dns.serviceVipPort`): an internal service's `addressPort`. */
const DNS_DOMAIN = 'mesh';
const SERVICE_VIP_PORT = 80;

interface ServiceStat {
  status?: string;
  dataplanes: { total?: number; online?: number; offline?: number };
  issuedBackends?: Record<string, number>;
  serviceType?: string;
  addressPort?: string;
  zones?: string[];
}

/**
 * The services of one mesh (`kuma.io/service` of each inbound and gateway, and each ExternalService),
 * as kuma-cp's insight resyncer counts them. No proxy is connected here, so every proxy counts as
 * offline. In `meshServices.mode: Exclusive` only delegated gateways are counted.
 */
export function servicesOf(mesh: StoredResource, dataplanes: StoredResource[], externalServices: StoredResource[]): Map<string, ServiceStat> {
  const services = new Map<string, ServiceStat & { zoneSet: Set<string> }>();
  const meshServices = isRecord(mesh.spec.meshServices) ? mesh.spec.meshServices : {};
  const exclusive = meshServices.mode === 'Exclusive' || meshServices.mode === 3;
  const count = (name: unknown, serviceType: string, zone: unknown, addressPort = '', proxy = true) => {
    if (typeof name !== 'string' || name === '') return;
    let s = services.get(name);
    if (!s) {
      s = { dataplanes: {}, serviceType, zoneSet: new Set() };
      if (addressPort !== '') s.addressPort = addressPort;
      services.set(name, s);
    }
    if (proxy) s.dataplanes.offline = (s.dataplanes.offline ?? 0) + 1;
    if (typeof zone === 'string' && zone !== '') s.zoneSet.add(zone);
  };
  for (const dp of dataplanes) {
    const networking = isRecord(dp.spec.networking) ? dp.spec.networking : {};
    const gw = isRecord(networking.gateway) ? networking.gateway : undefined;
    if (gw) {
      const builtin = gw.type === 'BUILTIN' || gw.type === 1;
      const tags = isRecord(gw.tags) ? gw.tags : {};
      if (!exclusive || !builtin) count(tags['kuma.io/service'], builtin ? 'gateway_builtin' : 'gateway_delegated', tags['kuma.io/zone']);
      continue;
    }
    if (exclusive) continue;
    for (const inbound of Array.isArray(networking.inbound) ? networking.inbound : []) {
      if (!isRecord(inbound) || inbound.state === 'Ignored' || inbound.state === 2) continue;
      const tags = isRecord(inbound.tags) ? inbound.tags : {};
      count(tags['kuma.io/service'], 'internal', tags['kuma.io/zone']);
    }
  }
  if (!exclusive) {
    for (const es of externalServices) {
      const tags = isRecord(es.spec.tags) ? es.spec.tags : {};
      const networking = isRecord(es.spec.networking) ? es.spec.networking : {};
      count(tags['kuma.io/service'], 'external', tags['kuma.io/zone'], typeof networking.address === 'string' ? networking.address : '', false);
    }
  }
  const out = new Map<string, ServiceStat>();
  for (const [name, s] of services) {
    const offline = s.dataplanes.offline ?? 0;
    const stat: ServiceStat = {
      status: s.serviceType === 'external' ? 'not_available' : 'offline',
      dataplanes: offline > 0 ? { total: offline, offline } : {},
    };
    if (s.serviceType !== 'internal') stat.serviceType = s.serviceType;
    if (s.serviceType === 'internal') stat.addressPort = `${name}.${DNS_DOMAIN}:${SERVICE_VIP_PORT}`;
    else if (s.addressPort) stat.addressPort = s.addressPort;
    if (s.zoneSet.size > 0) stat.zones = [...s.zoneSet].sort();
    out.set(name, stat);
  }
  return out;
}

/** One service as an item of `/meshes/{mesh}/service-insights`. */
export function serviceInsightItem(mesh: StoredResource, name: string, stat: ServiceStat, modificationTime: string): Record<string, unknown> {
  return { type: 'ServiceInsight', mesh: mesh.name, name, creationTime: mesh.creationTime, modificationTime, ...stat };
}

/** A service kuma-cp has no statistics for (`GET /meshes/{mesh}/service-insights/{name}`). */
export function unknownService(name: string): ServiceStat {
  return { dataplanes: {}, addressPort: `${name}.${DNS_DOMAIN}:${SERVICE_VIP_PORT}` };
}

/** A tag selector matches a tag set: each key present, with the same value or `*` (Kuma's TagSelector.Matches). */
export function tagsMatch(selector: Record<string, unknown>, tags: Record<string, unknown>): boolean {
  return Object.entries(selector).every(([k, v]) => k in tags && (v === '*' || tags[k] === v));
}

/** The builtin gateway proxies a MeshGateway selects (kuma-cp's `/meshes/{mesh}/meshgateways/{name}/dataplanes`). */
export function gatewayDataplanes(gateway: StoredResource, dataplanes: StoredResource[]): Array<{ dataplane: { mesh: string; name: string } }> {
  const selectors = (Array.isArray(gateway.spec.selectors) ? gateway.spec.selectors : []).filter(isRecord).map((s) => (isRecord(s.match) ? s.match : {}));
  return dataplanes
    .filter((dp) => {
      const networking = isRecord(dp.spec.networking) ? dp.spec.networking : {};
      const gw = isRecord(networking.gateway) ? networking.gateway : undefined;
      if (!gw || !(gw.type === 'BUILTIN' || gw.type === 1)) return false;
      const tags = isRecord(gw.tags) ? gw.tags : {};
      return selectors.some((s) => tagsMatch(s, tags));
    })
    .map((dp) => ({ dataplane: { mesh: dp.mesh, name: dp.name } }));
}
