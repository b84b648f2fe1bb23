import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jwtVerify, decodeJwt, decodeProtectedHeader } from 'jose';
import { kumactl, type CliResult, fixturesIn } from '../helpers/cli.js';
import { startCliSession, startTestControlPlane, type CliSession, type TestControlPlane } from '../helpers/cp.js';
import { configYaml } from '../helpers/config.js';
import { goldenIn } from '../helpers/golden.js';

const fixture = fixturesIn('generate');

const golden = goldenIn('generate');
const FIXTURES = fileURLToPath(new URL('../fixtures/tokens/', import.meta.url));
const KEY_FILE = join(FIXTURES, 'signing-key.pem');
const fixtureKey = createPublicKey(createPrivateKey(readFileSync(KEY_FILE, 'utf8')));

/**
 * A token as a golden text: header and claims, with what changes run to run pinned (times, jti) and the
 * validity it was issued for (exp − iat, which includes kuma-cp's 5 s of clock skew).
 */
function stableToken(token: string): string {
  const header = decodeProtectedHeader(token);
  const claims = decodeJwt(token) as Record<string, unknown>;
  const validFor = (claims.exp as number) - (claims.iat as number);
  const pinned = { ...claims, exp: '<iat + validFor>', nbf: '<iat>', iat: '<now - 5s>', jti: '<uuid>' };
  expect(claims.nbf).toBe(claims.iat);
  expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  return `${JSON.stringify(header)}\n${JSON.stringify(pinned, null, 2)}\nvalidFor (exp - iat): ${validFor}s\n`;
}

/** The success of a command that prints a token: exit 0, nothing on stderr, no newline after the token. */
function tokenOf(r: CliResult): string {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  return r.stdout;
}

describe('kumactl generate against a local control plane', () => {
  let cp: TestControlPlane;
  let env: NodeJS.ProcessEnv;
  let home: string;
  const keyOf = async (path: string): Promise<KeyObject> => {
    const s = await cp.call('GET', path);
    return createPublicKey(createPrivateKey(Buffer.from(s.json.data, 'base64').toString('utf8')));
  };

  let session: CliSession | undefined;
  beforeAll(async () => {
    session = await startCliSession({ seed: (c) => c.put('/meshes/gen-demo', { type: 'Mesh', name: 'gen-demo', skipCreatingInitialPolicies: ['*'] }) });
    ({ cp, env, home } = session);
  });
  afterAll(() => session?.close());

  describe('dataplane-token', () => {
    it('asks the control plane, which signs with the mesh key: name, mesh, tags, type, workload in the claims', async () => {
      const r = await kumactl(
        ['generate', 'dataplane-token', '--mesh', 'gen-demo', '--name', 'web-01', '--proxy-type', 'dataplane', '--tag', 'kuma.io/service=web,web-api', '--tag', 'version=v1', '--workload', 'web', '--valid-for', '24h'],
        { env },
      );
      const token = tokenOf(r);
      const { payload } = await jwtVerify(token, await keyOf('/meshes/gen-demo/secrets/dataplane-token-signing-key-gen-demo-1'), { algorithms: ['RS256'] });
      expect(payload).toMatchObject({ Mesh: 'gen-demo', Tags: { 'kuma.io/service': ['web', 'web-api'], version: ['v1'] } });
      golden('dataplane-token.txt', stableToken(token));
      await expect(cp.engine.tokens.verify('dataplane', token, 'gen-demo')).resolves.toMatchObject({ Name: 'web-01' });
    });

    it('uses the default mesh without --mesh, and takes the deprecated --type', async () => {
      const r = await kumactl(['generate', 'dataplane-token', '--type', 'ingress', '--valid-for', '1h'], { env });
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('Flag --type has been deprecated, please use --proxy-type instead');
      const { payload } = await jwtVerify(r.stdout, await keyOf('/meshes/default/secrets/dataplane-token-signing-key-default-1'));
      expect(payload).toMatchObject({ Name: '', Mesh: 'default', Tags: {}, Type: 'ingress', Workload: '' });
    });

    it('signs offline with --signing-key-path and --kid, without a control plane', async () => {
      const r = await kumactl(['generate', 'dataplane-token', '--mesh', 'demo', '--name', 'dp-1', '--valid-for', '30s', '--kid', '1', '--signing-key-path', KEY_FILE], {
        env: { KUMACTL_CP_ADDRESS: 'http://127.0.0.1:9', HOME: home },
      });
      const token = tokenOf(r);
      await jwtVerify(token, fixtureKey, { algorithms: ['RS256'] });
      golden('dataplane-token-offline.txt', stableToken(token));
    });

    it("refuses what kumactl refuses, with the control plane's reasons", async () => {
      const cases: Array<[string, string[], number]> = [
        ['kid-without-key.txt', ['--name', 'dp-1', '--kid', '1', '--valid-for', '30s'], 2],
        ['key-without-kid.txt', ['--name', 'dp-1', '--valid-for', '30s', '--signing-key-path', KEY_FILE], 2],
        ['bad-valid-for.txt', ['--valid-for', '1d'], 2],
        ['bad-tag.txt', ['--tag', 'kuma.io/service', '--valid-for', '1h'], 2],
        ['unknown-mesh.txt', ['--mesh', 'no-such-mesh', '--valid-for', '1h'], 4],
        ['bad-proxy-type.txt', ['--proxy-type', 'sidecar', '--valid-for', '1h'], 4],
        ['zero-valid-for.txt', ['--valid-for', '0s'], 2],
        ['not-a-key.txt', ['--valid-for', '1h', '--kid', '1', '--signing-key-path', join(FIXTURES, 'not-a-key.txt')], 3],
        ['ec-key.txt', ['--valid-for', '1h', '--kid', '1', '--signing-key-path', join(FIXTURES, 'ec-key.pem')], 3],
      ];
      for (const [file, args, code] of cases) {
        const r = await kumactl(['generate', 'dataplane-token', ...args], { env, cwd: FIXTURES });
        expect([file, r.code, r.stdout]).toEqual([file, code, '']);
        golden(`dataplane-token-${file}`, r.stderr.replaceAll(FIXTURES, '<fixtures>/'));
      }
      const missing = await kumactl(['generate', 'dataplane-token'], { env });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('Missing required flag valid-for');
    });
  });

  describe('zone-token', () => {
    it('asks the control plane, which signs with zone-token-signing-key-1; both scopes by default', async () => {
      const token = tokenOf(await kumactl(['generate', 'zone-token', '--zone', 'zone-1', '--valid-for', '24h'], { env }));
      const { payload } = await jwtVerify(token, await keyOf('/global-secrets/zone-token-signing-key-1'));
      expect(payload).toMatchObject({ Zone: 'zone-1', Scope: ['ingress', 'egress'] });
      golden('zone-token.txt', stableToken(token));
      const egress = tokenOf(await kumactl(['generate', 'zone-token', '--zone', 'zone-1', '--valid-for', '1h', '--scope', 'egress'], { env }));
      await expect(cp.engine.tokens.verify('zone', egress)).resolves.toMatchObject({ Scope: ['egress'] });
    });

    it('signs offline, and refuses an unknown scope before anything else', async () => {
      const token = tokenOf(await kumactl(['generate', 'zone-token', '--zone', 'east', '--valid-for', '1h', '--scope', 'ingress', '--kid', '3', '--signing-key-path', KEY_FILE], { env }));
      const { payload, protectedHeader } = await jwtVerify(token, fixtureKey);
      expect([protectedHeader.kid, payload.Zone, payload.Scope]).toEqual(['3', 'east', ['ingress']]);
      const bad = await kumactl(['generate', 'zone-token', '--zone', 'east', '--valid-for', '1h', '--scope', 'ingress,gateway', '--scope', 'other'], { env });
      expect(bad.code).toBe(2);
      golden('zone-token-bad-scope.txt', bad.stderr);
    });
  });

  describe('user-token', () => {
    it('asks the control plane; the token then authenticates its holder on that control plane', async () => {
      const admin = 'gen-admin-token-0123456789';
      const guarded = await startTestControlPlane('memory', { adminToken: admin, skipDefaultMesh: true });
      try {
        const adminEnv = { KUMACTL_CP_ADDRESS: guarded.url, HOME: home, KUMACTL_CP_TOKEN: admin };
        const token = tokenOf(await kumactl(['generate', 'user-token', '--name', 'john.doe@example.com', '--group', 'users,devs', '--group', 'ops', '--valid-for', '24h'], { env: adminEnv }));
        const { payload } = await jwtVerify(token, await (async () => {
          const s = await guarded.call('GET', '/global-secrets/user-token-signing-key-1', undefined, { authorization: `Bearer ${admin}` });
          return createPublicKey(createPrivateKey(Buffer.from(s.json.data, 'base64').toString('utf8')));
        })());
        expect(payload).toMatchObject({ Name: 'john.doe@example.com', Groups: ['users', 'devs', 'ops'] });
        golden('user-token.txt', stableToken(token));

        // john may read meshes, not secrets, and may not make tokens
        const johnEnv = { ...adminEnv, KUMACTL_CP_TOKEN: token };
        expect((await kumactl(['get', 'meshes'], { env: johnEnv })).code).toBe(0);
        const denied = await kumactl(['generate', 'user-token', '--name', 'x', '--valid-for', '1h'], { env: johnEnv });
        expect(denied.code).toBe(4);
        golden('user-token-denied.txt', denied.stderr);
        // an admin token made by the admin is an admin
        const ci = tokenOf(await kumactl(['generate', 'user-token', '--name', 'ci', '--group', 'mesh-system:admin', '--valid-for', '1h'], { env: adminEnv }));
        expect((await kumactl(['get', 'global-secrets'], { env: { ...adminEnv, KUMACTL_CP_TOKEN: ci } })).code).toBe(0);
      } finally {
        await guarded.close();
      }
    });

    it('signs offline; no --group is null groups, as kumactl sends', async () => {
      const token = tokenOf(await kumactl(['generate', 'user-token', '--name', 'john', '--valid-for', '30s', '--kid', '1', '--signing-key-path', KEY_FILE], { env }));
      await jwtVerify(token, fixtureKey);
      golden('user-token-offline.txt', stableToken(token));
      const r = await kumactl(['generate', 'user-token', '--name', 'john', '--valid-for', '30s', '--kid', '1'], { env });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Error: --kid cannot be used when --signing-key-path is used');
    });
  });

  describe('signing-key and public-key', () => {
    it('makes a new RSA key, base64 of PEM by default, that signs tokens offline', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kumactl-keys-'));
      try {
        const b64 = await kumactl(['generate', 'signing-key'], { env });
        expect([b64.code, b64.stderr]).toEqual([0, '']);
        expect(b64.stdout).toMatch(/^[A-Za-z0-9+/]+=*$/);
        const pemFromB64 = Buffer.from(b64.stdout, 'base64').toString('utf8');
        expect(pemFromB64).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+\n-----END RSA PRIVATE KEY-----\n$/);
        expect(createPrivateKey(pemFromB64).asymmetricKeyDetails?.modulusLength).toBe(2048);

        const pem = await kumactl(['generate', 'signing-key', '--format', 'pem'], { env });
        expect(pem.stdout).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
        writeFileSync(join(dir, 'key.pem'), pem.stdout);
        const pub = await kumactl(['generate', 'public-key', '--signing-key-path', join(dir, 'key.pem')], { env });
        expect(pub.stdout).toMatch(/^-----BEGIN RSA PUBLIC KEY-----\n[\s\S]+\n-----END RSA PUBLIC KEY-----\n$/);
        const token = tokenOf(await kumactl(['generate', 'user-token', '--name', 'n', '--valid-for', '1h', '--kid', '9', '--signing-key-path', join(dir, 'key.pem')], { env }));
        await jwtVerify(token, createPublicKey(pub.stdout));

        const bad = await kumactl(['generate', 'signing-key', '--format', 'der'], { env });
        expect(bad.code).toBe(2);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('rotates a mesh key as the help says: a new key applied as a Secret of a higher serial signs from then on', async () => {
      await cp.put('/meshes/gen-rot', { type: 'Mesh', name: 'gen-rot', skipCreatingInitialPolicies: ['*'] });
      const key = await kumactl(['generate', 'signing-key'], { env });
      const doc = fixture('secret-dataplane-token-signing-key-gen-rot-2-gen-rot');
      const applied = await kumactl(['apply', '--var', `key=${key.stdout}`, '-f', '-'], { env, stdin: doc });
      expect([applied.code, applied.stderr]).toEqual([0, expect.any(String)]);
      const token = tokenOf(await kumactl(['generate', 'dataplane-token', '-m', 'gen-rot', '--valid-for', '1h'], { env }));
      expect(decodeProtectedHeader(token).kid).toBe('2');
      const pem = Buffer.from(key.stdout, 'base64').toString('utf8');
      await jwtVerify(token, createPublicKey(pem));
      // a token signed offline with the same key and its serial is one the control plane accepts
      const dir = mkdtempSync(join(tmpdir(), 'kumactl-rot-'));
      try {
        writeFileSync(join(dir, 'key.pem'), pem);
        const offline = tokenOf(await kumactl(['generate', 'dataplane-token', '-m', 'gen-rot', '--name', 'dp-9', '--valid-for', '1h', '--kid', '2', '--signing-key-path', join(dir, 'key.pem')], { env }));
        await expect(cp.engine.tokens.verify('dataplane', offline, 'gen-rot')).resolves.toMatchObject({ Name: 'dp-9', Mesh: 'gen-rot' });
        // with a serial the control plane does not have, it is refused
        const stray = tokenOf(await kumactl(['generate', 'dataplane-token', '-m', 'gen-rot', '--valid-for', '1h', '--kid', '3', '--signing-key-path', join(dir, 'key.pem')], { env }));
        await expect(cp.engine.tokens.verify('dataplane', stray, 'gen-rot')).rejects.toThrow('there is no signing key with KID 3');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('prints the public key of a key file (PEM RSA PUBLIC KEY), and says why it cannot', async () => {
      const r = await kumactl(['generate', 'public-key', '--signing-key-path', KEY_FILE], { env });
      expect([r.code, r.stderr]).toEqual([0, '']);
      golden('public-key.pem', r.stdout);
      expect(createPublicKey(r.stdout).export({ format: 'jwk' })).toEqual(fixtureKey.export({ format: 'jwk' }));
      for (const [file, path] of [
        ['public-key-missing.txt', 'no-such-key.pem'],
        ['public-key-not-a-key.txt', 'not-a-key.txt'],
        ['public-key-ec-key.txt', 'ec-key.pem'],
      ]) {
        const bad = await kumactl(['generate', 'public-key', '--signing-key-path', path!], { env, cwd: FIXTURES });
        expect([file, bad.code, bad.stdout]).toEqual([file, 3, '']);
        golden(file!, bad.stderr);
      }
    });
  });

  describe('tls-certificate', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'kumactl-tls-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('writes a self-signed server key pair for the hostnames and IPs, key 0400, certificate 0600', async () => {
      const r = await kumactl(['generate', 'tls-certificate', '--type', 'server', '--hostname', 'kuma1.internal,127.0.0.1', '--hostname', 'kuma2.internal'], { env, cwd: dir });
      expect([r.code, r.stderr]).toEqual([0, '']);
      golden('tls-certificate.txt', r.stdout);
      expect(statSync(join(dir, 'key.pem')).mode & 0o777).toBe(0o400);
      expect(statSync(join(dir, 'cert.pem')).mode & 0o777).toBe(0o600);
      const keyPem = readFileSync(join(dir, 'key.pem'), 'utf8');
      expect(keyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
      const cert = new X509Certificate(readFileSync(join(dir, 'cert.pem')));
      expect(cert.subjectAltName).toBe('DNS:kuma1.internal, IP Address:127.0.0.1, DNS:kuma2.internal');
      expect(cert.ca).toBe(true);
      expect(cert.subject ?? '').toBe('');
      expect(cert.checkPrivateKey(createPrivateKey(keyPem))).toBe(true);
      expect(cert.verify(cert.publicKey)).toBe(true);
      expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // serverAuth
      const years = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / (365 * 24 * 3600e3);
      expect(years).toBe(10);
    });

    it('serves as the local control plane\'s certificate, trusted by kumactl through a CA file', async () => {
      const sub = mkdtempSync(join(dir, 'cp-'));
      const r = await kumactl(['generate', 'tls-certificate', '--type=server', '--hostname=127.0.0.1', '--key-type=ecdsa'], { env, cwd: sub });
      expect(r.code).toBe(0);
      expect(readFileSync(join(sub, 'key.pem'), 'utf8')).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
      const tlsCp = await startTestControlPlane('memory', { tlsCertFile: join(sub, 'cert.pem'), tlsKeyFile: join(sub, 'key.pem'), adminToken: 'tls-admin-token-0123456789', skipDefaultMesh: true });
      try {
        const config = join(sub, 'config.yaml');
        writeFileSync(config, configYaml(tlsCp.url, 'tls', { caCertFile: join(sub, 'cert.pem'), authType: 'tokens', authConf: { token: 'tls-admin-token-0123456789' } }));
        const token = await kumactl(['generate', 'zone-token', '--zone', 'z', '--valid-for', '1h', '--config-file', config], { env: { HOME: home, KUMACTL_CP_ADDRESS: undefined } });
        tokenOf(token);
      } finally {
        await tlsCp.close();
      }
    });

    it("prints to stdout with '-': the key, then the certificate, and no file messages", async () => {
      const r = await kumactl(['generate', 'tls-certificate', '--type=client', '--hostname=dataplane-1', '--key-file=-', '--cert-file=-'], { env, cwd: dir });
      expect(r.code).toBe(0);
      const [key, cert] = r.stdout.split(/(?=-----BEGIN CERTIFICATE-----)/);
      expect(key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+-----END RSA PRIVATE KEY-----\n$/);
      const x509 = new X509Certificate(cert!);
      expect(x509.subjectAltName).toBe('DNS:dataplane-1');
      expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']); // clientAuth
    });

    it('refuses an unknown type or key type, and no hostname', async () => {
      const cases: Array<[string, string[], number]> = [
        ['tls-certificate-bad-type.txt', ['--type', 'peer', '--hostname', 'a'], 2],
        ['tls-certificate-bad-key-type.txt', ['--type', 'server', '--hostname', 'foo', '--key-type', 'phoney'], 2],
        ['tls-certificate-empty-hostname.txt', ['--type', 'server', '--hostname', ''], 2],
      ];
      for (const [file, args, code] of cases) {
        const r = await kumactl(['generate', 'tls-certificate', ...args, '--key-file', '-', '--cert-file', '-'], { env, cwd: dir });
        expect([file, r.code, r.stdout]).toEqual([file, code, '']);
        golden(file, r.stderr);
      }
      const missing = await kumactl(['generate', 'tls-certificate', '--type', 'server'], { env, cwd: dir });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('Missing required flag hostname');
    });
  });

  it('every generate command has help with examples', async () => {
    for (const command of ['dataplane-token', 'zone-token', 'user-token', 'signing-key', 'public-key', 'tls-certificate']) {
      const r = await kumactl(['generate', command, '--help'], { env });
      expect([command, r.code]).toEqual([command, 0]);
      expect(r.stdout).toContain('EXAMPLES');
      expect(r.stdout).toContain(`$ kumactl generate ${command}`);
    }
    const topic = await kumactl(['generate', '--help'], { env });
    golden('help-topic.txt', topic.stdout);
  });
});
