import { checkDataplaneMembership } from './rules/mesh.js';
import { asArray as list, asRecord as obj } from '../json.js';

/*
 * The create-time check kuma-cp runs on every Dataplane (pkg/core/managers/apis/dataplane/
 * membership_validator.go): the Mesh's `constraints.dataplaneProxy` requirements and restrictions
 * against each inbound's (and the gateway's) tags. It needs only the Dataplane and its Mesh, so
 * validate runs it when the Mesh is in the same input and apply/diff when the Mesh is on the control
 * plane; the local control plane runs the very same function at create and update.
 */

/** The zone a standalone kuma-cp runs as (`KUMA_MULTIZONE_ZONE_NAME` defaults to `default`). */
export const STANDALONE_ZONE = 'default';

/** Kuma's refusal text for `dataplane` joining `mesh` (a Universal Mesh document), or null when it may join. */
export function dataplaneMembershipError(mesh: Record<string, unknown>, dataplane: Record<string, unknown>, zone = STANDALONE_ZONE): string | null {
  return checkDataplaneMembership(mesh, dataplane, zone);
}

/**
 * Whether the answer depends on the zone of the control plane, which the input does not tell: a
 * requirement or restriction on `kuma.io/zone` (kuma-cp sets that tag on every inbound to its own zone
 * name). Without one, only the zone shown in the message depends on it, not the verdict.
 */
export function membershipDependsOnZone(mesh: Record<string, unknown>): boolean {
  const dpp = obj(obj(mesh.constraints)?.dataplaneProxy);
  return [...list(dpp?.requirements), ...list(dpp?.restrictions)].some((r) => {
    const tags = obj(obj(r)?.tags);
    return tags !== undefined && Object.hasOwn(tags, 'kuma.io/zone');
  });
}
