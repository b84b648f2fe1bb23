import { describe, it, expect, onTestFinished } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kumactl } from '../helpers/cli.js';
import { sharedCliSession, startCliSession, startTestControlPlane, type TestControlPlane } from '../helpers/cp.js';
import { configYaml, DEFAULT_CONFIG_YAML } from '../helpers/config.js';
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
  const s = sharedCliSession({ seed });

  it('lists meshes with kumactl 2.14\'s columns', async () => {
    const r = await s.run(['get', 'meshes']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    golden('meshes.txt', stableTable(r.stdout));
  });

  it('lists a mesh\'s policies, every mesh\'s with --all-meshes, and pages with a footer', async () => {
    golden('meshtimeouts-team-a.txt', stableTable((await s.run(['get', 'meshtimeouts', '-m', 'team-a'])).stdout));
    golden('meshtimeouts-all.txt', stableTable((await s.run(['get', 'meshtimeouts', '--all-meshes'])).stdout));
    golden('meshtimeouts-page.txt', stableTable((await s.run(['get', 'meshtimeouts', '-m', 'team-a', '--size', '1'])).stdout));
    const json = JSON.parse((await s.run(['get', 'meshtimeouts', '-m', 'team-a', '--size', '1', '-o', 'json'])).stdout);
    expect([json.total, json.items.length, json.next]).toEqual([3, 1, null]);
  });

  it('lists data plane proxies with their tags and address', async () => {
    golden('dataplanes.txt', stableTable((await s.run(['get', 'dataplanes', '--mesh', 'team-a'])).stdout));
  });

  it('shows one resource as YAML and JSON that validate again', async () => {
    const yaml = await s.run(['get', 'meshtimeout', 'payments', '-m', 'team-a', '-o', 'yaml']);
    golden('meshtimeout.yaml', stable(yaml.stdout));
    golden('meshtimeout.json', stable((await s.run(['get', 'meshtimeout', 'payments', '-m', 'team-a', '-o', 'json'])).stdout));
    golden('mesh.yaml', stable((await s.run(['get', 'mesh', 'team-a', '-o', 'yaml'])).stdout));
    const list = await s.run(['get', 'meshtimeouts', '-m', 'team-a', '-o', 'yaml']);
    const again = await kumactl(['validate', '-f', '-', '-o', 'json'], { stdin: list.stdout });
    expect(JSON.parse(again.stdout).resources.map((r: { name: string }) => r.name)).toEqual(['mesh-gateways-timeout-all-team-a', 'mesh-timeout-all-team-a', 'payments']);
    expect(again.code).toBe(0);
    const single = await kumactl(['validate', '-f', '-'], { stdin: yaml.stdout });
    expect(single.code).toBe(0);
  });

  it('says what is missing, with kumactl\'s texts', async () => {
    const inMesh = await s.run(['get', 'meshtimeout', 'nope', '-m', 'team-a']);
    expect([inMesh.code, inMesh.stderr]).toEqual([4, 'Error: No resources found in team-a mesh\n']);
    const global = await s.run(['get', 'mesh', 'nope']);
    expect([global.code, global.stderr]).toEqual([4, 'Error: No resources found\n']);
    const noMesh = await s.run(['get', 'meshtimeouts', '-m', 'nope']);
    expect([noMesh.code, noMesh.stderr]).toEqual([4, 'Error: mesh "nope" does not exist\nmeshes on the control plane: default, team-a, team-b\n']);
    const unknown = await s.run(['get', 'meshtimout']);
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
      const fast = await s.run(['get', ...positional, ...flags]);
      const full = await s.run(['get', ...flags, '--', ...positional]);
      expect({ code: fast.code, stdout: stable(stableTable(fast.stdout)), stderr: fast.stderr }, positional.join(' ')).toEqual({
        code: full.code,
        stdout: stable(stableTable(full.stdout)),
        stderr: full.stderr,
      });
    }
    // what the plain forms leave to oclif still works: help, and oclif's own checks of values
    expect((await s.run(['get', '--help'])).stdout).toContain('--all-meshes');
    const size = await s.run(['get', 'meshes', '--size', '0']);
    expect([size.code, size.stderr]).toEqual([2, expect.stringContaining('Expected an integer greater than or equal to 1')]);
  });

  it('deletes, says when there is nothing to delete, and lists what went with a mesh', async () => {
    const own = await startCliSession({ seed });
    onTestFinished(() => own.close());
    expect((await own.run(['delete', 'meshtimeout', 'search', '-m', 'team-b'])).stdout).toBe('deleted MeshTimeout "search"\n');
    const again = await own.run(['delete', 'meshtimeout', 'search', '-m', 'team-b']);
    expect([again.code, again.stderr]).toEqual([4, 'Error: there is no MeshTimeout with name "search"\n']);
    expect((await own.run(['delete', 'meshtimeout', 'search', '-m', 'team-b', '--ignore-not-found'])).code).toBe(0);
    const busy = await own.run(['delete', 'mesh', 'team-a']);
    expect(busy.code).toBe(4);
    expect(busy.stderr).toBe('Error: Could not delete a resource (Resource is not valid)\n* mesh: unable to delete mesh, there are still some dataplanes attached\n');
    await own.run(['delete', 'dataplane', 'web-1', '-m', 'team-a']);
    const gone = await own.run(['delete', 'mesh', 'team-a']);
    expect(gone.stdout).toBe('deleted Mesh "team-a"\n  and everything in it: 1 MeshCircuitBreaker, 1 MeshRetry, 3 MeshTimeouts, 3 Secrets\n');
    const unknownType = await own.run(['delete', 'meshes', 'x']);
    expect(unknownType.code).toBe(2);
    expect(unknownType.stderr).toMatch(/^Error: unknown TYPE: meshes\. Allowed values: circuit-breaker, dataplane, /);
  });

  it('inspects meshes', async () => {
    const r = await s.run(['inspect', 'meshes']);
    golden('inspect-meshes.txt', r.stdout);
    const json = JSON.parse((await s.run(['inspect', 'meshes', '-o', 'json'])).stdout);
    expect(json.items.map((i: { name: string }) => i.name)).toEqual(['default', 'team-a', 'team-b']);
  });

  it('prints client and server versions', async () => {
    expect((await s.run(['version'])).stdout).toBe('Client: Kuma 2.14.3\nServer: Kuma 2.14.3\n');
  });

  it('accepts global flags before the command, as kumactl scripts write them', async () => {
    const r = await kumactl(['--cp-address', s.cp.url, '--api-timeout', '5s', 'get', 'meshes', '-o', 'json'], { env: { HOME: s.home } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).total).toBe(3);
  });

  it('uses a config file written by the real kumactl, unchanged', async () => {
    const file = s.file('kumactl-config', DEFAULT_CONFIG_YAML.replace('http://localhost:5681', s.cp.url));
    const r = await kumactl(['get', 'meshes', '--config-file', file, '-o', 'json'], { env: { HOME: s.home } });
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
    const config = (apiServer: Record<string, unknown>) => {
      const file = join(dir, `config-${Math.random()}`);
      writeFileSync(file, configYaml(cp.url, 'tls', apiServer));
      return file;
    };
    try {
      const trusted = await kumactl(['get', 'meshes', '--config-file', config({ caCertFile: join(dir, 'cert.pem') }), '-o', 'json'], { env: { HOME: dir } });
      expect([trusted.code, trusted.stderr]).toEqual([0, '']);
      const unknown = await kumactl(['get', 'meshes', '--config-file', config({}), '--api-timeout', '5s'], { env: { HOME: dir } });
      expect(unknown.code).toBe(5);
      expect(unknown.stderr).toMatch(/TLS verification failed/);
      const skipped = await kumactl(['get', 'meshes', '--config-file', config({ skipVerify: true }), '-o', 'json'], { env: { HOME: dir } });
      expect(skipped.code).toBe(0);
      expect(skipped.stderr).toMatch(/^Warning: TLS certificate verification is off/);
    } finally {
      await cp.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
