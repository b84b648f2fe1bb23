import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { STORES, startTestControlPlane, type TestControlPlane } from '../helpers/cp.js';

/** The local control plane gives durations back as kuma-cp 2.14 does, whatever form they were sent in. */
describe.each(STORES)('durations on the local control plane (%s store)', (store) => {
  let cp: TestControlPlane;
  beforeAll(async () => {
    cp = await startTestControlPlane(store, { skipDefaultMesh: true });
    await cp.put('/meshes/durations', { type: 'Mesh', name: 'durations', skipCreatingInitialPolicies: ['*'] });
  });
  afterAll(async () => {
    await cp.close();
  });

  it("stores a policy's durations as Go's time.Duration.String(), in every section", async () => {
    await cp.put('/meshes/durations/meshtimeouts/t1', {
      type: 'MeshTimeout',
      mesh: 'durations',
      name: 't1',
      spec: {
        targetRef: { kind: 'Mesh' },
        to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1h', connectionTimeout: '5000ms', http: { requestTimeout: '1.5s', streamIdleTimeout: '90m', maxStreamDuration: '2h45m' } } }],
      },
    });
    await cp.put('/meshes/durations/meshtimeouts/t2', {
      type: 'MeshTimeout',
      mesh: 'durations',
      name: 't2',
      spec: {
        targetRef: { kind: 'Mesh' },
        rules: [{ default: { idleTimeout: '0', http: { requestHeadersTimeout: '0.5s', requestTimeout: '0s', maxConnectionDuration: '1500us' } } }],
      },
    });
    const r = await cp.call('GET', '/meshes/durations/meshtimeouts/t1');
    expect(r.json.spec.to[0].default).toEqual({
      idleTimeout: '1h0m0s',
      connectionTimeout: '5s',
      http: { requestTimeout: '1.5s', streamIdleTimeout: '1h30m0s', maxStreamDuration: '2h45m0s' },
    });
    const rules = await cp.call('GET', '/meshes/durations/meshtimeouts/t2');
    expect(rules.json.spec.rules[0].default).toEqual({ idleTimeout: '0s', http: { requestHeadersTimeout: '500ms', requestTimeout: '0s', maxConnectionDuration: '1.5ms' } });
    // and in a list too
    const list = await cp.call('GET', '/meshes/durations/meshtimeouts');
    expect(list.json.items[0].spec.to[0].default.idleTimeout).toBe('1h0m0s');
  });

  it('does the same for the other policies with durations', async () => {
    await cp.put('/meshes/durations/meshretries/r1', {
      type: 'MeshRetry',
      mesh: 'durations',
      name: 'r1',
      spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { http: { numRetries: 2, perTryTimeout: '16000ms', backOff: { baseInterval: '0.025s', maxInterval: '1m' } } } }] },
    });
    const retry = await cp.call('GET', '/meshes/durations/meshretries/r1');
    expect(retry.json.spec.to[0].default.http).toEqual({ numRetries: 2, perTryTimeout: '16s', backOff: { baseInterval: '25ms', maxInterval: '1m0s' } });
    await cp.put('/meshes/durations/meshhealthchecks/h1', {
      type: 'MeshHealthCheck',
      mesh: 'durations',
      name: 'h1',
      spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { interval: '10s', timeout: '2000ms', unhealthyThreshold: 3, healthyThreshold: 1, initialJitter: '1m', tcp: {} } }] },
    });
    const hc = await cp.call('GET', '/meshes/durations/meshhealthchecks/h1');
    expect(hc.json.spec.to[0].default).toMatchObject({ interval: '10s', timeout: '2s', initialJitter: '1m0s' });
  });

  it('stores proto durations (Mesh, old policies) as seconds', async () => {
    await cp.put('/meshes/proto-durations', {
      type: 'Mesh',
      name: 'proto-durations',
      skipCreatingInitialPolicies: ['*'],
      mtls: { backends: [{ name: 'ca', type: 'builtin', dpCert: { requestTimeout: '1m', rotation: { expiration: '1d' } }, rootChain: { requestTimeout: '500ms' } }] },
    });
    const mesh = await cp.call('GET', '/meshes/proto-durations');
    expect(mesh.json.mtls.backends[0].dpCert).toEqual({ requestTimeout: '60s', rotation: { expiration: '1d' } });
    expect(mesh.json.mtls.backends[0].rootChain).toEqual({ requestTimeout: '0.500s' });
    await cp.put('/meshes/durations/timeouts/legacy', {
      type: 'Timeout',
      mesh: 'durations',
      name: 'legacy',
      sources: [{ match: { 'kuma.io/service': '*' } }],
      destinations: [{ match: { 'kuma.io/service': '*' } }],
      conf: { connectTimeout: '1.5s', tcp: { idleTimeout: '1h' }, http: { requestTimeout: '2m', idleTimeout: '1us' } },
    });
    const legacy = await cp.call('GET', '/meshes/durations/timeouts/legacy');
    expect(legacy.json.conf).toEqual({ connectTimeout: '1.500s', tcp: { idleTimeout: '3600s' }, http: { requestTimeout: '120s', idleTimeout: '0.000001s' } });
  });
});
