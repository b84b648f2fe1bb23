import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { jwtVerify, decodeProtectedHeader } from 'jose';
import { STORES, startTestControlPlane, type TestControlPlane } from '../helpers/cp.js';
import { goldenIn } from '../helpers/golden.js';
import { createSigningKey } from '../../src/lib/control-plane/pki.js';

const golden = goldenIn('tokens');

/** The public key of a signing-key secret, read through the API as a user would. */
async function publicKeyOf(cp: TestControlPlane, path: string) {
  const secret = await cp.call('GET', path);
  expect(secret.status).toBe(200);
  return createPublicKey(createPrivateKey(Buffer.from(secret.json.data, 'base64').toString('utf8')));
}

async function issue(cp: TestControlPlane, kind: string, body: unknown, headers: Record<string, string> = {}) {
  return cp.call('POST', `/tokens/${kind}`, body, headers);
}

describe.each(STORES)('token endpoints (%s store)', (store) => {
  let cp: TestControlPlane;
  beforeAll(async () => {
    cp = await startTestControlPlane(store);
  });
  afterAll(async () => cp?.close());

  it('creates the zone and user token signing keys at start, as GlobalSecrets holding PEM RSA keys', async () => {
    const list = await cp.call('GET', '/global-secrets');
    const names = list.json.items.map((i: { name: string }) => i.name);
    expect(names).toEqual(expect.arrayContaining(['user-token-signing-key-1', 'zone-token-signing-key-1']));
    for (const name of ['user-token-signing-key-1', 'zone-token-signing-key-1']) {
      const s = await cp.call('GET', `/global-secrets/${name}`);
      expect(Buffer.from(s.json.data, 'base64').toString('utf8')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    }
  });

  it('issues a dataplane token signed with the mesh key, verifiable with its public key, with the mesh and tag claims', async () => {
    const mesh = `dp-${store}`;
    await cp.put(`/meshes/${mesh}`, { type: 'Mesh', name: mesh });
    const res = await issue(cp, 'dataplane', { name: 'web-1', mesh, tags: { 'kuma.io/service': ['web', 'web-api'] }, type: 'dataplane', workload: 'web', validFor: '1h0m0s' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(decodeProtectedHeader(res.text)).toEqual({ alg: 'RS256', kid: '1', typ: 'JWT' });
    const key = await publicKeyOf(cp, `/meshes/${mesh}/secrets/dataplane-token-signing-key-${mesh}-1`);
    const { payload } = await jwtVerify(res.text, key, { algorithms: ['RS256'] });
    expect(payload).toMatchObject({ Name: 'web-1', Mesh: mesh, Tags: { 'kuma.io/service': ['web', 'web-api'] }, Type: 'dataplane', Workload: 'web' });
    expect(payload.exp! - payload.iat!).toBe(3605);
    // another mesh's key does not verify it
    const other = await publicKeyOf(cp, '/meshes/default/secrets/dataplane-token-signing-key-default-1');
    await expect(jwtVerify(res.text, other)).rejects.toThrow();
    // the control plane verifies what it issued, against the token's mesh
    await expect(cp.engine.tokens.verify('dataplane', res.text, mesh)).resolves.toMatchObject({ Mesh: mesh });
    await expect(cp.engine.tokens.verify('dataplane', res.text, 'default')).rejects.toThrow('token signature is invalid');
    // a token past its validity does not verify
    const expired = await issue(cp, 'dataplane', { mesh, validFor: '-6s' });
    expect(expired.status).toBe(200);
    await expect(cp.engine.tokens.verify('dataplane', expired.text, mesh)).rejects.toThrow('token is expired');
    await expect(jwtVerify(expired.text, key)).rejects.toThrow(/"exp" claim timestamp check failed/);
  });

  it('issues zone and user tokens with the global keys; 10 years when validFor is empty (dataplane and zone)', async () => {
    const zone = await issue(cp, 'zone', { zone: 'east', scope: ['egress'], validFor: '' });
    expect(zone.status).toBe(200);
    const zoneClaims = await cp.engine.tokens.verify('zone', zone.text);
    expect(zoneClaims).toMatchObject({ Zone: 'east', Scope: ['egress'] });
    expect((zoneClaims.exp as number) - (zoneClaims.iat as number)).toBe(10 * 365 * 24 * 3600 + 5);
    await jwtVerify(zone.text, await publicKeyOf(cp, '/global-secrets/zone-token-signing-key-1'));

    const user = await issue(cp, 'user', { name: 'john', groups: ['team-a'], validFor: '30s' });
    expect(user.status).toBe(200);
    const { payload } = await jwtVerify(user.text, await publicKeyOf(cp, '/global-secrets/user-token-signing-key-1'));
    expect(payload).toMatchObject({ Name: 'john', Groups: ['team-a'] });
    expect(payload.exp! - payload.iat!).toBe(35);
    // a user token does not pass as a zone token
    await expect(cp.engine.tokens.verify('zone', user.text)).rejects.toThrow('token signature is invalid');
  });

  it('signs with the key of the highest serial: a rotated key is the new kid', async () => {
    const mesh = `rot-${store}`;
    await cp.put(`/meshes/${mesh}`, { type: 'Mesh', name: mesh, skipCreatingInitialPolicies: ['*'] });
    const pem = await createSigningKey();
    await cp.put(`/meshes/${mesh}/secrets/dataplane-token-signing-key-${mesh}-2`, { type: 'Secret', mesh, name: `dataplane-token-signing-key-${mesh}-2`, data: Buffer.from(pem).toString('base64') });
    const res = await issue(cp, 'dataplane', { mesh, validFor: '1h' });
    expect(decodeProtectedHeader(res.text).kid).toBe('2');
    await jwtVerify(res.text, createPublicKey(pem));
    // the token names kid 2: once that key is gone, the control plane no longer verifies it
    await cp.call('DELETE', `/meshes/${mesh}/secrets/dataplane-token-signing-key-${mesh}-2`);
    await expect(cp.engine.tokens.verify('dataplane', res.text, mesh)).rejects.toThrow(
      `there is no signing key with KID 2. Secret of name "dataplane-token-signing-key-${mesh}-2" in mesh "${mesh}" is not found. If signing key was rotated, regenerate the token`,
    );
  });

  it("deletes a mesh's signing key with the mesh: no token for it afterwards", async () => {
    const mesh = `gone-${store}`;
    await cp.put(`/meshes/${mesh}`, { type: 'Mesh', name: mesh });
    expect((await issue(cp, 'dataplane', { mesh, validFor: '1h' })).status).toBe(200);
    expect((await cp.call('DELETE', `/meshes/${mesh}`)).status).toBe(200);
    const res = await issue(cp, 'dataplane', { mesh, validFor: '1h' });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({
      type: '/std-errors',
      status: 404,
      title: 'Signing Key not found',
      detail: `there is no signing key with KID 1. Secret of name "dataplane-token-signing-key-${mesh}-1" in mesh "${mesh}" is not found. If signing key was rotated, regenerate the token`,
      details: `there is no signing key with KID 1. Secret of name "dataplane-token-signing-key-${mesh}-1" in mesh "${mesh}" is not found. If signing key was rotated, regenerate the token`,
    });
  });
});

describe('token endpoints: requests kuma-cp refuses', () => {
  let cp: TestControlPlane;
  beforeAll(async () => {
    cp = await startTestControlPlane('memory');
  });
  afterAll(async () => cp?.close());

  const cases: Array<[string, string, unknown]> = [
    ['user-no-name.json', 'user', { name: '', validFor: '1h' }],
    ['user-missing-validFor.json', 'user', { name: 'xyz' }],
    ['user-0-validFor.json', 'user', { name: 'foo@example.com', validFor: '0s' }],
    ['user-bad-validFor.json', 'user', { name: 'foo', validFor: '1d' }],
    ['dataplane-no-mesh-bad-type.json', 'dataplane', { mesh: '', type: 'sidecar', validFor: 'x' }],
    ['zone-no-scope.json', 'zone', { zone: 'east', validFor: '1h' }],
  ];
  it.each(cases)('%s', async (file, kind, body) => {
    const res = await issue(cp, kind, body);
    expect(res.status).toBe(400);
    golden(file, res.text);
  });

  it('a body that is not the request is a 400 without a body; other methods 405, other kinds 404', async () => {
    for (const body of ['{', '[]', '{"mesh": 1}', '{"tags": {"a": "b"}}']) {
      const res = await issue(cp, 'dataplane', body);
      expect([body, res.status, res.text]).toEqual([body, 400, '']);
    }
    // Go's decoder matches field names case-insensitively and ignores unknown ones
    const res = await issue(cp, 'dataplane', { MESH: 'default', validFor: '1h', extra: true });
    expect(res.status).toBe(200);
    expect((await cp.call('GET', '/tokens/dataplane')).status).toBe(405);
    expect((await cp.call('POST', '/tokens/admin', {})).status).toBe(404);
    expect((await cp.call('POST', '/tokens/user', 'name=x', { 'content-type': 'text/plain' })).status).toBe(415);
  });
});

describe('token endpoints: who may ask', () => {
  const admin = randomBytes(18).toString('base64url');
  let cp: TestControlPlane;
  beforeAll(async () => {
    cp = await startTestControlPlane('memory', { adminToken: admin, skipDefaultMesh: true });
  });
  afterAll(async () => cp?.close());

  it('only the admin group: a user token it issued authenticates its holder, with its groups', async () => {
    const asAdmin = { authorization: `Bearer ${admin}` };
    expect((await issue(cp, 'user', { name: 'john', groups: ['team-a'], validFor: '1h' })).status).toBe(401);
    const john = (await issue(cp, 'user', { name: 'john', groups: ['team-a'], validFor: '1h' }, asAdmin)).text;
    const asJohn = { authorization: `Bearer ${john}` };
    expect((await cp.call('GET', '/who-am-i', undefined, asJohn)).json).toEqual({ name: 'john', groups: ['team-a', 'mesh-system:authenticated'] });
    golden('user-denied.json', (await issue(cp, 'user', { name: 'x', validFor: '1h' }, asJohn)).text);
    golden('dataplane-denied.json', (await issue(cp, 'dataplane', { mesh: 'default', validFor: '1h' }, asJohn)).text);
    golden('zone-denied.json', (await issue(cp, 'zone', { zone: 'east', scope: ['ingress'], validFor: '1h' }, asJohn)).text);
    expect((await cp.call('GET', '/global-secrets', undefined, asJohn)).status).toBe(403);

    // an admin user token is an admin
    const ci = (await issue(cp, 'user', { name: 'ci', groups: ['mesh-system:admin'], validFor: '1h' }, asAdmin)).text;
    expect((await cp.call('GET', '/global-secrets', undefined, { authorization: `Bearer ${ci}` })).status).toBe(200);
    // an expired one, or one signed by someone else, is refused
    const expired = (await issue(cp, 'user', { name: 'old', groups: ['mesh-system:admin'], validFor: '-10s' }, asAdmin)).text;
    expect((await cp.call('GET', '/meshes', undefined, { authorization: `Bearer ${expired}` })).status).toBe(401);
    expect((await cp.call('GET', '/meshes', undefined, { authorization: `Bearer ${john.slice(0, -4)}AAAA` })).status).toBe(401);
  });
});
