import { describe, it, expect, beforeAll, afterAll, onTestFinished } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { STORES, startTestControlPlane, type TestControlPlane } from '../helpers/cp.js';
import { createBuiltinCa } from '../../src/lib/control-plane/pki.js';

const timeout = (name: string) => ({
  type: 'MeshTimeout',
  name,
  mesh: 'team-a',
  spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '20m' } }] },
});

describe.each(STORES)('local control plane API (%s store)', (store) => {
  // one control plane for the file; each test makes what it needs and names what it creates apart
  // from the other tests', so that it passes alone and in any order
  let cp: TestControlPlane;
  beforeAll(async () => {
    cp = await startTestControlPlane(store);
  });
  afterAll(async () => cp.close());
  /** Mesh team-a, with Kuma's default policies (PUT again: an update if another test made it). */
  const teamA = () => cp.put('/meshes/team-a', { type: 'Mesh', name: 'team-a' });

  it('answers the index like kuma-cp 2.14', async () => {
    const r = await cp.call('GET', '/');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(Object.keys(r.json)).toEqual(['clusterId', 'gui', 'hostname', 'instanceId', 'product', 'version']);
    expect(r.json).toMatchObject({ product: 'Kuma', version: '2.14.3' });
    expect(r.text).toMatch(/^\{\n "clusterId"/); // one-space indent, as kuma-cp writes
  });

  it('starts with the default mesh, its four default policies and its signing key', async () => {
    const cp = await startTestControlPlane(store); // a new one: nothing else in it
    onTestFinished(() => cp.close());
    const meshes = await cp.call('GET', '/meshes');
    expect(meshes.json.items.map((m: { name: string }) => m.name)).toEqual(['default']);
    expect(meshes.json.items[0].labels).toBeUndefined(); // boot creates it without labels
    const names = async (plural: string) => (await cp.call('GET', `/meshes/default/${plural}`)).json.items.map((i: { name: string }) => i.name);
    expect(await names('meshtimeouts')).toEqual(['mesh-gateways-timeout-all-default', 'mesh-timeout-all-default']);
    expect(await names('meshretries')).toEqual(['mesh-retry-all-default']);
    expect(await names('meshcircuitbreakers')).toEqual(['mesh-circuit-breaker-all-default']);
    expect(await names('secrets')).toEqual(['dataplane-token-signing-key-default-1']);
  });

  it('creates a mesh with 201 {}, updates it with 200 {}, and creates the default policies only once', async () => {
    const created = await cp.call('PUT', '/meshes/team-new', { type: 'Mesh', name: 'team-new' });
    expect([created.status, created.json]).toEqual([201, {}]);
    const cb = await cp.call('GET', '/meshes/team-new/meshcircuitbreakers/mesh-circuit-breaker-all-team-new');
    expect(cb.json).toMatchObject({
      type: 'MeshCircuitBreaker',
      mesh: 'team-new',
      name: 'mesh-circuit-breaker-all-team-new',
      labels: { 'kuma.io/env': 'universal', 'kuma.io/mesh': 'team-new', 'kuma.io/origin': 'zone', 'kuma.io/zone': 'default' },
      kri: 'kri_mcb_team-new_default__mesh-circuit-breaker-all-team-new_',
      spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { connectionLimits: { maxConnections: 1024, maxPendingRequests: 1024, maxRetries: 3, maxRequests: 1024 } } }] },
    });
    const mt = await cp.call('GET', '/meshes/team-new/meshtimeouts/mesh-timeout-all-team-new');
    expect(mt.json.spec).toEqual({
      targetRef: { kind: 'Mesh', proxyTypes: ['Sidecar'] },
      to: [{ targetRef: { kind: 'Mesh' }, default: { connectionTimeout: '5s', idleTimeout: '1h0m0s', http: { requestTimeout: '15s', streamIdleTimeout: '30m0s' } } }],
      from: [{ targetRef: { kind: 'Mesh' }, default: { connectionTimeout: '10s', idleTimeout: '2h0m0s', http: { requestTimeout: '0s', streamIdleTimeout: '1h0m0s', maxStreamDuration: '0s' } } }],
    });
    await cp.call('DELETE', '/meshes/team-new/meshretries/mesh-retry-all-team-new');
    const updated = await cp.call('PUT', '/meshes/team-new', { type: 'Mesh', name: 'team-new', routing: { localityAwareLoadBalancing: true } });
    expect([updated.status, updated.json]).toEqual([200, {}]);
    expect((await cp.call('GET', '/meshes/team-new/meshretries/mesh-retry-all-team-new')).status).toBe(404); // an update creates nothing
  });

  it('honours skipCreatingInitialPolicies: "*" skips every policy, type names skip their type', async () => {
    await cp.call('PUT', '/meshes/skip-all', { type: 'Mesh', name: 'skip-all', skipCreatingInitialPolicies: ['*'] });
    const insight = (await cp.call('GET', '/mesh-insights/skip-all')).json;
    expect(insight.policies).toEqual({});
    expect(insight.resources).toEqual({ Secret: { total: 1 } }); // the signing key is always there
    await cp.call('PUT', '/meshes/skip-some', { type: 'Mesh', name: 'skip-some', skipCreatingInitialPolicies: ['MeshTimeout', 'MeshRetry'] });
    expect((await cp.call('GET', '/mesh-insights/skip-some')).json.policies).toEqual({ MeshCircuitBreaker: { total: 1 } });
  });

  it('warns about a mesh name that is not an RFC 1035 label, with Kuma\'s text', async () => {
    const r = await cp.call('PUT', '/meshes/aa.a', { type: 'Mesh', name: 'aa.a', skipCreatingInitialPolicies: ['*'] });
    expect(r.status).toBe(201);
    expect(r.json).toEqual({
      warnings: [
        "Invalid Mesh resource name: 'aa.a'. It does not conform to the DNS format (RFC 1035). This is deprecated. Errors: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      ],
    });
  });

  it('creates a real builtin CA in two secrets, and refuses to change the CA while mTLS is on', async () => {
    const mesh = { type: 'Mesh', name: 'secure', skipCreatingInitialPolicies: ['*'], mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin' }, { name: 'ca-2', type: 'builtin' }].slice(0, 1) } };
    expect((await cp.call('PUT', '/meshes/secure', mesh)).status).toBe(201);
    const cert = await cp.call('GET', '/meshes/secure/secrets/secure.ca-builtin-cert-ca-1');
    const key = await cp.call('GET', '/meshes/secure/secrets/secure.ca-builtin-key-ca-1');
    expect([cert.status, key.status]).toEqual([200, 200]);
    const x509 = new X509Certificate(Buffer.from(cert.json.data, 'base64'));
    expect(x509.ca).toBe(true);
    expect(x509.subjectAltName).toBe('URI:spiffe://secure');
    const change = await cp.call('PUT', '/meshes/secure', { ...mesh, mtls: { enabledBackend: 'ca-2', backends: [{ name: 'ca-2', type: 'builtin' }] } });
    expect(change.status).toBe(400);
    expect(change.json).toEqual({
      type: '/std-errors',
      status: 400,
      title: 'Failed to update a resource',
      detail: 'Resource is not valid',
      invalid_parameters: [{ field: 'mtls.enabledBackend', reason: 'Changing CA when mTLS is enabled is forbidden. Disable mTLS first and then change the CA' }],
      details: 'Resource is not valid',
      causes: [{ field: 'mtls.enabledBackend', message: 'Changing CA when mTLS is enabled is forbidden. Disable mTLS first and then change the CA' }],
    });
  });

  it("refuses to delete a secret an mTLS backend of its mesh uses (the builtin CA's too), with Kuma's message", async () => {
    const mesh = { type: 'Mesh', name: 'keeps-ca', skipCreatingInitialPolicies: ['*'], mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin' }] } };
    expect((await cp.call('PUT', '/meshes/keeps-ca', mesh)).status).toBe(201);
    const del = await cp.call('DELETE', '/meshes/keeps-ca/secrets/keeps-ca.ca-builtin-key-ca-1');
    expect(del.status).toBe(400);
    expect(del.json.title).toBe('Could not delete a resource');
    expect(del.json.invalid_parameters).toEqual([
      {
        field: 'name',
        reason:
          'The secret "keeps-ca.ca-builtin-key-ca-1" that you are trying to remove is currently in use in Mesh "keeps-ca" in mTLS backend "ca-1". Please remove the reference from the "ca-1" backend before removing the secret.',
      },
    ]);
    expect((await cp.call('GET', '/meshes/keeps-ca/secrets/keeps-ca.ca-builtin-key-ca-1')).status).toBe(200);
  });

  it('checks a provided CA\'s certificate and key as kuma-cp\'s plugin does', async () => {
    const ca = await createBuiltinCa('prov', {});
    const mesh = (cert: unknown, key: unknown) => ({ type: 'Mesh', name: 'prov', skipCreatingInitialPolicies: ['*'], mtls: { enabledBackend: 'p', backends: [{ name: 'p', type: 'provided', conf: { cert, key } }] } });
    const garbage = await cp.call('PUT', '/meshes/prov', mesh({ inlineString: 'garbage' }, { inlineString: ca.keyPem }));
    expect(garbage.status).toBe(400);
    expect(garbage.json.title).toBe('Failed to create a resource');
    expect(garbage.json.invalid_parameters).toEqual([{ field: 'mtls.backends[0].conf.cert', reason: 'not a valid TLS key pair: tls: failed to find any PEM data in certificate input' }]);
    const missing = await cp.call('PUT', '/meshes/prov', mesh({ secret: 'ca-cert' }, { secret: 'ca-key' }));
    expect(missing.json.invalid_parameters[0]).toEqual({ field: 'mtls.backends[0].conf.cert', reason: 'could not load data: resource not found: type="Secret" name="ca-key" mesh="prov"' });
    const ok = await cp.call('PUT', '/meshes/prov', mesh({ inline: Buffer.from(ca.certPem).toString('base64') }, { inlineString: ca.keyPem }));
    expect(ok.status).toBe(201);
  });

  it('refuses an unknown CA plugin with the mesh manager\'s title', async () => {
    const r = await cp.call('PUT', '/meshes/vaulted', { type: 'Mesh', name: 'vaulted', mtls: { backends: [{ name: 'v', type: 'hsm' }] } });
    expect(r.status).toBe(400);
    expect(r.json.title).toBe('Failed to create a resource');
    expect(r.json.invalid_parameters).toEqual([{ field: 'mtls.backends[0].type', reason: 'could not find installed plugin for this type' }]);
  });

  it('answers 404 "Failed to retrieve Mesh" for a missing mesh, before looking at the body', async () => {
    const r = await cp.call('PUT', '/meshes/nope/meshtimeouts/x', 'not even json');
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ type: '/std-errors', status: 404, title: 'Failed to retrieve Mesh', detail: 'Not found', details: 'Not found' });
    expect((await cp.call('GET', '/meshes/nope/meshtimeouts')).json.title).toBe('Failed to retrieve Mesh');
  });

  it('reports a URL/body mismatch in Kuma\'s order', async () => {
    await teamA();
    const r = await cp.call('PUT', '/meshes/team-a/meshtimeouts/x', { ...timeout('y'), mesh: 'default' });
    expect(r.status).toBe(400);
    expect(r.json.title).toBe('Could not process a resource');
    expect(r.json.invalid_parameters).toEqual([
      { field: 'name', reason: 'name from the URL has to be the same as in body' },
      { field: 'mesh', reason: 'mesh from the URL has to be the same as in body' },
    ]);
  });

  it('validates with the shared library and Kuma\'s envelope', async () => {
    await teamA();
    const bad = timeout('neg');
    bad.spec.to[0]!.default = { http: { requestTimeout: '-10s' } } as never;
    const r = await cp.call('PUT', '/meshes/team-a/meshtimeouts/neg', bad);
    expect(r.json).toEqual({
      type: '/std-errors',
      status: 400,
      title: 'Could not process a resource',
      detail: 'Resource is not valid',
      invalid_parameters: [{ field: 'spec.to[0].default.http.requestTimeout', reason: 'must not be negative when defined' }],
      details: 'Resource is not valid',
      causes: [{ field: 'spec.to[0].default.http.requestTimeout', message: 'must not be negative when defined' }],
    });
    const schema = await cp.call('PUT', '/meshes/team-a/meshtimeouts/kind', { ...timeout('kind'), spec: { targetRef: { kind: 'Nope' }, to: [] } });
    expect(schema.json.invalid_parameters[0].field).toBe('spec.targetRef.kind');
    expect(schema.json.invalid_parameters[0].reason).toMatch(/^in body should be one of \[Mesh /);
    const noName = await cp.call('PUT', '/meshes/team-a/meshtimeouts/x', { type: 'MeshTimeout', mesh: 'team-a', spec: {} });
    expect(noName.json.invalid_parameters).toContainEqual({ field: '', reason: 'name in body is required' });
    const malformed = await cp.call('PUT', '/meshes/team-a/meshtimeouts/x', '{"type": ');
    expect([malformed.status, malformed.json.title]).toEqual([400, 'Bad Request']);
    expect(malformed.json.detail).toMatch(/^invalid MeshTimeout object: "/);
  });

  it('drops unknown fields and fills schema defaults, as kuma-cp does', async () => {
    await teamA();
    const t = timeout('lenient') as Record<string, unknown>;
    (t.spec as Record<string, unknown>).unknownThing = 1;
    expect((await cp.call('PUT', '/meshes/team-a/meshtimeouts/lenient', t)).status).toBe(201);
    const stored = (await cp.call('GET', '/meshes/team-a/meshtimeouts/lenient')).json;
    expect(stored.spec.unknownThing).toBeUndefined();
    const noMesh = { ...timeout('to-default') } as Record<string, unknown>;
    delete noMesh.mesh;
    expect((await cp.call('PUT', '/meshes/default/meshtimeouts/to-default', noMesh)).status).toBe(201);
  });

  it('keeps meshes apart: equal names are independent, lists show one mesh', async () => {
    await teamA();
    await cp.call('PUT', '/meshes/team-b', { type: 'Mesh', name: 'team-b', skipCreatingInitialPolicies: ['*'] });
    expect((await cp.call('PUT', '/meshes/team-a/meshtimeouts/same', timeout('same'))).status).toBe(201);
    expect((await cp.call('PUT', '/meshes/team-b/meshtimeouts/same', { ...timeout('same'), mesh: 'team-b', spec: { ...timeout('same').spec, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '5m' } }] } })).status).toBe(201);
    const a = (await cp.call('GET', '/meshes/team-a/meshtimeouts/same')).json;
    const b = (await cp.call('GET', '/meshes/team-b/meshtimeouts/same')).json;
    expect(a.spec.to[0].default.idleTimeout).toBe('20m0s');
    expect(b.spec.to[0].default.idleTimeout).toBe('5m0s');
    expect((await cp.call('GET', '/meshes/team-b/meshtimeouts')).json.items.map((i: { mesh: string; name: string }) => `${i.mesh}/${i.name}`)).toEqual(['team-b/same']);
    const all = (await cp.call('GET', '/meshtimeouts?name=same')).json;
    expect(all.items.map((i: { mesh: string }) => i.mesh)).toEqual(['team-a', 'team-b']);
  });

  it('enforces mesh constraints on data plane proxies with Kuma\'s messages', async () => {
    await cp.call('PUT', '/meshes/strict', {
      type: 'Mesh',
      name: 'strict',
      skipCreatingInitialPolicies: ['*'],
      constraints: { dataplaneProxy: { requirements: [{ tags: { 'kuma.io/service': 'backend' } }], restrictions: [{ tags: { version: 'v0' } }] } },
    });
    const dp = (name: string, tags: Record<string, string>) => ({ type: 'Dataplane', mesh: 'strict', name, networking: { address: '10.0.0.1', inbound: [{ port: 8080, tags }] } });
    const refused = await cp.call('PUT', '/meshes/strict/dataplanes/web', dp('web', { 'kuma.io/service': 'web' }));
    expect(refused.status).toBe(400);
    expect(refused.json.title).toBe('Failed to create a resource');
    expect(refused.json.invalid_parameters).toEqual([
      { field: 'mesh', reason: 'dataplane cannot be a member of mesh "strict" because its tags "kuma.io/service=web kuma.io/zone=default" does not fulfill any requirements defined on the Mesh' },
    ]);
    const denied = await cp.call('PUT', '/meshes/strict/dataplanes/old', dp('old', { 'kuma.io/service': 'backend', version: 'v0' }));
    expect(denied.json.invalid_parameters[0].reason).toBe(
      'dataplane cannot be a member of mesh "strict" because its tags "kuma.io/service=backend kuma.io/zone=default version=v0" matches restricted tags "version=v0" defined on the Mesh',
    );
    expect((await cp.call('PUT', '/meshes/strict/dataplanes/ok', dp('ok', { 'kuma.io/service': 'backend', version: 'v1' }))).status).toBe(201);
  });

  it('gives a Dataplane its zone tag before checking the constraints, and stores what it checked', async () => {
    const mesh = `zoned-${store}`;
    await cp.put(`/meshes/${mesh}`, { type: 'Mesh', name: mesh, skipCreatingInitialPolicies: ['*'], constraints: { dataplaneProxy: { requirements: [{ tags: { 'kuma.io/zone': 'east' } }] } } });
    const dp = (name: string) => ({ type: 'Dataplane', mesh, name, networking: { address: '10.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web', 'kuma.io/zone': 'east' } }] } });
    const refused = await cp.call('PUT', `/meshes/${mesh}/dataplanes/east`, dp('east'));
    expect(refused.json.invalid_parameters).toEqual([
      { field: 'mesh', reason: `dataplane cannot be a member of mesh "${mesh}" because its tags "kuma.io/service=web kuma.io/zone=default" does not fulfill any requirements defined on the Mesh` },
    ]);
    await cp.put(`/meshes/${mesh}`, { type: 'Mesh', name: mesh, skipCreatingInitialPolicies: ['*'], constraints: { dataplaneProxy: { requirements: [{ tags: { 'kuma.io/zone': 'default' } }] } } });
    expect((await cp.call('PUT', `/meshes/${mesh}/dataplanes/east`, dp('east'))).status).toBe(201);
    const stored = (await cp.call('GET', `/meshes/${mesh}/dataplanes/east`)).json;
    expect(stored.networking.inbound[0].tags).toEqual({ 'kuma.io/service': 'web', 'kuma.io/zone': 'default' });
    expect((await cp.call('DELETE', `/meshes/${mesh}/dataplanes/east`)).status).toBe(200);
  });

  it('refuses to delete a mesh with data plane proxies, then deletes it with everything in it', async () => {
    await cp.put('/meshes/doomed', { type: 'Mesh', name: 'doomed', skipCreatingInitialPolicies: ['*'] });
    await cp.put('/meshes/doomed/dataplanes/ok', { type: 'Dataplane', mesh: 'doomed', name: 'ok', networking: { address: '10.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'backend' } }] } });
    const r = await cp.call('DELETE', '/meshes/doomed');
    expect(r.json).toEqual({
      type: '/std-errors',
      status: 400,
      title: 'Could not delete a resource',
      detail: 'Resource is not valid',
      invalid_parameters: [{ field: 'mesh', reason: 'unable to delete mesh, there are still some dataplanes attached' }],
      details: 'Resource is not valid',
      causes: [{ field: 'mesh', message: 'unable to delete mesh, there are still some dataplanes attached' }],
    });
    await cp.call('PUT', '/meshes/doomed/secrets/user-secret', { type: 'Secret', mesh: 'doomed', name: 'user-secret', data: 'c2VjcmV0' });
    expect((await cp.call('DELETE', '/meshes/doomed/dataplanes/ok')).json).toEqual({});
    expect((await cp.call('DELETE', '/meshes/doomed')).status).toBe(200);
    expect((await cp.call('GET', '/secrets')).json.items.filter((s: { mesh: string }) => s.mesh === 'doomed')).toEqual([]);
    // a new mesh of the same name starts empty: nothing leaks from the old tenant
    await cp.call('PUT', '/meshes/doomed', { type: 'Mesh', name: 'doomed', skipCreatingInitialPolicies: ['*'] });
    expect((await cp.call('GET', '/meshes/doomed/secrets')).json.items.map((s: { name: string }) => s.name)).toEqual(['dataplane-token-signing-key-doomed-1']);
    expect((await cp.call('DELETE', '/meshes/doomed/dataplanes/ok')).json.title).toBe('Could not delete a resource');
  });

  it('computes labels and keeps kuma.io/origin, kuma.io/zone and kuma.io/display-name immutable', async () => {
    await teamA();
    const t = { ...timeout('labelled'), labels: { team: 'a', 'kuma.io/display-name': 'labelled' } };
    await cp.call('PUT', '/meshes/team-a/meshtimeouts/labelled', t);
    const got = (await cp.call('GET', '/meshes/team-a/meshtimeouts/labelled')).json;
    expect(got.labels).toEqual({ 'kuma.io/display-name': 'labelled', 'kuma.io/env': 'universal', 'kuma.io/mesh': 'team-a', 'kuma.io/origin': 'zone', 'kuma.io/zone': 'default', team: 'a' });
    const changed = await cp.call('PUT', '/meshes/team-a/meshtimeouts/labelled', { ...t, labels: { 'kuma.io/display-name': 'other' } });
    expect(changed.status).toBe(400);
    expect(changed.json.title).toBe('Could not update a resource');
    expect(changed.json.invalid_parameters).toEqual([{ field: 'labels["kuma.io/display-name"]', reason: 'is immutable, cannot be changed from "labelled" to "other"' }]);
    const zone = await cp.call('PUT', '/meshes/team-a/meshtimeouts/zoned', { ...timeout('zoned'), labels: { 'kuma.io/zone': 'east' } });
    expect(zone.json.invalid_parameters).toEqual([{ field: 'labels["kuma.io/zone"]', reason: 'kuma.io/zone label should have default value' }]);
  });

  it('pages lists with total, items and next, and answers bad parameters like kuma-cp', async () => {
    await teamA();
    for (const n of ['page-1', 'page-2', 'page-3']) await cp.put(`/meshes/team-a/meshtimeouts/${n}`, timeout(n));
    await cp.put('/meshes/team-a/meshtimeouts/team-labelled', { ...timeout('team-labelled'), labels: { team: 'a-pages' } });
    const first = await cp.call('GET', '/meshes/team-a/meshtimeouts?name=page-&size=2');
    expect(first.json.total).toBe(3);
    expect(first.json.items.map((i: { name: string }) => i.name)).toEqual(['page-1', 'page-2']);
    expect(first.json.next).toBe(`${cp.url}/meshes/team-a/meshtimeouts?name=page-&offset=2&size=2`);
    const last = await cp.call('GET', '/meshes/team-a/meshtimeouts?name=page-&size=2&offset=2');
    expect([last.json.items.length, last.json.next]).toEqual([1, null]);
    const past = await cp.call('GET', '/meshes/team-a/meshtimeouts?name=page-&offset=10');
    expect([past.json.total, past.json.items, past.json.next]).toEqual([3, [], null]);
    expect((await cp.call('GET', '/meshes?size=abc')).json).toMatchObject({ title: 'Could not retrieve resources', detail: 'Invalid page size', invalid_parameters: [{ field: 'size', reason: 'invalid format' }] });
    expect((await cp.call('GET', '/meshes?size=2000')).json.invalid_parameters).toEqual([{ field: 'size', reason: 'invalid page size of 2000. Maximum page size is 1000' }]);
    expect((await cp.call('GET', '/meshes?offset=invalid')).json.detail).toBe('invalid: invalid offset: strconv.Atoi: parsing "invalid": invalid syntax');
    expect((await cp.call('GET', '/meshes/default/dataplanes?filter[labelds.k8s.kuma.io/namespace]=x')).json.invalid_parameters).toEqual([
      { field: '/meshes/{mesh}/dataplanes.filter[labelds.k8s.kuma.io/namespace]', reason: 'filters are only supported on labels' },
    ]);
    const byLabel = await cp.call('GET', '/meshes/team-a/meshtimeouts?filter[labels.team]=a-pages');
    expect(byLabel.json.items.map((i: { name: string }) => i.name)).toEqual(['team-labelled']);
  });

  it('answers router errors in plain text', async () => {
    const missing = await cp.call('GET', '/nothing-here');
    expect([missing.status, missing.text]).toEqual([404, '404: Page Not Found']);
    const post = await cp.call('POST', '/meshes', {});
    expect([post.status, post.text, post.headers.get('allow')]).toEqual([405, '405: Method Not Allowed', 'GET']);
    const form = await cp.call('PUT', '/meshes/x', 'a=b', { 'content-type': 'application/x-www-form-urlencoded' });
    expect([form.status, form.text]).toEqual([415, '415: Unsupported Media Type']);
  });

  it('reads the Content-Type as kuma-cp\'s router does: parameters and lists accepted, case and absence not', async () => {
    const put = (name: string, contentType?: string) => {
      const body = JSON.stringify({ type: 'Mesh', name, skipCreatingInitialPolicies: ['*'] });
      return fetch(`${cp.url}/meshes/${name}`, { method: 'PUT', body, headers: contentType === undefined ? {} : { 'content-type': contentType } });
    };
    expect((await put('ct-charset', 'application/json; charset=utf-8')).status).toBe(201);
    expect((await put('ct-tight', 'application/json;charset=UTF-8')).status).toBe(201);
    expect((await put('ct-list', 'text/plain, application/json')).status).toBe(201);
    // the type itself is compared exactly, and a PUT without one is read as application/octet-stream
    for (const [name, contentType] of [['ct-case', 'Application/JSON'], ['ct-none', undefined], ['ct-yaml', 'application/yaml']] as const) {
      const r = await put(name, contentType);
      expect([name, r.status, await r.text()]).toEqual([name, 415, '415: Unsupported Media Type']);
    }
    // body-less methods need none, but a wrong one is refused on them too
    expect((await fetch(`${cp.url}/meshes/ct-charset`, { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(`${cp.url}/meshes`, { headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await cp.call('GET', '/meshes/ct-none')).status).toBe(404);
  });

  it('refuses bodies over 5 MiB with 413', async () => {
    const huge = JSON.stringify({ type: 'Mesh', name: 'huge', pad: 'x'.repeat(6 * 1024 * 1024) });
    expect((await cp.call('PUT', '/meshes/huge', huge)).status).toBe(413);
  });

  it('lets only an admin read secrets', async () => {
    const asProxy = await cp.call('GET', '/meshes/default/secrets', undefined, { 'x-forwarded-for': '10.0.0.1' });
    expect(asProxy.status).toBe(403);
    expect(asProxy.json.detail).toBe('user "mesh-system:anonymous/mesh-system:unauthenticated" cannot access the resource of type "Secret"');
    expect((await cp.call('GET', '/who-am-i')).json).toEqual({ name: 'mesh-system:admin', groups: ['mesh-system:admin', 'mesh-system:authenticated'] });
  });

  it('never loses an acknowledged write under concurrent writers', async () => {
    await teamA();
    const writes = Array.from({ length: 32 }, (_, i) =>
      cp.call('PUT', '/meshes/team-a/meshtimeouts/contended', { ...timeout('contended'), labels: { writer: `w${i}` } }),
    );
    const results = await Promise.all(writes);
    expect(results.every((r) => r.status === 200 || r.status === 201)).toBe(true);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const final = (await cp.call('GET', '/meshes/team-a/meshtimeouts/contended')).json;
    expect(final.labels.writer).toMatch(/^w\d+$/);
    expect((await cp.call('GET', '/meshes/team-a/meshtimeouts?name=contended')).json.total).toBe(1);
  });

  it('reports per-mesh insights and the resource catalogue', async () => {
    await cp.put('/meshes/insightful', { type: 'Mesh', name: 'insightful' });
    for (const n of ['one', 'two']) await cp.put(`/meshes/insightful/meshtimeouts/${n}`, { ...timeout(n), mesh: 'insightful' });
    const insights = (await cp.call('GET', '/mesh-insights')).json;
    const a = insights.items.find((i: { name: string }) => i.name === 'insightful');
    expect(a.dataplanes.total).toBe(0);
    expect(a.policies.MeshTimeout.total).toBe(4); // Kuma's two defaults and ours
    const catalogue = (await cp.call('GET', '/_resources')).json.resources;
    expect(catalogue.find((r: { name: string }) => r.name === 'Mesh')).toEqual({
      includeInFederation: true,
      name: 'Mesh',
      path: 'meshes',
      pluralDisplayName: 'Meshes',
      readOnly: false,
      scope: 'Global',
      shortName: 'm',
      singularDisplayName: 'Mesh',
    });
  });
});

describe('control plane modes', () => {
  it('refuses every change in read-only mode, with the JSON 405', async () => {
    const cp = await startTestControlPlane('memory', { readOnly: true });
    try {
      const r = await cp.call('PUT', '/meshes/x', { type: 'Mesh', name: 'x' });
      expect(r.status).toBe(405);
      expect(r.json.title).toBe('Method not allowed');
      expect((await cp.call('GET', '/meshes')).status).toBe(200);
    } finally {
      await cp.close();
    }
  });

  it('requires the admin token on every request but the index when one is set', async () => {
    const cp = await startTestControlPlane('memory', { adminToken: 's3cret', skipDefaultMesh: true });
    try {
      expect((await cp.call('GET', '/')).status).toBe(200);
      const anon = await cp.call('GET', '/meshes');
      expect(anon.status).toBe(401);
      expect(anon.json).toEqual({ type: '/std-errors', status: 401, title: 'Invalid authentication data', detail: 'Unauthenticated', details: 'Unauthenticated' });
      expect((await cp.call('GET', '/meshes', undefined, { authorization: 'Bearer wrong' })).status).toBe(401);
      const ok = await cp.call('GET', '/meshes', undefined, { authorization: 'Bearer s3cret' });
      expect([ok.status, ok.json.total]).toEqual([200, 0]);
    } finally {
      await cp.close();
    }
  });
});
