import { describe, it, expect } from 'vitest';
import { matchedPolicies, selectedDataplanes, sortByTargetRef, Snapshot, dataplaneLayout } from '../../src/lib/control-plane/matching/index.js';
import { seedResourcesFromText } from '../../src/lib/control-plane/seed.js';
import type { StoredResource } from '../../src/lib/control-plane/store/types.js';

/*
 * The in-process matching API (what `diff --impact` and the _rules endpoint build on), on a snapshot
 * read from YAML: no server involved.
 */

function snapshotOf(yaml: string): StoredResource[] {
  return seedResourcesFromText(yaml).map((r) => ({ ...r, version: 1 }));
}

const TWO_TENANTS = `
type: Mesh
name: team-a
---
type: Mesh
name: team-b
---
type: Dataplane
name: web
mesh: team-a
labels:
  app: web
networking:
  address: 10.0.0.1
  inbound:
    - port: 8080
      name: http
      tags:
        kuma.io/service: web
    - port: 9090
      tags:
        kuma.io/service: web-admin
---
type: Dataplane
name: web
mesh: team-b
labels:
  app: web
networking:
  address: 10.0.0.2
  inbound:
    - port: 8080
      tags:
        kuma.io/service: web
---
type: Dataplane
name: gw
mesh: team-a
networking:
  address: 10.0.0.3
  gateway:
    type: DELEGATED
    tags:
      kuma.io/service: edge
---
type: MeshTimeout
name: everything
mesh: team-a
spec:
  targetRef:
    kind: Mesh
  to:
    - targetRef:
        kind: Mesh
      default:
        idleTimeout: 10s
---
type: MeshTimeout
name: sidecars-only
mesh: team-a
spec:
  targetRef:
    kind: Mesh
    proxyTypes: [Sidecar]
  to:
    - targetRef:
        kind: Mesh
      default:
        idleTimeout: 20s
---
type: MeshTimeout
name: by-labels
mesh: team-a
spec:
  targetRef:
    kind: Dataplane
    labels:
      app: web
  to:
    - targetRef:
        kind: Mesh
      default:
        idleTimeout: 30s
---
type: MeshTimeout
name: by-name-section
mesh: team-a
spec:
  targetRef:
    kind: Dataplane
    name: web
    sectionName: http
  to:
    - targetRef:
        kind: Mesh
      default:
        idleTimeout: 40s
---
type: MeshTimeout
name: a-by-name
mesh: team-a
spec:
  targetRef:
    kind: Dataplane
    name: web
  to:
    - targetRef:
        kind: Mesh
      default:
        idleTimeout: 50s
---
type: MeshTimeout
name: z-by-name
mesh: team-a
spec:
  targetRef:
    kind: Dataplane
    name: web
  to:
    - targetRef:
        kind: Mesh
      default:
        idleTimeout: 50s
---
type: MeshTimeout
name: from-global
mesh: team-a
labels:
  kuma.io/origin: global
spec:
  targetRef:
    kind: Dataplane
    name: web
  to:
    - targetRef:
        kind: Mesh
      default:
        idleTimeout: 60s
---
type: MeshTimeout
name: shadowed
mesh: team-a
labels:
  kuma.io/effect: shadow
spec:
  targetRef:
    kind: Mesh
  to:
    - targetRef:
        kind: Mesh
      default:
        idleTimeout: 70s
---
type: MeshTimeout
name: everything
mesh: team-b
spec:
  targetRef:
    kind: MeshSubset
    tags:
      kuma.io/service: web
  to:
    - targetRef:
        kind: Mesh
      default:
        idleTimeout: 1s
`;

describe('policy matching (in process)', () => {
  const resources = snapshotOf(TWO_TENANTS);

  it('orders the policies of a proxy as Kuma does: kind, Dataplane labels before name before sectionName, origin, name descending', () => {
    const timeouts = matchedPolicies(resources, 'team-a', 'web')!.find((m) => m.type === 'MeshTimeout')!;
    expect(timeouts.policies.map((p) => p.name)).toEqual(['sidecars-only', 'everything', 'by-labels', 'from-global', 'z-by-name', 'a-by-name', 'by-name-section']);
    // per inbound: the sectionName policy only on the inbound it names
    expect(timeouts.byInbound.get('10.0.0.1:8080')!.map((p) => p.name)).toContain('by-name-section');
    expect(timeouts.byInbound.get('10.0.0.1:9090')!.map((p) => p.name)).not.toContain('by-name-section');
    expect(sortByTargetRef([...timeouts.policies].reverse()).map((p) => p.name)).toEqual(timeouts.policies.map((p) => p.name));
  });

  it('keeps tenants apart: the same names in another mesh never match', () => {
    const b = matchedPolicies(resources, 'team-b', 'web')!.find((m) => m.type === 'MeshTimeout')!;
    expect(b.policies.map((p) => `${p.mesh}/${p.name}`)).toEqual(['team-b/everything']);
    expect(selectedDataplanes(resources, 'team-a', 'MeshTimeout', 'everything')!.map((d) => `${d.mesh}/${d.name}`)).toEqual(['team-a/gw', 'team-a/web']);
    expect(selectedDataplanes(resources, 'team-b', 'MeshTimeout', 'everything')!.map((d) => `${d.mesh}/${d.name}`)).toEqual(['team-b/web']);
  });

  it('honours proxyTypes, leaves shadow policies out, and answers undefined for what does not exist', () => {
    expect(selectedDataplanes(resources, 'team-a', 'MeshTimeout', 'sidecars-only')!.map((d) => d.name)).toEqual(['web']);
    expect(selectedDataplanes(resources, 'team-a', 'MeshTimeout', 'shadowed')!.map((d) => d.name)).toEqual(['gw', 'web']);
    const gw = matchedPolicies(resources, 'team-a', 'gw')!.find((m) => m.type === 'MeshTimeout')!;
    expect(gw.policies.map((p) => p.name)).toEqual(['everything']);
    expect(matchedPolicies(resources, 'team-a', 'nope')).toBeUndefined();
    expect(selectedDataplanes(resources, 'team-a', 'MeshTimeout', 'nope')).toBeUndefined();
  });

  it('gives a proxy its inbounds with KRIs', () => {
    const snapshot = new Snapshot('team-a', resources);
    const layout = dataplaneLayout(snapshot, snapshot.get('Dataplane', 'web')!);
    expect(layout.inbounds).toEqual([
      { kri: 'kri_dp_team-a___web_http', port: 8080, protocol: '', proxyResourceName: 'self_inbound_dp_http' },
      { kri: 'kri_dp_team-a___web_9090', port: 9090, protocol: '', proxyResourceName: 'self_inbound_dp_9090' },
    ]);
  });
});
