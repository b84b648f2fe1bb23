import { checkDataplaneMembership } from './rules/mesh.js';

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
