import { runGoTemplate } from '../../go/template.js';
import type { StoredResource } from '../store/types.js';
import { arr, rec, str, strMap, type Snapshot } from './snapshot.js';

/** A proxy's SPIFFE ID from the MeshIdentity that selects it (kuma-cp's `_layout` `spiffeId`). */

/** Kuma's meshidentity BestMatched: most matchLabels first, then the smallest name. */
export function bestMeshIdentity(identities: readonly StoredResource[], labels: Record<string, string>): StoredResource | undefined {
  const matched = identities
    .map((mi) => {
      const dpSelector = rec(mi.spec.selector).dataplane;
      if (dpSelector === undefined || dpSelector === null) return undefined;
      const match = strMap(rec(dpSelector).matchLabels);
      if (!Object.entries(match).every(([k, v]) => k in labels && labels[k] === v)) return undefined;
      return { mi, count: Object.keys(match).length };
    })
    .filter((x): x is { mi: StoredResource; count: number } => x !== undefined)
    .sort((a, b) => b.count - a.count || (a.mi.name < b.mi.name ? -1 : a.mi.name > b.mi.name ? 1 : 0));
  return matched[0]?.mi;
}

function render(template: string, fields: Record<string, string>): string | undefined {
  const r = runGoTemplate(template, fields, {}, 'data');
  return r.kind === 'ok' ? r.rendered : undefined;
}

export function layoutSpiffeId(snapshot: Snapshot, dp: StoredResource, localZone: string): string | undefined {
  const mi = bestMeshIdentity(snapshot.of('MeshIdentity'), dp.labels);
  if (!mi) return undefined;
  const ready = arr(rec(mi.status).conditions).some((c) => str(rec(c).type) === 'Ready' && str(rec(c).status) === 'True');
  if (!ready) return undefined;
  const spiffe = rec(mi.spec.spiffeID);
  const zone = mi.labels['kuma.io/zone'] !== undefined && mi.labels['kuma.io/zone'] !== '' ? mi.labels['kuma.io/zone'] : localZone;
  const trustDomain = render(str(spiffe.trustDomain) !== '' ? str(spiffe.trustDomain) : '{{ .Mesh }}.{{ .Zone }}.mesh.local', { Mesh: mi.mesh, Zone: zone });
  if (trustDomain === undefined) return undefined;
  const path = str(spiffe.path) !== '' ? str(spiffe.path) : '/workload/{{ .Workload }}';
  return render(`spiffe://{{ .TrustDomain }}${path}`, {
    TrustDomain: trustDomain,
    Namespace: dp.labels['k8s.kuma.io/namespace'] ?? '',
    ServiceAccount: dp.labels['kuma.io/service-account'] ?? '',
    Workload: dp.labels['kuma.io/workload'] ?? '',
  });
}
