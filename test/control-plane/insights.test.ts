import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestControlPlane, type TestControlPlane } from '../helpers/cp.js';

/** The overview, service insight and inspect endpoints of the local control plane, as kuma-cp serves them. */
describe('overviews, service insights and inspect endpoints', () => {
  let cp: TestControlPlane;
  beforeAll(async () => {
    cp = await startTestControlPlane('memory', { skipDefaultMesh: true });
    await cp.put('/meshes/ins-a', { type: 'Mesh', name: 'ins-a' });
    await cp.put('/meshes/ins-b', { type: 'Mesh', name: 'ins-b', meshServices: { mode: 'Exclusive' } });
    for (const [mesh, name, svc] of [['ins-a', 'a-1', 'api'], ['ins-a', 'a-2', 'api'], ['ins-a', 'b-1', 'db'], ['ins-b', 'c-1', 'api']] as const) {
      await cp.put(`/meshes/${mesh}/dataplanes/${name}`, { type: 'Dataplane', mesh, name, labels: { app: svc }, networking: { address: '10.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': svc } }] } });
    }
    await cp.put('/meshes/ins-b/dataplanes/kong', { type: 'Dataplane', mesh: 'ins-b', name: 'kong', networking: { address: '10.0.0.9', gateway: { tags: { 'kuma.io/service': 'kong' } } } });
  });
  afterAll(async () => {
    await cp.close();
  });

  it('lists DataplaneOverviews with the Dataplane under "dataplane" and no insight, paginated and filtered as a list', async () => {
    const r = await cp.call('GET', '/meshes/ins-a/dataplanes/_overview?size=2');
    expect(r.status).toBe(200);
    expect(r.json.total).toBe(3);
    expect(r.json.items.map((i: { name: string }) => i.name)).toEqual(['a-1', 'a-2']);
    expect(r.json.items[0]).toMatchObject({ type: 'DataplaneOverview', mesh: 'ins-a', name: 'a-1', kri: 'kri_dp_ins-a_default__a-1_', dataplane: { networking: { address: '10.0.0.1' } } });
    expect(r.json.items[0]).not.toHaveProperty('dataplaneInsight');
    expect(r.json.next).toMatch(/\/meshes\/ins-a\/dataplanes\/_overview\?offset=2&size=2$/);
    const tagged = await cp.call('GET', '/meshes/ins-a/dataplanes/_overview?tag=kuma.io/service:db');
    expect(tagged.json.items.map((i: { name: string }) => i.name)).toEqual(['b-1']);
    const labelled = await cp.call('GET', '/meshes/ins-a/dataplanes/_overview?filter[labels.app]=api');
    expect(labelled.json.total).toBe(2);
    const legacy = await cp.call('GET', '/meshes/ins-a/dataplanes+insights');
    expect(legacy.json.total).toBe(3);
    const everyMesh = await cp.call('GET', '/dataplanes/_overview');
    expect(everyMesh.json.total).toBe(5);
  });

  it('serves one overview, and 404s as kuma-cp does', async () => {
    const one = await cp.call('GET', '/meshes/ins-a/dataplanes/a-1/_overview');
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ type: 'DataplaneOverview', name: 'a-1' });
    expect((await cp.call('GET', '/meshes/ins-a/dataplanes+insights/a-1')).json.name).toBe('a-1');
    const missing = await cp.call('GET', '/meshes/ins-a/dataplanes/nope/_overview');
    expect([missing.status, missing.json.title]).toEqual([404, 'Could not retrieve a resource']);
    const noMesh = await cp.call('GET', '/meshes/nope/dataplanes/_overview');
    expect([noMesh.status, noMesh.json.title]).toEqual([404, 'Failed to retrieve Mesh']);
  });

  it('zone, zone ingress and zone egress overviews, under their paths and kuma-cp\'s older ones', async () => {
    for (const path of ['/zones/_overview', '/zones+insights', '/zoneingresses/_overview', '/zoneingresses+insights', '/zoneegresses/_overview', '/zoneegressoverviews']) {
      const r = await cp.call('GET', path);
      expect(r.status, path).toBe(200);
      expect(r.json, path).toHaveProperty('items');
    }
  });

  it('computes service insights per mesh: each service once, offline proxies counted, Exclusive mode keeps only delegated gateways', async () => {
    const a = await cp.call('GET', '/meshes/ins-a/service-insights');
    expect(a.json.items.map((i: { name: string; dataplanes: unknown }) => [i.name, i.dataplanes])).toEqual([
      ['api', { total: 2, offline: 2 }],
      ['db', { total: 1, offline: 1 }],
    ]);
    expect(a.json.items[0]).toMatchObject({ type: 'ServiceInsight', mesh: 'ins-a', status: 'offline', addressPort: 'api.mesh:80', zones: ['default'] });
    const b = await cp.call('GET', '/meshes/ins-b/service-insights');
    expect(b.json.items.map((i: { name: string }) => i.name)).toEqual(['kong']);
    const all = await cp.call('GET', '/service-insights?size=1&offset=1');
    expect([all.json.total, all.json.items[0].name]).toEqual([3, 'db']);
    const one = await cp.call('GET', '/meshes/ins-a/service-insights/api');
    expect(one.json).toMatchObject({ name: 'api', dataplanes: { total: 2 } });
    const unknown = await cp.call('GET', '/meshes/ins-a/service-insights/nothing');
    expect(unknown.json).toMatchObject({ name: 'nothing', dataplanes: {}, addressPort: 'nothing.mesh:80' });
  });

  it("lists the proxies a policy selects and the policies matched on a proxy; answers what needs a connected proxy with 501 and Kuma's error JSON", async () => {
    // the default MeshTimeout selects every sidecar of its mesh, and only of its mesh
    const policy = await cp.call('GET', '/meshes/ins-a/meshtimeouts/mesh-timeout-all-ins-a/_resources/dataplanes?size=2');
    expect(policy.status).toBe(200);
    expect(policy.json.total).toBe(3);
    expect(policy.json.items.map((i: { mesh: string; name: string }) => `${i.mesh}/${i.name}`)).toEqual(['ins-a/a-1', 'ins-a/a-2']);
    expect(policy.json.next).toMatch(/\/meshes\/ins-a\/meshtimeouts\/mesh-timeout-all-ins-a\/_resources\/dataplanes\?offset=2&size=2$/);
    expect((await cp.call('GET', '/meshes/ins-a/meshtimeouts/nope/_resources/dataplanes')).status).toBe(404);
    const matched = await cp.call('GET', '/meshes/ins-a/dataplanes/a-1/policies');
    expect(matched.status).toBe(200);
    expect(matched.json).toMatchObject({ kind: 'SidecarDataplane' });
    for (const path of ['/meshes/ins-a/dataplanes/a-1/xds', '/meshes/ins-a/dataplanes/a-1/stats', '/meshes/ins-a/dataplanes/a-1/_config']) {
      const r = await cp.call('GET', path);
      expect(r.status, path).toBe(501);
      expect(r.json).toMatchObject({ status: 501, title: 'Not supported by the local control plane' });
      expect(r.json.detail).toContain('not supported by the local control plane yet');
    }
    expect((await cp.call('PUT', '/meshes/ins-a/dataplanes/_overview', {})).status).toBe(405);
  });
});
