import { describe, it, expect } from 'vitest';
import type { StoredResource } from '../../src/lib/control-plane/store/types.js';
import { Snapshot } from '../../src/lib/control-plane/matching/index.js';
import { outboundRoutes } from '../../src/lib/control-plane/policy-confs.js';

/*
 * What `GET .../dataplanes/{name}/_outbounds/{kri}/_routes` answers, computed in-process: the route
 * rules of an outbound merged as kuma-cp 2.14 merges them (pkg/plugins/policies/core/rules/merge and
 * the MeshHTTPRoute / MeshTCPRoute GetDefault of their plugins).
 */

const now = '2026-01-01T00:00:00Z';
const res = (type: string, mesh: string, name: string, spec: Record<string, unknown>): StoredResource => ({
  type,
  mesh,
  name,
  labels: {},
  spec,
  creationTime: now,
  modificationTime: now,
  version: 1,
});

const MESH = 'routes-merge';
const OUTBOUND = `kri_msvc_${MESH}___backend_http`;
const base = [
  res('Mesh', '', MESH, { meshServices: { mode: 'Exclusive' } }),
  res('Dataplane', MESH, 'web-1', { networking: { address: '127.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web' } }] } }),
  res('MeshService', MESH, 'backend', { selector: { dataplaneTags: { app: 'backend' } }, ports: [{ name: 'http', port: 80, appProtocol: 'http' }] }),
];

const path = (value: string) => [{ path: { type: 'PathPrefix', value } }];
const to = (name: string) => ({ backendRefs: [{ kind: 'MeshService', name, port: 80 }] });

interface Routes {
  routes: Array<{ kind: string; origins: Array<{ kri: string }>; rules: Array<{ conf: unknown; kri: string; matches: unknown }> }>;
}

describe('route rules of an outbound, merged as kuma-cp merges them', () => {
  it('keeps the first route rule first when a later route repeats its matches (rules [A,B] then [A] give [A,B])', () => {
    // route-b sorts before route-a (equal targetRefs: display name descending), so route-a wins on /a
    const routeB = res('MeshHTTPRoute', MESH, 'route-b', {
      targetRef: { kind: 'Mesh' },
      to: [{ targetRef: { kind: 'MeshService', name: 'backend' }, rules: [{ matches: path('/a'), default: to('v1') }, { matches: path('/b'), default: to('v2') }] }],
    });
    const routeA = res('MeshHTTPRoute', MESH, 'route-a', {
      targetRef: { kind: 'Mesh' },
      to: [{ targetRef: { kind: 'MeshService', name: 'backend' }, rules: [{ matches: path('/a'), default: to('v3') }] }],
    });
    const snapshot = new Snapshot(MESH, [...base, routeB, routeA]);
    const body = outboundRoutes(snapshot, snapshot.get('Dataplane', 'web-1')!, OUTBOUND) as Routes;
    expect(body.routes).toHaveLength(1);
    const http = body.routes[0]!;
    expect(http.kind).toBe('MeshHTTPRoute');
    expect(http.rules.map((r) => r.matches)).toEqual([path('/a'), path('/b')]);
    expect(http.rules.map((r) => r.kri)).toEqual([`kri_mhttpr_${MESH}___route-a_`, `kri_mhttpr_${MESH}___route-b_`]);
    expect(http.rules.map((r) => (r.conf as { backendRefs: Array<{ name: string }> }).backendRefs.map((b) => b.name))).toEqual([['v3'], ['v2']]);
  });

  it('sends a MeshTCPRoute `to` entry without rules to its own targetRef (weight 1), as kuma-cp does', () => {
    const tcp = res('MeshTCPRoute', MESH, 'tcp-default', { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'MeshService', name: 'backend' } }] });
    const snapshot = new Snapshot(MESH, [...base, tcp]);
    const body = outboundRoutes(snapshot, snapshot.get('Dataplane', 'web-1')!, OUTBOUND) as Routes;
    expect(body.routes).toEqual([
      {
        kind: 'MeshTCPRoute',
        origins: [{ kri: `kri_mtcpr_${MESH}___tcp-default_` }],
        rules: [{ conf: { backendRefs: [{ kind: 'MeshService', name: 'backend', weight: 1 }] }, kri: '', matches: null }],
      },
    ]);
  });
});
