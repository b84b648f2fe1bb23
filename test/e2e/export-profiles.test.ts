import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { sharedCliSession, startTestControlPlane, type TestControlPlane } from '../helpers/cp.js';
import { goldenIn } from '../helpers/golden.js';

const golden = goldenIn('export');

type Doc = Record<string, any>;

function documents(stream: string): Doc[] {
  return parseAllDocuments(stream, { version: '1.1' })
    .map((d) => {
      if ('errors' in d && d.errors.length > 0) throw new Error(String(d.errors[0]));
      return d.toJS() as Doc;
    })
    .filter((d) => d !== null);
}

/** What differs between two control planes holding the same resources: the first comment line, times, IDs. */
function comparable(text: string): string {
  return text
    .replace(/^# Product: .*\n/, '')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '0001-01-01T00:00:00Z');
}

/** Pinned for a golden: the header's host and IDs too, and the generated keys and certificates. */
function pinned(text: string): string {
  return comparable(text)
    .replace(/^/, '# Product: Kuma, Version: 2.14.3, Hostname: HOST, ClusterId: ID, InstanceId: ID\n')
    .replace(/(data|value): [A-Za-z0-9+/=]{200,}/g, '$1: KEY');
}

const mt = (mesh: string, name: string, idle: string) => ({
  type: 'MeshTimeout',
  mesh,
  name,
  labels: { team: mesh },
  spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: idle } }] },
});

/** Two tenants with a bit of everything: builtin mTLS, targetRef and legacy policies, a proxy, a gateway, a user secret. */
async function seed(cp: TestControlPlane): Promise<void> {
  const put = cp.put;
  await put('/meshes/exp-a', { type: 'Mesh', name: 'exp-a', labels: { team: 'a' }, mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin' }] } });
  await put('/meshes/exp-b', { type: 'Mesh', name: 'exp-b', skipCreatingInitialPolicies: ['*'] });
  await put('/meshes/exp-a/meshtimeouts/slow', mt('exp-a', 'slow', '5m'));
  await put('/meshes/exp-b/meshtimeouts/fast', mt('exp-b', 'fast', '5s'));
  await put('/meshes/exp-a/traffic-permissions/allow-all', {
    type: 'TrafficPermission',
    mesh: 'exp-a',
    name: 'allow-all',
    sources: [{ match: { 'kuma.io/service': '*' } }],
    destinations: [{ match: { 'kuma.io/service': '*' } }],
  });
  await put('/meshes/exp-a/dataplanes/web-1', {
    type: 'Dataplane',
    mesh: 'exp-a',
    name: 'web-1',
    networking: { address: '10.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web' } }] },
  });
  await put('/meshes/exp-a/meshgateways/edge', {
    type: 'MeshGateway',
    mesh: 'exp-a',
    name: 'edge',
    selectors: [{ match: { 'kuma.io/service': 'edge' } }],
    conf: { listeners: [{ port: 80, protocol: 'HTTP' }] },
  });
  await put('/meshes/exp-a/secrets/db-password', { type: 'Secret', mesh: 'exp-a', name: 'db-password', data: Buffer.from('s3cr3t').toString('base64') });
}

describe("export with kumactl's flags", () => {
  const cli = sharedCliSession({ skipDefaultMesh: true, seed });

  /** Export, apply the export to an empty control plane, export that one the same way: the same documents. */
  async function roundTrip(args: string[], file: string): Promise<string> {
    const first = await cli.run(['export', ...args]);
    expect([first.code, first.stderr], args.join(' ')).toEqual([0, '']);
    const target = await startTestControlPlane('memory', { skipDefaultMesh: true });
    try {
      const path = join(cli.home, file);
      writeFileSync(path, first.stdout);
      const checked = await cli.run(['validate', '-f', path]);
      expect(checked.code, checked.stdout).toBe(0);
      const applied = await cli.run(['apply', '-f', path], { env: { KUMACTL_CP_ADDRESS: target.url } });
      expect(applied.code, applied.stderr).toBe(0);
      const second = await cli.run(['export', ...args], { env: { KUMACTL_CP_ADDRESS: target.url } });
      expect(second.code).toBe(0);
      expect(comparable(second.stdout)).toBe(comparable(first.stdout));
    } finally {
      await target.close();
    }
    return first.stdout;
  }

  it('--profile all --format kubernetes (the kumactl backup script): one Kubernetes object per resource, round-tripped', async () => {
    const out = await roundTrip(['--profile', 'all', '--format', 'kubernetes', '--include-admin'], 'all-k8s.yaml');
    golden('profile-all-kubernetes.yaml', pinned(out));
    expect(out).toMatch(/^# Product: Kuma, Version: 2\.14\.3, Hostname: /);
    const docs = documents(out);
    const kinds = docs.map((d) => `${d.kind}/${d.metadata.name}`);
    expect(kinds.slice(0, 2)).toEqual(['Mesh/exp-a', 'Mesh/exp-b']);
    expect(kinds[2]).toBe('Secret/db-password'); // Secrets right after the Meshes, as kumactl orders them
    for (const d of docs) expect(d.apiVersion).toBe(d.kind === 'Secret' ? 'v1' : 'kuma.io/v1alpha1');
    const byId = new Map(docs.map((d) => [`${d.kind}/${d.metadata.name}`, d]));
    expect(byId.get('Mesh/exp-a')!.spec.skipCreatingInitialPolicies).toEqual(['*']);
    expect(byId.get('Mesh/exp-a')!.spec.mtls.backends[0].type).toBe('builtin'); // its CA is not exported: the new control plane makes one
    expect(byId.get('Mesh/exp-a')!.metadata).not.toHaveProperty('namespace');
    expect(byId.get('MeshTimeout/slow')!.metadata).toMatchObject({ namespace: 'kuma-system', labels: { 'kuma.io/mesh': 'exp-a', team: 'exp-a' } });
    expect(byId.get('TrafficPermission/allow-all')).toMatchObject({ mesh: 'exp-a', spec: { sources: [{ match: { 'kuma.io/service': '*' } }] } });
    expect(byId.get('TrafficPermission/allow-all')!.metadata).not.toHaveProperty('namespace');
    expect(byId.get('Secret/db-password')).toMatchObject({ type: 'system.kuma.io/secret', data: { value: Buffer.from('s3cr3t').toString('base64') }, metadata: { labels: { 'kuma.io/mesh': 'exp-a' } } });
    expect(kinds.filter((k) => k.startsWith('Secret/'))).toEqual(['Secret/db-password']); // no signing key, no CA
  });

  it('--profile all in the universal format, round-tripped: each resource as get -o yaml prints it, after ---', async () => {
    const out = await roundTrip(['--profile', 'all'], 'all-universal.yaml');
    golden('profile-all-universal.yaml', pinned(out));
    expect(out.split('\n')[1]).toBe('---');
    const docs = documents(out);
    expect(docs.map((d) => d.type)).toContain('Dataplane');
    expect(docs.map((d) => d.type)).not.toContain('Secret'); // admin types only with --include-admin outside the federation profiles
  });

  it('--profile federation (the default profile): no targetRef policies, proxies or MeshGateways; secrets without generated keys; no kuma.io/origin', async () => {
    const out = await roundTrip(['--format', 'universal'], 'federation.yaml');
    const docs = documents(out);
    expect(docs.map((d) => `${d.type}/${d.name}`)).toEqual(['Mesh/exp-a', 'Mesh/exp-b', 'Secret/db-password', 'TrafficPermission/allow-all']);
    for (const d of docs) expect(Object.keys(d.labels ?? {})).not.toContain('kuma.io/origin');
  });

  it('--profile federation-with-policies adds the targetRef policies and MeshGateways; no-dataplanes leaves out the proxies', async () => {
    const withPolicies = documents((await cli.run(['export', '-p', 'federation-with-policies'])).stdout).map((d) => d.type);
    expect(withPolicies).toContain('MeshTimeout');
    expect(withPolicies).toContain('MeshGateway');
    expect(withPolicies).not.toContain('Dataplane');
    const noDp = documents((await cli.run(['export', '-p', 'no-dataplanes', '-a'])).stdout).map((d) => d.type);
    expect(noDp).not.toContain('Dataplane');
    expect(noDp).toContain('MeshTimeout');
    expect(noDp).toContain('Secret');
  });

  it('--mesh composes with a profile: only those meshes', async () => {
    const r = await cli.run(['export', '--profile', 'all', '--format', 'kubernetes', '--mesh', 'exp-b']);
    expect(r.code).toBe(0);
    const docs = documents(r.stdout);
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['Mesh/exp-b', 'MeshTimeout/fast']);
    const missing = await cli.run(['export', '--profile', 'all', '--mesh', 'nope']);
    expect([missing.code, missing.stdout]).toEqual([4, '']);
  });

  it('--include-generated-keys: the CA travels with its mesh as kumactl exports it (builtin turned into provided), round-tripped', async () => {
    const out = await roundTrip(['--profile', 'all', '-f', 'kubernetes', '-a', '--include-generated-keys', '-n', 'mesh-system'], 'keys.yaml');
    const docs = documents(out);
    const byId = new Map(docs.map((d) => [`${d.kind}/${d.metadata.name}`, d]));
    expect(byId.get('Mesh/exp-a')!.spec.mtls).toEqual({
      enabledBackend: 'ca-1',
      backends: [{ name: 'ca-1', type: 'provided', conf: { cert: { secret: 'exp-a.ca-builtin-cert-ca-1' }, key: { secret: 'exp-a.ca-builtin-key-ca-1' } } }],
      skipValidation: true,
    });
    expect([...byId.keys()].filter((k) => k.startsWith('Secret/')).sort()).toEqual([
      'Secret/dataplane-token-signing-key-exp-a-1',
      'Secret/dataplane-token-signing-key-exp-b-1',
      'Secret/db-password',
      'Secret/exp-a.ca-builtin-cert-ca-1',
      'Secret/exp-a.ca-builtin-key-ca-1',
      // the control plane's own token signing keys (GlobalSecrets, here as Kubernetes Secrets)
      'Secret/user-token-signing-key-1',
      'Secret/zone-token-signing-key-1',
    ]);
    expect(byId.get('Secret/db-password')!.metadata.namespace).toBe('mesh-system');
  });

  it("kumactl's messages for a bad profile or format, exit 2; -o json does not go with a profile", async () => {
    const profile = await cli.run(['export', '--profile', 'everything']);
    expect([profile.code, profile.stderr.split('\n')[0]]).toEqual([2, 'Error: invalid profile: "everything"']);
    const format = await cli.run(['export', '-f', 'json']);
    expect([format.code, format.stderr.split('\n')[0]]).toEqual([2, 'Error: invalid format: "json"']);
    const json = await cli.run(['export', '--profile', 'all', '-o', 'json']);
    expect(json.code).toBe(2);
    const keys = await cli.run(['export', '--mesh', 'exp-a', '--include-generated-keys']);
    expect(keys.code).toBe(2);
  });

  it('--help shows the profiles, the formats and examples', async () => {
    const r = await cli.run(['export', '--help']);
    expect(r.code).toBe(0);
    for (const s of ['--profile', '--format', '--include-admin', '--system-namespace', 'EXAMPLES', 'export --profile all --format kubernetes > backup.yaml']) expect(r.stdout).toContain(s);
  });
});
