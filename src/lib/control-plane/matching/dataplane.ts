import type { StoredResource } from '../store/types.js';
import { arr, rec, str, strMap } from './snapshot.js';

/** Readers of a Dataplane's networking, as Kuma's Dataplane helpers read it. */

export interface Inbound {
  /** The inbound as written. */
  raw: Record<string, unknown>;
  port: number;
  /** The inbound's address, else the proxy's. */
  address: string;
  tags: Record<string, string>;
  /** `name`, else the port as a string. */
  sectionName: string;
  /** `protocol`, else the `kuma.io/protocol` tag. */
  protocol: string;
}

export interface Listener {
  raw: Record<string, unknown>;
  type: string;
  port: number;
  address: string;
  sectionName: string;
}

/** `address:port`, the key of an inbound listener in Kuma's rules. */
export type ListenerKey = string;

export const listenerKey = (address: string, port: number): ListenerKey => `${address}:${port}`;

export function networking(dp: StoredResource): Record<string, unknown> {
  return rec(dp.spec.networking);
}

export function inbounds(dp: StoredResource): Inbound[] {
  const n = networking(dp);
  const address = str(n.address);
  return arr(n.inbound).map((x) => {
    const raw = rec(x);
    const port = Number(raw.port ?? 0);
    const tags = strMap(raw.tags);
    const name = str(raw.name);
    return {
      raw,
      port,
      address: str(raw.address) !== '' ? str(raw.address) : address,
      tags,
      sectionName: name !== '' ? name : String(port),
      protocol: str(raw.protocol) !== '' ? str(raw.protocol) : (tags['kuma.io/protocol'] ?? ''),
    };
  });
}

/** Embedded zone proxy listeners (`networking.listeners`). */
export function listeners(dp: StoredResource): Listener[] {
  const n = networking(dp);
  return arr(n.listeners).map((x) => {
    const raw = rec(x);
    const port = Number(raw.port ?? 0);
    const name = str(raw.name);
    return {
      raw,
      type: str(raw.type),
      port,
      address: str(raw.address) !== '' ? str(raw.address) : str(n.address),
      sectionName: name !== '' ? name : String(port),
    };
  });
}

export function gatewayOf(dp: StoredResource): Record<string, unknown> | undefined {
  const gw = networking(dp).gateway;
  return gw === undefined || gw === null ? undefined : rec(gw);
}

export function isBuiltinGateway(dp: StoredResource): boolean {
  const gw = gatewayOf(dp);
  return gw !== undefined && (gw.type === 'BUILTIN' || gw.type === 1);
}

export function isDelegatedGateway(dp: StoredResource): boolean {
  const gw = gatewayOf(dp);
  return gw !== undefined && !(gw.type === 'BUILTIN' || gw.type === 1);
}

/** Kuma's TagSelector.Matches: every key present with the same value, or `*`. */
export function tagsMatch(selector: Record<string, string> | undefined, tags: Record<string, string>): boolean {
  if (!selector) return true;
  return Object.entries(selector).every(([k, v]) => k in tags && (v === '*' || tags[k] === v));
}

/** Kuma's Dataplane.Matches: a selector matches one of the inbounds' tags, or the gateway's tags. */
export function dataplaneMatches(dp: StoredResource, selector: Record<string, string>): boolean {
  if (inbounds(dp).some((i) => tagsMatch(selector, i.tags))) return true;
  const gw = gatewayOf(dp);
  return tagsMatch(selector, strMap(gw?.tags));
}

/** Inbounds selected by a section name (all when empty). */
export function inboundsBySection(dp: StoredResource, sectionName: string): Inbound[] {
  return inbounds(dp).filter((i) => sectionName === '' || i.sectionName === sectionName);
}

export function listenersBySection(dp: StoredResource, sectionName: string): Listener[] {
  return listeners(dp).filter((l) => sectionName === '' || l.sectionName === sectionName);
}
