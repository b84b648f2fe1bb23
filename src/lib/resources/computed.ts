/** What a control plane sets on a resource itself: never part of what a user writes or compares. */
export const SERVER_FIELDS = ['creationTime', 'modificationTime', 'kri', 'status', 'snis'] as const;

/** Labels kuma-cp computes (mesh, origin, zone, environment, proxy type, display name). */
export const COMPUTED_LABELS = ['kuma.io/mesh', 'kuma.io/origin', 'kuma.io/zone', 'kuma.io/env', 'kuma.io/proxy-type', 'kuma.io/display-name'] as const;
