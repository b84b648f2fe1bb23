/**
 * Security as a user or an attacker would meet it:
 * - the config file is private (0600, in a directory only its owner writes), whatever the umask;
 * - `config view`, `config control-planes list`, error messages and the control plane's own output never
 *   show a token, wherever the token came from (config file, KUMACTL_CP_TOKEN, headers);
 * - TLS is verified unless `skipVerify`: no CA, a wrong CA or a certificate for another name fail with
 *   exit 5 (1 for `config control-planes add`) and say it is TLS;
 * - the local control plane binds a non-loopback address only with a token; Secrets need an admin
 *   (kuma-cp's localhost rule, or the token); a token that is not exactly the right one gets 401.
 *   server.ts compares SHA-256 digests of the tokens with crypto.timingSafeEqual (constant time, no
 *   length leak); timing itself is not measured here, it would be noise on a shared runner.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request, type Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane } from '../../src/lib/control-plane/index.js';
import { kumactl, ROOT, type CliResult } from '../helpers/cli.js';
import { startTestControlPlane, type TestControlPlane } from '../helpers/cp.js';

const work = mkdtempSync(join(tmpdir(), 'kumactl-security-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A token no output would contain by chance. */
const secret = (what: string) => `${what}-${randomBytes(12).toString('hex')}`;

/** Fails with the offending text when any of `secrets` shows up in a command's output. */
function expectNoLeak(result: CliResult | string, secrets: string[]): void {
  const text = typeof result === 'string' ? result : `${result.stdout}\n${result.stderr}`;
  expect(secrets.filter((s) => text.includes(s)), text).toEqual([]);
}

const mode = (path: string) => statSync(path).mode & 0o777;

/** A request with the headers exactly as given (fetch would not let us set Host). */
async function send(url: string, method: Dispatcher.HttpMethod, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await request(`${url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.body.text();
  return { status: res.statusCode, json: text.startsWith('{') ? JSON.parse(text) : text };
}

const denied = (type: string) => ({
  type: '/std-errors',
  status: 403,
  title: 'Access Denied',
  detail: `user "mesh-system:anonymous/mesh-system:unauthenticated" cannot access the resource of type "${type}"`,
  details: `user "mesh-system:anonymous/mesh-system:unauthenticated" cannot access the resource of type "${type}"`,
});
const unauthenticated = { type: '/std-errors', status: 401, title: 'Invalid authentication data', detail: 'Unauthenticated', details: 'Unauthenticated' };

// ---------------------------------------------------------------------------------- the config file

describe('the kumactl config file', () => {
  it('is created 0600 in a directory nobody else can write, even under umask 000, with no temp file left', async () => {
    const home = mkdtempSync(join(work, 'home-'));
    const token = secret('cfg');
    const previous = process.umask(0); // the child inherits it
    let add: CliResult;
    try {
      add = await kumactl(['config', 'control-planes', 'add', '--name', 'prod', '--address', 'https://127.0.0.1:1', '--skip-check', '--auth-type', 'tokens', '--auth-conf', `token=${token}`], { env: { HOME: home } });
    } finally {
      process.umask(previous);
    }
    expect([add.code, add.stderr]).toEqual([0, '']);
    expectNoLeak(add, [token]);
    const dir = join(home, '.kumactl');
    expect(mode(join(dir, 'config'))).toBe(0o600);
    expect(mode(dir) & 0o022).toBe(0);
    expect(readdirSync(dir)).toEqual(['config']);
    expect(readFileSync(join(dir, 'config'), 'utf8')).toContain(token); // stored, as kumactl stores it: hence 0600
  });

  it('config view redacts every credential: auth token, credential headers, Bearer values, URL password', async () => {
    const s = { token: secret('auth'), bearer: secret('bearer'), plain: secret('plain'), apiKey: secret('apikey'), custom: secret('custom'), password: secret('pw') };
    const file = join(work, 'creds.yaml');
    writeFileSync(
      file,
      `contexts:
- controlPlane: prod
  name: prod
controlPlanes:
- coordinates:
    apiServer:
      authConf:
        token: ${s.token}
      authType: tokens
      headers:
      - key: x-team
        value: platform
      - key: Authorization
        value: Bearer ${s.bearer}
      - key: token
        value: ${s.plain}
      - key: api-key
        value: ${s.apiKey}
      - key: x-upstream
        value: Bearer ${s.custom}
      url: https://admin:${s.password}@127.0.0.1:1
  name: prod
currentContext: prod
`,
      { mode: 0o600 },
    );
    const view = await kumactl(['config', 'view', '--config-file', file]);
    expect(view.code).toBe(0);
    expectNoLeak(view, Object.values(s));
    expect(view.stdout).toContain('value: platform');
    expect(view.stdout).toContain('url: https://admin:<redacted>@127.0.0.1:1');
    expect(view.stdout.match(/<redacted>/g)).toHaveLength(6);
    // The file itself is not rewritten by viewing it.
    expect(readFileSync(file, 'utf8')).toContain(s.bearer);
  });

  it('config control-planes list does not show a password in an address', async () => {
    const password = secret('pw');
    const file = join(work, 'url-password.yaml');
    writeFileSync(file, `contexts:\n- controlPlane: prod\n  name: prod\ncontrolPlanes:\n- coordinates:\n    apiServer:\n      url: https://admin:${password}@127.0.0.1:1\n  name: prod\ncurrentContext: prod\n`);
    const list = await kumactl(['config', 'control-planes', 'list', '--config-file', file]);
    expect(list.code).toBe(0);
    expectNoLeak(list, [password]);
  });
});

// ----------------------------------------------------------------------------- tokens stay secret

describe('the SQLite store', () => {
  it('holds CA keys, so its file, -wal and -shm are 0600, even under umask 000 and when an older run left them 0644', async () => {
    const dir = mkdtempSync(join(work, 'store-'));
    const path = join(dir, 'kuma.db');
    const older = join(dir, 'older.db');
    writeFileSync(older, '', { mode: 0o644 });
    chmodSync(older, 0o644);
    const previous = process.umask(0);
    try {
      for (const file of [path, older]) {
        const cp = await startControlPlane({ port: 0, store: `sqlite:${file}`, keyPoolSize: 0 });
        try {
          // the default mesh's CA and signing key are written: the -wal and -shm files exist now
          expect(readdirSync(dir)).toEqual(expect.arrayContaining([`${file.split('/').pop()}-wal`, `${file.split('/').pop()}-shm`]));
          for (const f of [file, `${file}-wal`, `${file}-shm`]) expect([f, mode(f)]).toEqual([f, 0o600]);
        } finally {
          await cp.close();
        }
      }
    } finally {
      process.umask(previous);
    }
  });
});

describe('tokens never show up in errors or logs', () => {
  let cp: TestControlPlane;
  const admin = secret('admin');
  beforeAll(async () => {
    cp = await startTestControlPlane('memory', { adminToken: admin });
  });
  afterAll(async () => {
    await cp.close();
  });

  it('a rejected token, from KUMACTL_CP_TOKEN or a header, is not repeated back (debug stacks included)', async () => {
    const home = mkdtempSync(join(work, 'home-'));
    const wrong = secret('wrong');
    const viaEnv = await kumactl(['get', 'meshes', '--cp-address', cp.url], { env: { HOME: home, KUMACTL_CP_TOKEN: wrong, KUMACTL_DEBUG: '1' } });
    expect(viaEnv.code).toBe(4);
    expect(viaEnv.stderr).toContain('Error: Invalid authentication data (Unauthenticated)');
    expectNoLeak(viaEnv, [wrong, admin]);
    // The environment's token is used, never saved.
    expectNoLeak(readFileSync(join(home, '.kumactl', 'config'), 'utf8'), [wrong]);

    const file = join(home, 'header.yaml');
    writeFileSync(file, `contexts:\n- controlPlane: cp\n  name: cp\ncontrolPlanes:\n- coordinates:\n    apiServer:\n      headers:\n      - key: Authorization\n        value: Bearer ${wrong}\n      url: ${cp.url}\n  name: cp\ncurrentContext: cp\n`);
    const apply = await kumactl(['apply', '-f', '-', '--config-file', file], {
      stdin: 'type: MeshTimeout\nname: t\nmesh: default\nspec:\n  targetRef:\n    kind: Mesh\n  to:\n  - targetRef:\n      kind: Mesh\n    default:\n      idleTimeout: 1m\n',
    });
    expect(apply.code).toBeGreaterThan(0);
    expect(apply.stderr).toMatch(/Unauthenticated|authentication/);
    expectNoLeak(apply, [wrong, admin]);
  });

  it('a token is not printed when the control plane cannot be reached or an add check fails', async () => {
    const token = secret('unreachable');
    const down = await kumactl(['get', 'meshes', '--cp-address', 'http://127.0.0.1:1', '--api-timeout', '1s'], { env: { HOME: mkdtempSync(join(work, 'home-')), KUMACTL_CP_TOKEN: token } });
    expect(down.code).toBe(5);
    expectNoLeak(down, [token]);
    const add = await kumactl(['config', 'control-planes', 'add', '--name', 'x', '--address', 'http://127.0.0.1:1', '--auth-type', 'tokens', '--auth-conf', `token=${token}`, '--headers', `x-api-token=${token}`], { env: { HOME: mkdtempSync(join(work, 'home-')) } });
    expect(add.code).toBe(1);
    expect(add.stderr).toMatch(/^Error: could not connect to the Control Plane API Server/);
    expectNoLeak(add, [token]);
  });
});

// ------------------------------------------------------------------------------ names are not paths

// URL parsing would resolve `..` and keep `/`: `delete meshtimeout .. --mesh team-a` would send
// DELETE /meshes/team-a/ and delete the Mesh with everything in it, `delete mesh team-a/meshtimeouts/keep`
// that MeshTimeout. kumactl refuses such names before sending anything (exit 2).
it('a name cannot reach another resource: `..` and `/` in names are refused by kumactl', async () => {
  const cp = await startTestControlPlane('memory');
  try {
    await cp.call('PUT', '/meshes/team-a', { type: 'Mesh', name: 'team-a' });
    await cp.call('PUT', '/meshes/team-a/meshtimeouts/keep', { type: 'MeshTimeout', name: 'keep', mesh: 'team-a', spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1m' } }] } });
    const env = { HOME: mkdtempSync(join(work, 'home-')) };
    const dots = await kumactl(['delete', 'meshtimeout', '..', '--mesh', 'team-a', '--cp-address', cp.url], { env });
    const slash = await kumactl(['delete', 'mesh', 'team-a/meshtimeouts/keep', '--cp-address', cp.url], { env });
    expect([(await cp.call('GET', '/meshes/team-a')).status, (await cp.call('GET', '/meshes/team-a/meshtimeouts/keep')).status]).toEqual([200, 200]);
    expect([dots.code, slash.code]).toEqual([2, 2]);
    expect(dots.stderr).toMatch(/^Error: invalid name "\.\.": /);
  } finally {
    await cp.close();
  }
});

// ---------------------------------------------------------------------------------------------- TLS

describe('TLS verification', () => {
  const dir = join(work, 'tls');
  const pem = (name: string) => join(dir, name);
  let good: TestControlPlane;
  let misnamed: TestControlPlane;
  const token = secret('tls');
  let home: string;
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => kumactl([...args, '--api-timeout', '5s'], { env: { HOME: home, ...env } });

  beforeAll(async () => {
    execFileSync('mkdir', ['-p', dir]);
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    const ca = (name: string) => openssl('req', '-x509', ...ec, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
    ca('ca');
    ca('other-ca');
    for (const [name, san] of [['server', 'IP:127.0.0.1'], ['elsewhere', 'DNS:cp.example.com']]) {
      openssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
      writeFileSync(pem(`${name}.ext`), `subjectAltName=${san}\n`);
      openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`);
    }
    good = await startTestControlPlane('memory', { tlsCertFile: pem('server.pem'), tlsKeyFile: pem('server.key'), adminToken: token });
    misnamed = await startTestControlPlane('memory', { tlsCertFile: pem('elsewhere.pem'), tlsKeyFile: pem('elsewhere.key') });
    home = mkdtempSync(join(work, 'home-'));
  });
  afterAll(async () => {
    await good?.close();
    await misnamed?.close();
  });

  const addTls = (name: string, url: string, ...extra: string[]) =>
    run(['config', 'control-planes', 'add', '--name', name, '--address', url, '--auth-type', 'tokens', '--auth-conf', `token=${token}`, ...extra]);

  it('refuses an unknown CA and a wrong CA when adding a control plane, and saves nothing', async () => {
    for (const extra of [[], ['--ca-cert-file', pem('other-ca.pem')]]) {
      const r = await addTls('tls', good.url, ...extra);
      expect([r.code, r.stdout]).toEqual([1, '']);
      expect(r.stderr).toMatch(/^Error: could not connect to the Control Plane API Server: .*TLS verification failed: unable to verify the first certificate/);
      expectNoLeak(r, [token]);
    }
    expect(readFileSync(join(home, '.kumactl', 'config'), 'utf8')).not.toContain(good.url);
  });

  it('works with the right CA, and then fails with exit 5 for a certificate of another name', async () => {
    const added = await addTls('tls', good.url, '--ca-cert-file', pem('ca.pem'));
    expect([added.code, added.stderr]).toEqual([0, '']);
    const secrets = await run(['get', 'secrets', '-o', 'json']);
    expect([secrets.code, secrets.stderr, JSON.parse(secrets.stdout).total]).toEqual([0, '', 1]);

    // Same CA, but the certificate names cp.example.com, not 127.0.0.1.
    expect((await addTls('misnamed', misnamed.url, '--skip-check', '--ca-cert-file', pem('ca.pem'))).code).toBe(0);
    const wrongName = await run(['get', 'meshes']);
    expect(wrongName.code).toBe(5);
    expect(wrongName.stderr).toMatch(/TLS verification failed: .*(altnames|IP: 127\.0\.0\.1)/);
    expectNoLeak(wrongName, [token]);
  });

  it('skips verification only with skipVerify, and says so on every run', async () => {
    expect((await addTls('insecure', good.url, '--skip-verify', '--ca-cert-file', pem('other-ca.pem'))).code).toBe(0);
    const r = await run(['get', 'meshes', '-o', 'json']);
    expect([r.code, JSON.parse(r.stdout).total]).toEqual([0, 1]);
    expect(r.stderr).toMatch(/^Warning: TLS certificate verification is off for https:\/\/127\.0\.0\.1:\d+ \(skipVerify\)/);
    expectNoLeak(r, [token]);
  });
});

// --------------------------------------------------------------------------- the local control plane

describe('the local control plane\'s doors', () => {
  it('refuses any non-loopback address without a token, before binding', async () => {
    for (const address of ['0.0.0.0', '::', '192.0.2.10', '127.0.0.1.nip.io', '']) {
      await expect(startControlPlane({ address, port: 0, store: 'memory', keyPoolSize: 0 }), address).rejects.toThrow(/^refusing to listen on .* without --admin-token/);
    }
    await expect(startControlPlane({ address: '0.0.0.0', adminToken: '', port: 0, store: 'memory', keyPoolSize: 0 })).rejects.toThrow(/without --admin-token/);
    const ipv6 = await kumactl(['control-plane', 'run', '--port', '0', '--address', '::', '--store', `sqlite:${join(work, 'never.db')}`]);
    expect(ipv6.code).toBe(2);
    expect(ipv6.stderr).toMatch(/^Error: refusing to listen on :: without --admin-token/);
    expect(readdirSync(work)).not.toContain('never.db'); // refused before opening the store
  });

  it('binds 0.0.0.0 with a token, asks every caller for it (loopback too), and never prints it', async () => {
    const token = secret('bind');
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'run.js'), 'control-plane', 'run', '--port', '0', '--address', '0.0.0.0', '--admin-token', token], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    try {
      const port = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          output += d.toString();
          const m = /listening on http:\/\/0\.0\.0\.0:(\d+)\n/.exec(output);
          if (m) resolve(m[1]!);
        });
        void exited.then((code) => reject(new Error(`exited ${code}: ${output}`)));
      });
      const local = `http://127.0.0.1:${port}`; // loopback only: the bind is what is tested
      expect((await send(local, 'GET', '/')).status).toBe(200);
      expect(await send(local, 'GET', '/meshes')).toMatchObject({ status: 401, json: unauthenticated });
      expect(await send(local, 'GET', '/meshes/default/secrets', { authorization: `Bearer ${token}x` })).toMatchObject({ status: 401, json: unauthenticated });
      const ok = await send(local, 'GET', '/meshes/default/secrets', { authorization: `Bearer ${token}` });
      expect([ok.status, ok.json.total]).toEqual([200, 1]);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expectNoLeak(output, [token]);
  });

  it('lets only an admin near Secrets: callers behind a proxy, a foreign Host or a cross-site page are anonymous', async () => {
    const cp = await startTestControlPlane('memory');
    try {
      const key = '/meshes/default/secrets/dataplane-token-signing-key-default-1';
      expect((await send(cp.url, 'GET', key)).status).toBe(200);
      const port = new URL(cp.url).port;
      const strangers: Array<Record<string, string>> = [
        { 'x-real-ip': '203.0.113.7' },
        { forwarded: 'for=203.0.113.7' },
        { host: `evil.example:${port}` }, // DNS rebinding
        { origin: 'http://evil.example' },
        { 'sec-fetch-site': 'cross-site' },
      ];
      for (const headers of strangers) {
        const who = await send(cp.url, 'GET', '/who-am-i', headers);
        expect([headers, who.json.name]).toEqual([headers, 'mesh-system:anonymous']);
        expect(await send(cp.url, 'GET', key, headers)).toMatchObject({ status: 403, json: denied('Secret') });
        expect(await send(cp.url, 'GET', '/global-secrets', headers)).toMatchObject({ status: 403, json: denied('GlobalSecret') });
        const put = await send(cp.url, 'PUT', '/meshes/default/secrets/planted', headers, { type: 'Secret', name: 'planted', mesh: 'default', data: 'c2VjcmV0' });
        expect(put).toMatchObject({ status: 403, json: denied('Secret') });
        expect((await send(cp.url, 'DELETE', key, headers)).status).toBe(403);
        expect((await send(cp.url, 'GET', '/meshes', headers)).status).toBe(200); // the rest stays open, as in kuma-cp
      }
      expect((await send(cp.url, 'GET', '/meshes/default/secrets/planted')).status).toBe(404);
      expect((await send(cp.url, 'GET', key)).status).toBe(200);
    } finally {
      await cp.close();
    }
  });

  it('accepts exactly the token: near misses of any length and other schemes get 401, for reads and writes', async () => {
    const token = randomBytes(24).toString('base64url'); // 32 characters
    const cp = await startTestControlPlane('memory', { adminToken: token });
    try {
      const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
      const wrong = [
        '',
        `Bearer ${flipped}`, // same length, last character differs
        `Bearer ${token.slice(0, -1)}`,
        `Bearer ${token}${token}`,
        `Bearer ${'x'.repeat(8192)}`,
        `Bearer  ${token}`,
        `bearer ${token}`,
        `Basic ${Buffer.from(`admin:${token}`).toString('base64')}`,
        token,
      ];
      for (const authorization of wrong) {
        const headers: Record<string, string> = authorization ? { authorization } : {};
        expect([authorization.slice(0, 40), await send(cp.url, 'GET', '/meshes/default/secrets', headers)]).toMatchObject([authorization.slice(0, 40), { status: 401, json: unauthenticated }]);
        const put = await send(cp.url, 'PUT', '/meshes/default/secrets/planted', headers, { type: 'Secret', name: 'planted', mesh: 'default', data: 'c2VjcmV0' });
        expect([authorization.slice(0, 40), put.status]).toEqual([authorization.slice(0, 40), 401]);
      }
      const right = { authorization: `Bearer ${token}` };
      expect((await send(cp.url, 'GET', '/meshes/default/secrets/planted', right)).status).toBe(404);
      expect((await send(cp.url, 'GET', '/meshes/default/secrets', right)).json.total).toBe(1);
      expect((await send(cp.url, 'GET', '/')).status).toBe(200); // the index stays open, as kuma-cp's
    } finally {
      await cp.close();
    }
  });
});
