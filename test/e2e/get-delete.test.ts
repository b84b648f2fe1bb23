import { describe, it, expect, beforeAll, afterAll, onTestFinished } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kumactl } from '../helpers/cli.js';
import { startTestControlPlane, type TestControlPlane } from '../helpers/cp.js';
import { goldenIn } from '../helpers/golden.js';

const golden = goldenIn('get');

/** Times change run to run: timestamps are pinned before comparing. */
function stable(text: string): string {
  return text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '0001-01-01T00:00:00Z');
}

/** ... and so are the AGE cells of a table (its last column). */
function stableTable(text: string): string {
  return text.replace(/^(.*\S)( +)\d+[smhdy]$/gm, (_m, head: string, pad: string) => `${head}${pad}AGE`);
}

const mt = (name: string, mesh: string) => ({
  type: 'MeshTimeout',
  name,
  mesh,
  spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '20m', http: { requestTimeout: '5s' } } }] },
});

/** The tenants every test here reads: team-a (mTLS, a proxy, a policy) and team-b (a policy). */
async function seed(cp: TestControlPlane): Promise<void> {
  const put = cp.put;
  await put('/meshes/team-a', {
    type: 'Mesh',
    name: 'team-a',
    mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin' }] },
    routing: { localityAwareLoadBalancing: true, zoneEgress: true },
  });
  await put('/meshes/team-b', { type: 'Mesh', name: 'team-b', skipCreatingInitialPolicies: ['*'] });
  await put('/meshes/team-a/meshtimeouts/payments', mt('payments', 'team-a'));
  await put('/meshes/team-b/meshtimeouts/search', mt('search', 'team-b'));
  await put('/meshes/team-a/dataplanes/web-1', {
    type: 'Dataplane',
    mesh: 'team-a',
    name: 'web-1',
    networking: { address: '10.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web', version: 'v1' } }, { port: 8081, tags: { 'kuma.io/service': 'web-admin', version: 'v1' } }] },
  });
}

describe('get, delete, inspect, version against a local control plane', () => {
  // read-only tests share one control plane; the test that deletes has its own
  let cp: TestControlPlane;
  let env: NodeJS.ProcessEnv;
  let home: string;
  beforeAll(async () => {
    cp = await startTestControlPlane('memory');
    home = mkdtempSync(join(tmpdir(), 'kumactl-home-'));
    env = { KUMACTL_CP_ADDRESS: cp.url, HOME: home };
    await seed(cp);
  });
  afterAll(async () => {
    await cp.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('lists meshes with kumactl 2.14\'s columns', async () => {
    const r = await kumactl(['get', 'meshes'], { env });
    expect([r.code, r.stderr]).toEqual([0, '']);
    golden('meshes.txt', stableTable(r.stdout));
  });

  it('lists a mesh\'s policies, every mesh\'s with --all-meshes, and pages with a footer', async () => {
    golden('meshtimeouts-team-a.txt', stableTable((await kumactl(['get', 'meshtimeouts', '-m', 'team-a'], { env })).stdout));
    golden('meshtimeouts-all.txt', stableTable((await kumactl(['get', 'meshtimeouts', '--all-meshes'], { env })).stdout));
    golden('meshtimeouts-page.txt', stableTable((await kumactl(['get', 'meshtimeouts', '-m', 'team-a', '--size', '1'], { env })).stdout));
    const json = JSON.parse((await kumactl(['get', 'meshtimeouts', '-m', 'team-a', '--size', '1', '-o', 'json'], { env })).stdout);
    expect([json.total, json.items.length, json.next]).toEqual([3, 1, null]);
  });

  it('lists data plane proxies with their tags and address', async () => {
    golden('dataplanes.txt', stableTable((await kumactl(['get', 'dataplanes', '--mesh', 'team-a'], { env })).stdout));
  });

  it('shows one resource as YAML and JSON that validate again', async () => {
    const yaml = await kumactl(['get', 'meshtimeout', 'payments', '-m', 'team-a', '-o', 'yaml'], { env });
    golden('meshtimeout.yaml', stable(yaml.stdout));
    golden('meshtimeout.json', stable((await kumactl(['get', 'meshtimeout', 'payments', '-m', 'team-a', '-o', 'json'], { env })).stdout));
    golden('mesh.yaml', stable((await kumactl(['get', 'mesh', 'team-a', '-o', 'yaml'], { env })).stdout));
    const list = await kumactl(['get', 'meshtimeouts', '-m', 'team-a', '-o', 'yaml'], { env });
    const again = await kumactl(['validate', '-f', '-', '-o', 'json'], { stdin: list.stdout });
    expect(JSON.parse(again.stdout).resources.map((r: { name: string }) => r.name)).toEqual(['mesh-gateways-timeout-all-team-a', 'mesh-timeout-all-team-a', 'payments']);
    expect(again.code).toBe(0);
    const single = await kumactl(['validate', '-f', '-'], { stdin: yaml.stdout });
    expect(single.code).toBe(0);
  });

  it('says what is missing, with kumactl\'s texts', async () => {
    const inMesh = await kumactl(['get', 'meshtimeout', 'nope', '-m', 'team-a'], { env });
    expect([inMesh.code, inMesh.stderr]).toEqual([4, 'Error: No resources found in team-a mesh\n']);
    const global = await kumactl(['get', 'mesh', 'nope'], { env });
    expect([global.code, global.stderr]).toEqual([4, 'Error: No resources found\n']);
    const noMesh = await kumactl(['get', 'meshtimeouts', '-m', 'nope'], { env });
    expect([noMesh.code, noMesh.stderr]).toEqual([4, 'Error: mesh "nope" does not exist\nmeshes on the control plane: default, team-a, team-b\n']);
    const unknown = await kumactl(['get', 'meshtimout'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^Error: unknown resource type "meshtimout"; did you mean "meshtimeouts"\?/);
  });

  it('prints the same without the command framework (plain forms) as with it (`--` sends get to oclif)', async () => {
    const cases: Array<{ positional: string[]; flags: string[] }> = [
      { positional: ['meshes'], flags: [] },
      { positional: ['meshtimeouts'], flags: ['-m', 'team-a', '-o', 'json'] },
      { positional: ['meshtimeouts'], flags: ['--all-meshes', '--size', '2', '--output=yaml'] },
      { positional: ['meshtimeout', 'payments'], flags: ['--mesh', 'team-a', '-o', 'yaml'] },
      { positional: ['meshtimeout', 'nope'], flags: ['-m', 'team-a'] },
      { positional: ['meshtimout'], flags: [] },
      { positional: ['meshs'], flags: [] },
      { positional: ['meshtimeouts'], flags: ['-m', 'team-aa'] },
      { positional: ['meshtimeout', 'payments'], flags: ['-m', 'nope'] },
      { positional: ['meshes'], flags: ['--api-timeout', 'soon'] },
    ];
    for (const { positional, flags } of cases) {
      const fast = await kumactl(['get', ...positional, ...flags], { env });
      const full = await kumactl(['get', ...flags, '--', ...positional], { env });
      expect({ code: fast.code, stdout: stable(stableTable(fast.stdout)), stderr: fast.stderr }, positional.join(' ')).toEqual({
        code: full.code,
        stdout: stable(stableTable(full.stdout)),
        stderr: full.stderr,
      });
    }
    // what the plain forms leave to oclif still works: help, and oclif's own checks of values
    expect((await kumactl(['get', '--help'], { env })).stdout).toContain('--all-meshes');
    const size = await kumactl(['get', 'meshes', '--size', '0'], { env });
    expect([size.code, size.stderr]).toEqual([2, expect.stringContaining('Expected an integer greater than or equal to 1')]);
  });

  it('deletes, says when there is nothing to delete, and lists what went with a mesh', async () => {
    const cp = await startTestControlPlane('memory');
    onTestFinished(() => cp.close());
    await seed(cp);
    const env = { KUMACTL_CP_ADDRESS: cp.url, HOME: home };
    expect((await kumactl(['delete', 'meshtimeout', 'search', '-m', 'team-b'], { env })).stdout).toBe('deleted MeshTimeout "search"\n');
    const again = await kumactl(['delete', 'meshtimeout', 'search', '-m', 'team-b'], { env });
    expect([again.code, again.stderr]).toEqual([4, 'Error: there is no MeshTimeout with name "search"\n']);
    expect((await kumactl(['delete', 'meshtimeout', 'search', '-m', 'team-b', '--ignore-not-found'], { env })).code).toBe(0);
    const busy = await kumactl(['delete', 'mesh', 'team-a'], { env });
    expect(busy.code).toBe(4);
    expect(busy.stderr).toBe('Error: Could not delete a resource (Resource is not valid)\n* mesh: unable to delete mesh, there are still some dataplanes attached\n');
    await kumactl(['delete', 'dataplane', 'web-1', '-m', 'team-a'], { env });
    const gone = await kumactl(['delete', 'mesh', 'team-a'], { env });
    expect(gone.stdout).toBe('deleted Mesh "team-a"\n  and everything in it: 1 MeshCircuitBreaker, 1 MeshRetry, 3 MeshTimeouts, 3 Secrets\n');
    const unknownType = await kumactl(['delete', 'meshes', 'x'], { env });
    expect(unknownType.code).toBe(2);
    expect(unknownType.stderr).toMatch(/^Error: unknown TYPE: meshes\. Allowed values: circuit-breaker, dataplane, /);
  });

  it('inspects meshes', async () => {
    const r = await kumactl(['inspect', 'meshes'], { env });
    golden('inspect-meshes.txt', r.stdout);
    const json = JSON.parse((await kumactl(['inspect', 'meshes', '-o', 'json'], { env })).stdout);
    expect(json.items.map((i: { name: string }) => i.name)).toEqual(['default', 'team-a', 'team-b']);
  });

  it('prints client and server versions', async () => {
    expect((await kumactl(['version'], { env })).stdout).toBe('Client: Kuma 2.14.3\nServer: Kuma 2.14.3\n');
  });

  it('accepts global flags before the command, as kumactl scripts write them', async () => {
    const r = await kumactl(['--cp-address', cp.url, '--api-timeout', '5s', 'get', 'meshes', '-o', 'json'], { env: { HOME: home } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).total).toBe(3);
  });

  it('uses a config file written by the real kumactl, unchanged', async () => {
    const file = join(home, 'kumactl-config');
    writeFileSync(file, `contexts:\n- controlPlane: local\n  name: local\ncontrolPlanes:\n- coordinates:\n    apiServer:\n      url: ${cp.url}\n  name: local\ncurrentContext: local\n`);
    const r = await kumactl(['get', 'meshes', '--config-file', file, '-o', 'json'], { env: { HOME: home } });
    expect([r.code, JSON.parse(r.stdout).total]).toEqual([0, 3]);
  });
});

describe('reaching a control plane', () => {
  it('says which address failed and how to point elsewhere, exit 5', async () => {
    const r = await kumactl(['get', 'meshes', '--cp-address', 'http://127.0.0.1:1', '--api-timeout', '2s'], { env: { HOME: tmpdir() } });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('WARNING: Failed to retrieve server version');
    expect(r.stderr).toContain('Error: could not reach the control plane at http://127.0.0.1:1: connection refused');
    expect(r.stderr).toContain('--cp-address URL, KUMACTL_CP_ADDRESS');
  });

  it('sends KUMACTL_CP_TOKEN as a bearer token', async () => {
    const cp = await startTestControlPlane('memory', { adminToken: 'pipeline-token' });
    try {
      const denied = await kumactl(['get', 'meshes', '--cp-address', cp.url], { env: { HOME: tmpdir() } });
      expect([denied.code, denied.stderr.split('\n').at(-2)]).toEqual([4, 'Error: Invalid authentication data (Unauthenticated)']);
      const ok = await kumactl(['get', 'secrets', '--cp-address', cp.url, '-o', 'json'], { env: { HOME: tmpdir(), KUMACTL_CP_TOKEN: 'pipeline-token' } });
      expect([ok.code, JSON.parse(ok.stdout).total]).toEqual([0, 1]);
    } finally {
      await cp.close();
    }
  });

  it('verifies TLS against the configured CA, refuses an unknown one, and warns with skipVerify', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kumactl-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const cp = await startTestControlPlane('memory', { tlsCertFile: join(dir, 'cert.pem'), tlsKeyFile: join(dir, 'key.pem') });
    const config = (extra: string) => {
      const file = join(dir, `config-${Math.random()}`);
      writeFileSync(file, `contexts:\n- controlPlane: tls\n  name: tls\ncontrolPlanes:\n- coordinates:\n    apiServer:\n      url: ${cp.url}\n${extra}  name: tls\ncurrentContext: tls\n`);
      return file;
    };
    try {
      const trusted = await kumactl(['get', 'meshes', '--config-file', config(`      caCertFile: ${join(dir, 'cert.pem')}\n`), '-o', 'json'], { env: { HOME: dir } });
      expect([trusted.code, trusted.stderr]).toEqual([0, '']);
      const unknown = await kumactl(['get', 'meshes', '--config-file', config(''), '--api-timeout', '5s'], { env: { HOME: dir } });
      expect(unknown.code).toBe(5);
      expect(unknown.stderr).toMatch(/TLS verification failed/);
      const skipped = await kumactl(['get', 'meshes', '--config-file', config('      skipVerify: true\n'), '-o', 'json'], { env: { HOME: dir } });
      expect(skipped.code).toBe(0);
      expect(skipped.stderr).toMatch(/^Warning: TLS certificate verification is off/);
    } finally {
      await cp.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
