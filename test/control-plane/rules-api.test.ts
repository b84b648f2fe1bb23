import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestControlPlane, type TestControlPlane } from '../helpers/cp.js';

/*
 * GET /meshes/{mesh}/dataplanes/{name}/_rules and /meshgateways/{name}/_rules on the local control
 * plane, with resources applied through its API: what a proxy gets, and how it changes when a more
 * specific policy overrides another.
 */

const MESH = 'rules-api';

describe('the _rules inspection endpoints', () => {
  let cp: TestControlPlane;
  beforeAll(async () => {
    cp = await startTestControlPlane('memory');
    await cp.put(`/meshes/${MESH}`, { type: 'Mesh', name: MESH, skipCreatingInitialPolicies: ['*'] });
    await cp.put(`/meshes/${MESH}/dataplanes/web-1`, {
      type: 'Dataplane',
      mesh: MESH,
      name: 'web-1',
      networking: { address: '127.0.0.1', inbound: [{ port: 8080, name: 'http', tags: { 'kuma.io/service': 'web' } }] },
    });
    await cp.put(`/meshes/${MESH}/meshtimeouts/base`, {
      type: 'MeshTimeout',
      mesh: MESH,
      name: 'base',
      spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1h', http: { requestTimeout: '10s' } } }] },
    });
    await cp.put(`/meshes/${MESH}/meshgateways/edge`, {
      type: 'MeshGateway',
      mesh: MESH,
      name: 'edge',
      selectors: [{ match: { 'kuma.io/service': 'edge' } }],
      conf: { listeners: [{ port: 80, protocol: 'HTTP' }] },
    });
  });
  afterAll(async () => cp?.close());

  it('gives the merged conf of the policies that select the proxy, in the form kuma-cp writes durations', async () => {
    const r = await cp.call('GET', `/meshes/${MESH}/dataplanes/web-1/_rules`);
    expect(r.status).toBe(200);
    const timeout = r.json.rules.find((x: { type: string }) => x.type === 'MeshTimeout');
    expect(timeout.toRules).toEqual([
      {
        conf: { idleTimeout: '1h0m0s', http: { requestTimeout: '10s' } },
        matchers: [],
        origin: [{ type: 'MeshTimeout', mesh: MESH, name: 'base', labels: expect.any(Object) }],
      },
    ]);
    expect(timeout.toResourceRules[0].resourceMeta).toEqual({ type: 'Mesh', mesh: '', name: MESH, labels: expect.any(Object) });
  });

  it('shows a more specific policy overriding one field and keeping the others', async () => {
    await cp.put(`/meshes/${MESH}/meshtimeouts/web-override`, {
      type: 'MeshTimeout',
      mesh: MESH,
      name: 'web-override',
      spec: { targetRef: { kind: 'Dataplane', labels: { app: 'web' } }, to: [{ targetRef: { kind: 'Mesh' }, default: { http: { requestTimeout: '2s' } } }] },
    });
    // the override selects proxies labelled app=web: web-1 is not yet
    let r = await cp.call('GET', `/meshes/${MESH}/dataplanes/web-1/_rules`);
    expect(r.json.rules[0].toRules[0].conf).toEqual({ idleTimeout: '1h0m0s', http: { requestTimeout: '10s' } });
    await cp.put(`/meshes/${MESH}/dataplanes/web-1`, {
      type: 'Dataplane',
      mesh: MESH,
      name: 'web-1',
      labels: { app: 'web' },
      networking: { address: '127.0.0.1', inbound: [{ port: 8080, name: 'http', tags: { 'kuma.io/service': 'web' } }] },
    });
    r = await cp.call('GET', `/meshes/${MESH}/dataplanes/web-1/_rules`);
    const rule = r.json.rules[0].toRules[0];
    expect(rule.conf).toEqual({ idleTimeout: '1h0m0s', http: { requestTimeout: '2s' } });
    expect(rule.origin.map((o: { name: string }) => o.name)).toEqual(['base', 'web-override']);
    const resourceRule = r.json.rules[0].toResourceRules[0];
    expect(resourceRule.origin.map((o: { resourceMeta: { name: string }; ruleIndex: number }) => [o.resourceMeta.name, o.ruleIndex])).toEqual([
      ['base', 0],
      ['web-override', 0],
    ]);
  });

  it('computes a MeshGateway as a builtin gateway proxy matching its first selector', async () => {
    await cp.put(`/meshes/${MESH}/meshtimeouts/on-edge`, {
      type: 'MeshTimeout',
      mesh: MESH,
      name: 'on-edge',
      spec: { targetRef: { kind: 'MeshGateway', name: 'edge' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '5s' } }] },
    });
    const r = await cp.call('GET', `/meshes/${MESH}/meshgateways/edge/_rules`);
    expect(r.status).toBe(200);
    expect(r.json.resource).toEqual({ type: 'MeshGateway', mesh: MESH, name: 'edge', labels: expect.any(Object) });
    const rule = r.json.rules[0].toRules[0];
    expect(rule.origin.map((o: { name: string }) => o.name)).toEqual(['base', 'on-edge']);
    expect(rule.conf).toEqual({ idleTimeout: '5s', http: { requestTimeout: '10s' } });
  });

  it('answers kuma-cp errors: unknown proxy, unknown mesh, other methods', async () => {
    let r = await cp.call('GET', `/meshes/${MESH}/dataplanes/nope/_rules`);
    expect([r.status, r.json.title, r.json.detail]).toEqual([404, 'Could not retrieve Dataplane', 'Not found']);
    r = await cp.call('GET', `/meshes/${MESH}/meshgateways/nope/_rules`);
    expect([r.status, r.json.title]).toEqual([404, 'Could not retrieve MeshGateway']);
    r = await cp.call('GET', '/meshes/no-such-mesh/dataplanes/web-1/_rules');
    expect([r.status, r.json.title]).toEqual([404, 'Failed to retrieve Mesh']);
    r = await cp.call('PUT', `/meshes/${MESH}/dataplanes/web-1/_rules`, {});
    expect(r.status).toBe(405);
  });
});
