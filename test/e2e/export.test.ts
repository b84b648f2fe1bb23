import { describe, it, expect } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { sharedCliSession, startCliSession, type TestControlPlane } from '../helpers/cp.js';
import { goldenIn } from '../helpers/golden.js';

const golden = goldenIn('export');

type Doc = Record<string, any>;

/** The documents of a YAML stream, as plain objects. */
function documents(stream: string): Doc[] {
  return parseAllDocuments(stream, { version: '1.1' }).map((d) => {
    if ('errors' in d && d.errors.length > 0) throw new Error(String(d.errors[0]));
    return d.toJS() as Doc;
  });
}

/** The summary is the last line of stderr (deprecation warnings for the default policies come before it). */
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

const ids = (docs: Doc[]) => docs.map((d) => `${d.type}/${d.name}`);

const USER_SECRET = 'db-password';

/** team-a (builtin mTLS, a label) with policies, a service, a data plane proxy and a user secret; team-b beside it. */
async function seed(cp: TestControlPlane): Promise<void> {
  const put = cp.put;
  await put('/meshes/team-a', {
    type: 'Mesh',
    name: 'team-a',
    labels: { team: 'a', 'cost-center': '1234' },
    mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin' }] },
    routing: { zoneEgress: true },
  });
  await put('/meshes/team-b', { type: 'Mesh', name: 'team-b', skipCreatingInitialPolicies: ['*'] });
  await put('/meshes/team-a/meshtimeouts/payments', {
    type: 'MeshTimeout',
    mesh: 'team-a',
    name: 'payments',
    labels: { owner: 'payments', 'app.example.com/tier': 'gold' },
    spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '20m', http: { requestTimeout: '5s' } } }] },
  });
  await put('/meshes/team-a/meshtrafficpermissions/allow-all', {
    type: 'MeshTrafficPermission',
    mesh: 'team-a',
    name: 'allow-all',
    spec: { targetRef: { kind: 'Mesh' }, from: [{ targetRef: { kind: 'Mesh' }, default: { action: 'Allow' } }] },
  });
  // a default policy, edited by the team
  await put('/meshes/team-a/meshretries/mesh-retry-all-team-a', {
    type: 'MeshRetry',
    mesh: 'team-a',
    name: 'mesh-retry-all-team-a',
    spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { http: { numRetries: 2 } } }] },
  });
  await put('/meshes/team-a/meshservices/web', {
    type: 'MeshService',
    mesh: 'team-a',
    name: 'web',
    spec: { selector: { dataplaneTags: { 'kuma.io/service': 'web' } }, ports: [{ port: 8080, targetPort: 8080, appProtocol: 'http' }] },
  });
  await put('/meshes/team-a/dataplanes/web-1', {
    type: 'Dataplane',
    mesh: 'team-a',
    name: 'web-1',
    labels: { rack: 'r1' },
    networking: { address: '10.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web', version: 'v1' } }] },
  });
  await put(`/meshes/team-a/secrets/${USER_SECRET}`, { type: 'Secret', mesh: 'team-a', name: USER_SECRET, data: Buffer.from('s3cr3t').toString('base64') });
  await put('/meshes/team-b/meshtimeouts/search', {
    type: 'MeshTimeout',
    mesh: 'team-b',
    name: 'search',
    spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1m' } }] },
  });
}

describe('export', () => {
  const s = sharedCliSession({ seed });

  it('prints the mesh first, then its resources, without what the server computes and without secrets', async () => {
    const r = await s.run(['export', '--mesh', 'team-a']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    golden('team-a.yaml', r.stdout);
    const docs = documents(r.stdout);
    expect(ids(docs)).toEqual([
      'Mesh/team-a',
      'Dataplane/web-1',
      'MeshService/web',
      'MeshCircuitBreaker/mesh-circuit-breaker-all-team-a',
      'MeshRetry/mesh-retry-all-team-a',
      'MeshTimeout/mesh-gateways-timeout-all-team-a',
      'MeshTimeout/mesh-timeout-all-team-a',
      'MeshTimeout/payments',
      'MeshTrafficPermission/allow-all',
    ]);
    for (const d of docs) {
      for (const k of ['creationTime', 'modificationTime', 'kri', 'status', 'snis']) expect(d, `${d.type}/${d.name}`).not.toHaveProperty(k);
      for (const k of Object.keys(d.labels ?? {})) expect(k, `${d.type}/${d.name}`).not.toMatch(/^kuma\.io\//);
      if (d.type !== 'Mesh') expect(d.mesh).toBe('team-a');
    }
    const byId = new Map(docs.map((d) => [`${d.type}/${d.name}`, d]));
    expect(byId.get('Mesh/team-a')!.labels).toEqual({ team: 'a', 'cost-center': '1234' });
    expect(byId.get('MeshTimeout/payments')!.labels).toEqual({ owner: 'payments', 'app.example.com/tier': 'gold' });
    expect(byId.get('Dataplane/web-1')!.labels).toEqual({ rack: 'r1' });
    expect(byId.get('MeshTimeout/mesh-timeout-all-team-a')).not.toHaveProperty('labels');
    // the edited default policy as it stands now
    expect(byId.get('MeshRetry/mesh-retry-all-team-a')!.spec.to[0].default).toEqual({ http: { numRetries: 2 } });
    expect(r.stdout).not.toContain('team-b');
    expect(r.stdout.split('\n').filter((l) => l === '---')).toHaveLength(docs.length - 1);
  });

  it('exports the user secrets with --include-secrets, never the generated signing key and CA', async () => {
    const all = await s.cp.call('GET', '/meshes/team-a/secrets');
    expect((all.json.items as Doc[]).map((s) => s.name).sort()).toEqual([
      'dataplane-token-signing-key-team-a-1',
      USER_SECRET,
      'team-a.ca-builtin-cert-ca-1',
      'team-a.ca-builtin-key-ca-1',
    ]);
    const r = await s.run(['export', '-m', 'team-a', '--include-secrets']);
    expect(r.code).toBe(0);
    const secrets = documents(r.stdout).filter((d) => d.type === 'Secret');
    expect(secrets).toEqual([{ type: 'Secret', mesh: 'team-a', name: USER_SECRET, data: Buffer.from('s3cr3t').toString('base64') }]);
    expect(r.stdout).not.toMatch(/signing-key|ca-builtin/);
    const help = await s.run(['export', '--help']);
    expect(help.stdout).toContain('dataplane-token-signing-key-<mesh>-1');
  });

  it('takes several meshes in the order given, every mesh with --all-meshes, the default mesh without --mesh', async () => {
    const two = documents((await s.run(['export', '-m', 'team-b', '-m', 'team-a'])).stdout);
    expect(two[0]).toEqual({ type: 'Mesh', name: 'team-b', skipCreatingInitialPolicies: ['*'] });
    expect(ids(two).filter((i) => i.startsWith('Mesh/'))).toEqual(['Mesh/team-b', 'Mesh/team-a']);
    expect(ids(two)[1]).toBe('MeshTimeout/search');
    const all = documents((await s.run(['export', '--all-meshes'])).stdout);
    expect(ids(all).filter((i) => i.startsWith('Mesh/'))).toEqual(['Mesh/default', 'Mesh/team-a', 'Mesh/team-b']);
    const dflt = documents((await s.run(['export'])).stdout);
    expect(ids(dflt)[0]).toBe('Mesh/default');
    expect(dflt.every((d) => d.type === 'Mesh' || d.mesh === 'default')).toBe(true);
    const both = await s.run(['export', '-m', 'team-a', '-A']);
    expect(both.code).toBe(2);
  });

  it('prints {"items": [...]} with -o json', async () => {
    const yaml = documents((await s.run(['export', '-m', 'team-a', '--include-secrets'])).stdout);
    const r = await s.run(['export', '-m', 'team-a', '--include-secrets', '-o', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['items']);
    expect(json.items).toEqual(yaml);
    expect(Object.keys(json.items[1]).slice(0, 4)).toEqual(['type', 'mesh', 'name', 'labels']);
  });

  it('refuses a mesh that does not exist, exit 4, printing nothing', async () => {
    const r = await s.run(['export', '-m', 'team-a', '-m', 'nope']);
    expect([r.code, r.stdout, r.stderr.split('\n')[0]]).toEqual([4, '', 'Error: mesh "nope" not found']);
  });
});

describe('export, then apply', { timeout: 300_000 }, () => {
  it('restores a deleted mesh from its backup: apply takes the export back and the export is the same', async () => {
    const s = await startCliSession({ seed });
    try {
      const first = await s.run(['export', '-m', 'team-a', '--include-secrets']);
      expect(first.code).toBe(0);
      expect((await s.run(['delete', 'dataplane', 'web-1', '-m', 'team-a'])).code).toBe(0);
      expect((await s.run(['delete', 'mesh', 'team-a'])).code).toBe(0);
      expect((await s.run(['get', 'meshes', '-o', 'json'])).stdout).not.toContain('team-a');

      const applied = await s.run(['apply', '-f', '-'], { stdin: first.stdout });
      expect([applied.code, lastLine(applied.stderr)]).toEqual([0, 'Summary: 6 created, 1 updated, 3 unchanged, 0 failed']);
      expect(applied.stdout).toContain('resource type="Mesh" mesh="" name="team-a" Created\n');
      expect(applied.stdout).toContain(`resource type="Secret" mesh="team-a" name="${USER_SECRET}" Created\n`);
      expect(applied.stdout).toContain('resource type="MeshRetry" mesh="team-a" name="mesh-retry-all-team-a" Updated\n');

      const second = await s.run(['export', '-m', 'team-a', '--include-secrets']);
      expect(second.code).toBe(0);
      expect(second.stdout).toBe(first.stdout);
      const meshes = await s.run(['get', 'meshes']);
      expect(meshes.stdout).toMatch(/^team-a +builtin\/ca-1 /m);
      // applying the same export again changes nothing
      const again = await s.run(['apply', '-f', '-'], { stdin: first.stdout });
      expect(again.code).toBe(0);
      expect(lastLine(again.stderr)).toBe('Summary: 0 created, 0 updated, 10 unchanged, 0 failed');
    } finally {
      await s.close();
    }
  });

  it('moves meshes to a fresh control plane', async () => {
    const from = await startCliSession({ seed });
    const to = await startCliSession({ store: 'sqlite' });
    try {
      const exported = await from.run(['export', '-m', 'team-a', '-m', 'team-b', '--include-secrets']);
      expect(exported.code).toBe(0);
      const applied = await to.run(['apply', '-f', '-'], { stdin: exported.stdout });
      // team-a: the Mesh and 5 of its own, the edited default updated, 3 defaults already there; team-b: 2
      expect([applied.code, lastLine(applied.stderr)]).toEqual([0, 'Summary: 8 created, 1 updated, 3 unchanged, 0 failed']);
      const moved = await to.run(['export', '-m', 'team-a', '-m', 'team-b', '--include-secrets']);
      expect(moved.stdout).toBe(exported.stdout);
      // the new control plane made the mesh's own signing key and CA
      const secrets = await to.cp.call('GET', '/meshes/team-a/secrets');
      expect((secrets.json.items as Doc[]).map((s) => s.name).sort()).toEqual([
        'dataplane-token-signing-key-team-a-1',
        USER_SECRET,
        'team-a.ca-builtin-cert-ca-1',
        'team-a.ca-builtin-key-ca-1',
      ]);
    } finally {
      await from.close();
      await to.close();
    }
  });
});
