/** What a control plane sets on a resource itself: never part of what a user writes or compares. */
export const SERVER_FIELDS = ['creationTime', 'modificationTime', 'kri', 'status', 'snis'] as const;

/** Labels kuma-cp computes (mesh, origin, zone, environment, proxy type, display name). */
export const COMPUTED_LABELS = ['kuma.io/mesh', 'kuma.io/origin', 'kuma.io/zone', 'kuma.io/env', 'kuma.io/proxy-type', 'kuma.io/display-name'] as const;

/** The tag kuma-cp writes on every inbound and on the gateway of a Dataplane: its own zone name. */
export const ZONE_TAG = 'kuma.io/zone';

/**
 * What kuma-cp's dataplane manager does to a Dataplane (its spec, or the flat Universal document)
 * before the mesh constraints are checked and the proxy is stored: every inbound gets
 * `kuma.io/zone: <zone>` (whatever the request said), except inbounds without tags in a mesh whose
 * `meshServices.mode` is Exclusive, and so does the gateway. Changes `dataplane` in place.
 */
export function setZoneTags(dataplane: Record<string, unknown>, meshServicesExclusive: boolean, zone: string): void {
  const networking = asObject(dataplane.networking);
  if (!networking || zone === '') return;
  for (const inbound of Array.isArray(networking.inbound) ? networking.inbound : []) {
    const entry = asObject(inbound);
    if (!entry) continue;
    const tags = asObject(entry.tags);
    if (!tags || Object.keys(tags).length === 0) {
      if (meshServicesExclusive) continue;
      entry.tags = { [ZONE_TAG]: zone };
    } else tags[ZONE_TAG] = zone;
  }
  const gateway = asObject(networking.gateway);
  if (gateway) gateway.tags = { ...(asObject(gateway.tags) ?? {}), [ZONE_TAG]: zone };
}

/** The zone tags a control plane wrote on a Dataplane, removed: not the user's to compare or export. Changes it in place. */
export function dropZoneTags(dataplane: Record<string, unknown>): void {
  const networking = asObject(dataplane.networking);
  if (!networking) return;
  const gateway = asObject(networking.gateway);
  for (const holder of [...(Array.isArray(networking.inbound) ? networking.inbound : []), gateway]) {
    const tags = asObject(asObject(holder)?.tags);
    if (tags) delete tags[ZONE_TAG];
  }
}

function asObject(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
