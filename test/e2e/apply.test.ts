import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { kumactl, type CliResult } from '../helpers/cli.js';
import { startCliSession, type StoreKind } from '../helpers/cp.js';
import { goldenIn } from '../helpers/golden.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';

const golden = goldenIn('apply');

// ------------------------------------------------------------------------------------ documents

/** The input documents of these tests: `test/fixtures/apply/NAME` (a path relative to the directory kumactl runs in). */
const FIXTURES = 'test/fixtures/apply/';
const fixturePath = (name: string) => `${FIXTURES}${name}`;
const fixture = (name: string) => readFileSync(fixturePath(name), 'utf8');
const docs = (...d: string[]) => d.join('---\n');

const line = (type: string, meshName: string, name: string, verb: string) => `resource type="${type}" mesh="${meshName}" name="${name}" ${verb}\n`;
const summary = (created: number, updated: number, unchanged: number, failed: number) => `Summary: ${created} created, ${updated} updated, ${unchanged} unchanged, ${failed} failed`;
/** The summary is the last line of stderr. */
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

interface JsonEntry {
  type: string;
  mesh: string | null;
  name: string;
  action: string;
  error: string | null;
}

/** A control plane, a HOME of its own, and helpers over them. */
async function setup(store: StoreKind) {
  const session = await startCliSession({ store });
  return {
    ...session,
    apply(args: string[], options: { stdin?: string; cwd?: string } = {}): Promise<CliResult> {
      return session.run(['apply', ...args], options);
    },
    async status(path: string): Promise<number> {
      return (await session.cp.call('GET', path)).status;
    },
    put: session.cp.put,
  };
}
type Setup = Awaited<ReturnType<typeof setup>>;

/** Every resource of the three example meshes with its modificationTime. */
async function exampleTimes(s: Setup): Promise<Record<string, string>> {
  const times: Record<string, string> = {};
  for (const m of ['team-a', 'team-b', 'team-c']) {
    times[`Mesh/${m}`] = (await s.json(`/meshes/${m}`)).modificationTime;
    for (const path of ['meshtimeouts', 'meshretries', 'meshcircuitbreakers', 'meshtrafficpermissions']) {
      for (const item of (await s.json(`/meshes/${m}/${path}`)).items) times[`${path}/${m}/${item.name}`] = item.modificationTime;
    }
  }
  return times;
}

const names = async (s: Setup, path: string): Promise<string[]> => (await s.json(path)).items.map((i: { name: string }) => i.name);

/** Run `body` against a control plane of its own (for a test that reads what the whole control plane holds). */
async function withOwnControlPlane(body: (s: Setup) => Promise<void>): Promise<void> {
  const own = await setup('memory');
  try {
    await body(own);
  } finally {
    await own.close();
  }
}

/** Apply the multi-tenant example (a second time it changes nothing), for a test that reads it. */
async function applyExample(s: Setup): Promise<void> {
  const r = await s.apply(['-f', 'examples/multi-tenant/']);
  if (r.code !== 0) throw new Error(`applying the example: exit ${r.code}\n${r.stderr}`);
}

describe('kumactl apply against a local control plane (memory store)', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup('memory');
  });
  afterAll(async () => {
    await s.close();
  });

  it('applies the multi-tenant example: the three team meshes first, then their policies', () =>
    withOwnControlPlane(async (s) => {
    const r = await s.apply(['-f', 'examples/multi-tenant/']);
    expect(r.code).toBe(0);
    golden('examples.txt', r.stdout);
    expect(r.stderr).toBe(`${summary(10, 0, 0, 0)}\n`);

    const meshes = await s.run(['get', 'meshes']);
    expect(meshes.stdout).toMatch(/^team-a +builtin\/ca-1 /m);
    expect(meshes.stdout).toMatch(/^team-b +off /m);
    // team-b skipped Kuma's default policies and brought its own; team-c got the defaults
    expect(await names(s, '/meshes/team-b/meshtimeouts')).toEqual(['search-timeouts']);
    expect(await names(s, '/meshes/team-b/meshretries')).toEqual(['search-retries']);
    expect(await names(s, '/meshes/team-b/meshcircuitbreakers')).toEqual(['search-breaker']);
    expect(await names(s, '/meshes/team-c/meshtimeouts')).toEqual(['mesh-gateways-timeout-all-team-c', 'mesh-timeout-all-team-c']);
    expect(await names(s, '/meshes/team-c/meshretries')).toEqual(['mesh-retry-all-team-c', 'onboarding-retries']);
    expect(await names(s, '/meshes/team-c/meshcircuitbreakers')).toEqual(['mesh-circuit-breaker-all-team-c']);
    // the Kubernetes-style team-c document landed in team-c, as Universal
    const retry = await s.json('/meshes/team-c/meshretries/onboarding-retries');
    expect([retry.type, retry.mesh, retry.spec.to[0].default.tcp.maxConnectAttempt]).toEqual(['MeshRetry', 'team-c', 3]);
    }));

  it('re-applies the same input: every line Unchanged, exit 0, nothing written', async () => {
    await applyExample(s);
    const before = await exampleTimes(s);
    const r = await s.apply(['-f', 'examples/multi-tenant/']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(10);
    expect(r.stdout.trimEnd().split('\n').every((l) => l.endsWith(' Unchanged'))).toBe(true);
    expect(r.stderr).toBe(`${summary(0, 0, 10, 0)}\n`);
    expect(await exampleTimes(s)).toEqual(before);
  });

  it('feeds `get -o yaml` of a list back unchanged', () =>
    withOwnControlPlane(async (s) => {
    await applyExample(s);
    for (const args of [['get', 'meshes'], ['get', 'meshtimeouts', '-m', 'team-a'], ['get', 'meshretries', '--all-meshes']]) {
      const list = await s.run([...args, '-o', 'yaml']);
      expect(list.code).toBe(0);
      const r = await s.apply(['-f', '-'], { stdin: list.stdout });
      expect([args, r.code]).toEqual([args, 0]);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(1);
      expect(lines.filter((l) => !l.endsWith(' Unchanged'))).toEqual([]);
      expect(lastLine(r.stderr)).toBe(summary(0, 0, lines.length, 0));
    }
    }));

  it('shows what would change with --dry-run, and writes nothing', async () => {
    await applyExample(s);
    const changed = readFileSync('examples/multi-tenant/team-a.yaml', 'utf8').replace('connectionTimeout: 2s', 'connectionTimeout: 3s');
    const input = docs(changed, fixture('dry-run-new-policy.input.yaml'));
    const before = await exampleTimes(s);
    const r = await s.apply(['-f', '-', '--dry-run'], { stdin: input });
    expect(r.code).toBe(0);
    golden('dry-run.txt', r.stdout);
    expect(r.stdout).toContain(line('MeshTimeout', 'team-a', 'payments-api-timeouts', 'Would be updated'));
    expect(r.stdout).toMatch(/^-\s+connectionTimeout: 2s$/m);
    expect(r.stdout).toMatch(/^\+\s+connectionTimeout: 3s$/m);
    expect(r.stdout).toContain(line('MeshTimeout', 'team-a', 'new-in-dry-run', 'Would be created'));
    expect(r.stdout).toContain(line('MeshTrafficPermission', 'team-a', 'allow-checkout', 'Unchanged'));
    expect(lastLine(r.stderr)).toMatch(new RegExp(`^${summary(1, 1, 2, 0)}`));
    expect(await s.status('/meshes/team-a/meshtimeouts/new-in-dry-run')).toBe(404);
    expect((await s.json('/meshes/team-a/meshtimeouts/payments-api-timeouts')).spec.to[0].default.connectionTimeout).toBe('2s');
    expect(await exampleTimes(s)).toEqual(before);
  });

  it('shows a new mesh and what goes into it as Would be created with --dry-run (nothing exists in it yet)', async () => {
    const input = fixture('dry-run-new-mesh.input.yaml');
    const r = await s.apply(['-f', '-', '--dry-run'], { stdin: input });
    expect(r.code).toBe(0);
    expect(lastLine(r.stderr)).toMatch(new RegExp(`^${summary(10, 0, 0, 0)}`));
    expect(r.stdout).toContain(line('Mesh', '', 'dry-mesh', 'Would be created'));
    for (let i = 0; i < 9; i++) expect(r.stdout).toContain(line('MeshTimeout', 'dry-mesh', `dry-${i}`, 'Would be created'));
    expect(await s.status('/meshes/dry-mesh')).toBe(404);
  });

  it('applies policies placed before their mesh in the file, and prints lines in input order', async () => {
    const f = fixturePath('policies-before-mesh.input.yaml');
    const r = await s.apply(['-f', f]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(line('MeshTimeout', 'early', 't1', 'Created') + line('Mesh', '', 'early', 'Created') + line('MeshTimeout', 'early', 't2', 'Created'));
    expect(lastLine(r.stderr)).toBe(summary(3, 0, 0, 0));
    expect(await s.status('/meshes/early/meshtimeouts/t1')).toBe(200);
    expect(await s.status('/meshes/early/meshtimeouts/t2')).toBe(200);
  });

  it('updates what changed and leaves the rest Unchanged', async () => {
    expect((await s.apply(['-f', fixturePath('update-before.input.yaml')])).code).toBe(0);
    const before = (await s.json('/meshes/updated/meshtimeouts/t1')).modificationTime;
    const f = fixturePath('update.input.yaml');
    const r = await s.apply(['-f', f]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(line('MeshTimeout', 'updated', 't1', 'Unchanged') + line('Mesh', '', 'updated', 'Unchanged') + line('MeshTimeout', 'updated', 't2', 'Updated'));
    expect(r.stderr).toBe(`${summary(0, 1, 2, 0)}\n`);
    expect((await s.json('/meshes/updated/meshtimeouts/t2')).spec.to[0].default.idleTimeout).toBe('7m0s');
    expect((await s.json('/meshes/updated/meshtimeouts/t1')).modificationTime).toBe(before);
  });

  /** A mesh with builtin mTLS on the control plane, and the input that changes its CA: valid offline, refused by the server. */
  async function lockedMesh(name: string): Promise<void> {
    await s.put(`/meshes/${name}`, { type: 'Mesh', name, skipCreatingInitialPolicies: ['*'], mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin' }] } });
  }

  it('goes on after a resource the server refuses: the others are applied, exit 6', async () => {
    await s.put('/meshes/shop', { type: 'Mesh', name: 'shop', skipCreatingInitialPolicies: ['*'] });
    // changing the CA while mTLS is on: only the server knows mTLS is on (the Mesh it has is not in the input)
    await lockedMesh('locked');
    const r = await s.apply(['-f', '-'], { stdin: fixture('partial.input.yaml') });
    expect(r.code).toBe(6);
    golden('partial.stdout.txt', r.stdout);
    golden('partial.stderr.txt', r.stderr);
    expect(r.stdout).toBe(line('MeshTimeout', 'shop', 'before', 'Created') + line('MeshTimeout', 'shop', 'after', 'Created'));
    expect(r.stderr).toContain('resource type="Mesh" mesh="" name="locked"');
    expect(r.stderr).toContain('Failed to update a resource (Resource is not valid)');
    // located at the Mesh's `mtls.enabledBackend` (line 17: the second document starts at line 13)
    expect(r.stderr).toContain('<stdin>:17:3: mtls.enabledBackend: Changing CA when mTLS is enabled is forbidden. Disable mTLS first and then change the CA\n');
    expect(lastLine(r.stderr)).toBe(summary(2, 0, 0, 1));
    expect(await s.status('/meshes/shop/meshtimeouts/after')).toBe(200);
  });

  it('exits 4 when nothing was applied and something failed (unchanged resources apply nothing)', async () => {
    await s.put('/meshes/shop', { type: 'Mesh', name: 'shop', skipCreatingInitialPolicies: ['*'] });
    await lockedMesh('locked-2');
    const only = await s.apply(['-f', '-'], { stdin: fixture('refused-only.input.yaml') });
    expect(only.code).toBe(4);
    expect(only.stdout).toBe('');
    expect(lastLine(only.stderr)).toBe(summary(0, 0, 0, 1));
    await s.apply(['-f', '-'], { stdin: fixture('refused-steady.input.yaml') });
    const withUnchanged = await s.apply(['-f', '-'], { stdin: fixture('refused-with-unchanged.input.yaml') });
    expect(withUnchanged.code).toBe(4);
    expect(withUnchanged.stdout).toBe(line('MeshTimeout', 'shop', 'steady', 'Unchanged'));
    expect(lastLine(withUnchanged.stderr)).toBe(summary(0, 0, 1, 1));
  });

  it("refuses, before sending anything, a Dataplane the constraints of its mesh on the control plane refuse: exit 3, Kuma's message", async () => {
    await s.put('/meshes/guarded', {
      type: 'Mesh',
      name: 'guarded',
      skipCreatingInitialPolicies: ['*'],
      constraints: { dataplaneProxy: { restrictions: [{ tags: { 'kuma.io/service': 'legacy' } }] } },
    });
    const r = await s.apply(['-f', '-'], { stdin: fixture('dataplane-restricted.input.yaml') });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    // located at the Dataplane's `mesh:` (line 15: the second document starts at line 13)
    expect(r.stderr).toContain(
      '<stdin>:15:1: error: mesh: dataplane cannot be a member of mesh "guarded" because its tags "kuma.io/service=legacy kuma.io/zone=default" matches restricted tags "kuma.io/service=legacy" defined on the Mesh (Dataplane "legacy-1" in mesh "guarded")\n',
    );
    expect(r.stderr).toContain('invalid input: nothing was sent');
    expect(await s.status('/meshes/guarded/meshtimeouts/first')).toBe(404);
    expect(await s.status('/meshes/guarded/dataplanes/legacy-1')).toBe(404);
    // an allowed proxy goes through
    const ok = await s.apply(['-f', '-'], { stdin: fixture('dataplane-allowed.input.yaml') });
    expect(ok.code).toBe(0);
  });

  it('skips the resources of a Mesh the server refused, and applies the rest', async () => {
    await s.put('/meshes/vault', { type: 'Mesh', name: 'vault', skipCreatingInitialPolicies: ['*'], mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin' }] } });
    // changing the CA while mTLS is on: valid offline, refused by the control plane
    const f = fixturePath('refused-mesh-skipped.input.yaml');
    const r = await s.apply(['-f', f]);
    expect(r.code).toBe(6);
    expect(r.stdout).toBe(line('Mesh', '', 'vault-2', 'Created') + line('MeshTimeout', 'vault-2', 'in-vault-2', 'Created'));
    expect(r.stderr).toContain('resource type="Mesh" mesh="" name="vault"');
    expect(r.stderr).toContain('Failed to update a resource (Resource is not valid)');
    expect(r.stderr).toContain(`${f}:17:3: mtls.enabledBackend: Changing CA when mTLS is enabled is forbidden. Disable mTLS first and then change the CA\n`);
    const skipped = r.stderr.split('\n').find((l) => l.includes('name="in-vault"'));
    expect(skipped).toMatch(/mesh "vault"/);
    expect(lastLine(r.stderr)).toBe(summary(2, 0, 0, 2));
    expect(await s.status('/meshes/vault/meshtimeouts/in-vault')).toBe(404);
    expect((await s.json('/meshes/vault')).mtls.enabledBackend).toBe('ca-1');
  });

  it('sends nothing when a document is invalid: validate\'s findings, exit 3', async () => {
    const f = fixturePath('invalid.input.yaml');
    const r = await s.apply(['-f', f]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${f}:15:9: error: spec.to[0].default.idleTimeout: time: unknown unit "d" in duration "1d" (MeshTimeout "t1" in mesh "never")\n`);
    expect(r.stderr).toContain(`${f}:16:9: error: spec.to[0].default.conectionTimeout: unknown field "conectionTimeout"; Kuma ignores it; did you mean "connectionTimeout"?`);
    expect(await s.status('/meshes/never')).toBe(404);
    expect(await s.status('/meshes/early/meshtimeouts/fine')).toBe(404);
  });

  it('sends nothing when a resource names a mesh that is neither on the control plane nor in the input', async () => {
    const f = fixturePath('unknown-mesh.input.yaml');
    const r = await s.apply(['-f', f]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(5|7):\\d+: error: .*mesh "ghost" does not exist`, 'm'));
    expect(await s.status('/meshes/neighbour')).toBe(404);
  });

  it('refuses a resource defined twice in one batch', async () => {
    const r = await s.apply(['-f', '-'], { stdin: fixture('defined-twice.input.yaml') });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(await s.status('/meshes/twice')).toBe(404);
  });

  it('replaces --var placeholders as given: dotted names, no HTML escaping', async () => {
    const f = fixturePath('vars.input.yaml');
    const r = await s.apply(['-f', f, '-v', 'route.mesh=templated', '-v', 'route.name=checkout', '-v', 'url=a&b<c>']);
    expect([r.code, r.stderr]).toEqual([0, `${summary(2, 0, 0, 0)}\n`]);
    expect(r.stdout).toBe(line('Mesh', '', 'templated', 'Created') + line('MeshHTTPRoute', 'templated', 'checkout', 'Created'));
    const headers = (await s.json('/meshes/templated/meshhttproutes/checkout')).spec.to[0].rules[0].matches[0].headers;
    expect(headers.map((h: { value: string }) => h.value)).toEqual(['a&b<c>', 'a&b<c>']);
  });

  it('names an unknown variable and its place, exit 3, nothing sent', async () => {
    const f = fixturePath('unknown-var.input.yaml');
    const r = await s.apply(['-f', f, '-v', 'other=var-mesh']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6:\\d+: .*"nope"`));
    expect(await s.status('/meshes/var-mesh')).toBe(404);
  });

  it('reads Kubernetes-style documents as their Universal equivalent', async () => {
    const input = fixture('kubernetes-style.input.yaml');
    const r = await s.apply(['-f', '-'], { stdin: input });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(line('Mesh', '', 'kube', 'Created') + line('MeshTimeout', 'kube', 'kube-timeouts', 'Created'));
    expect((await s.json('/meshes/kube/meshtimeouts/kube-timeouts')).spec.to[0].default.idleTimeout).toBe('15m0s');
    const again = await s.apply(['-f', '-'], { stdin: input });
    expect([again.code, again.stdout]).toEqual([0, line('Mesh', '', 'kube', 'Unchanged') + line('MeshTimeout', 'kube', 'kube-timeouts', 'Unchanged')]);
  });

  it('puts documents without a mesh in the --mesh mesh', async () => {
    await s.put('/meshes/flagged', { type: 'Mesh', name: 'flagged', skipCreatingInitialPolicies: ['*'] });
    const r = await s.apply(['-f', '-', '--mesh', 'flagged'], { stdin: fixture('mesh-flag.input.yaml') });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(line('MeshTimeout', 'flagged', 'from-flag', 'Created'));
    expect(await s.status('/meshes/flagged/meshtimeouts/from-flag')).toBe(200);
  });

  it('reads a directory one level deep, and all of it with -R', async () => {
    const dir = fixturePath('tree');
    const flat = await s.apply(['-f', dir]);
    expect([flat.code, flat.stdout]).toEqual([0, line('Mesh', '', 'tree', 'Created')]);
    const deep = await s.apply(['-f', dir, '-R']);
    expect([deep.code, deep.stdout]).toEqual([0, line('Mesh', '', 'tree', 'Unchanged') + line('MeshTimeout', 'tree', 'deep', 'Created')]);
  });

  it('reads an http URL', async () => {
    const server: Server = createServer((req, res) => {
      if (req.url === '/policies.yaml') res.writeHead(200, { 'content-type': 'application/yaml' }).end(fixture('from-url.input.yaml'));
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/policies.yaml`;
      const r = await s.apply(['-f', url]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(line('Mesh', '', 'from-url', 'Created') + line('MeshTimeout', 'from-url', 'remote', 'Created'));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('prints {applied, failed, unchanged, deleted, findings} with -o json', async () => {
    await lockedMesh('locked-3');
    expect((await s.apply(['-f', '-'], { stdin: fixture('json-before.input.yaml') })).code).toBe(0);
    // json-mesh unchanged (global: mesh null), t2 updated, json-new created, locked-3 refused
    const input = fixture('json.input.yaml');
    const r = await s.apply(['-f', '-', '-o', 'json', '--concurrency', '1'], { stdin: input });
    expect(r.code).toBe(6);
    const report = JSON.parse(r.stdout) as { applied: JsonEntry[]; failed: JsonEntry[]; unchanged: JsonEntry[]; deleted: JsonEntry[]; findings: unknown[] };
    expect(Object.keys(report).sort()).toEqual(['applied', 'deleted', 'failed', 'findings', 'unchanged']);
    expect(report.findings).toEqual([]);
    expect(report.applied).toEqual([
      { type: 'MeshTimeout', mesh: 'json-mesh', name: 't2', action: 'updated', error: null },
      { type: 'MeshTimeout', mesh: 'json-mesh', name: 'json-new', action: 'created', error: null },
    ]);
    expect(report.unchanged).toEqual([{ type: 'Mesh', mesh: null, name: 'json-mesh', action: 'unchanged', error: null }]);
    expect(report.deleted).toEqual([]); // no --prune: nothing is deleted
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]).toMatchObject({ type: 'Mesh', mesh: null, name: 'locked-3', action: 'failed' });
    expect(report.failed[0]!.error).toMatch(/Changing CA when mTLS is enabled is forbidden/);
    expect(lastLine(r.stderr)).toBe(summary(1, 1, 1, 1));
  });

  it('says a deprecation once: found before sending, not repeated from the server\'s answer', async () => {
    const r = await s.apply(['-f', '-'], { stdin: fixture('dotted-name.input.yaml') });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(line('Mesh', '', 'dotted.name', 'Created'));
    expect(r.stderr).toMatch(/^<stdin>:2:1: warning: name: Invalid Mesh resource name: 'dotted\.name'\. It does not conform to the DNS format \(RFC 1035\)/m);
    expect(r.stderr.match(/Invalid Mesh resource name/g)).toHaveLength(1);
  });
});

describe('kumactl apply against a SQLite-backed control plane', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup('sqlite');
  });
  afterAll(async () => {
    await s.close();
  });

  it('applies the example, then finds it unchanged', async () => {
    const first = await s.apply(['-f', 'examples/multi-tenant/']);
    expect(first.code).toBe(0);
    golden('examples.txt', first.stdout);
    const before = await exampleTimes(s);
    const again = await s.apply(['-f', 'examples/multi-tenant/']);
    expect([again.code, again.stderr]).toEqual([0, `${summary(0, 0, 10, 0)}\n`]);
    expect(await exampleTimes(s)).toEqual(before);
  });
});

describe('kumactl apply of Kubernetes objects that are not Universal resources', () => {
  let s: Setup;
  let proxy: FaultProxy;
  /** apply through a proxy that records every request. */
  const apply = (args: string[], stdin?: string) => kumactl(['apply', ...args], { env: { ...s.env, KUMACTL_CP_ADDRESS: proxy.url }, ...(stdin !== undefined ? { stdin } : {}) });
  beforeAll(async () => {
    s = await setup('memory');
    proxy = await startFaultProxy(s.cp.url);
  });
  afterAll(async () => {
    await proxy.close();
    await s.close();
  });

  it('says what a Deployment is and how to apply it, exit 3, nothing sent', async () => {
    const f = fixturePath('deployment.input.yaml');
    const before = proxy.log.length;
    const r = await apply(['-f', f]);
    expect([r.code, r.stdout]).toEqual([3, '']);
    expect(r.stderr).toBe(
      `${f}:1:1: error: Deployment "shop/web" is a Kubernetes workload that joins mesh "team-a": apply it with kubectl, not with kumactl (Deployment "shop/web" in mesh "team-a")\n` +
        'Error: invalid input: nothing was sent\n',
    );
    expect(proxy.log.length - before).toBe(0);
  });

  it('refuses Kuma\'s Kubernetes-only kinds by name, and the Kuma resources next to them are not sent either', async () => {
    const f = fixturePath('kubernetes-only.input.yaml');
    const before = proxy.log.length;
    const r = await apply(['-f', f, '--validate', 'warn']);
    expect([r.code, r.stdout]).toEqual([3, '']);
    golden('kubernetes-only.stderr.txt', r.stderr.replaceAll(f, 'k8s-only.yaml'));
    expect(proxy.log.length - before).toBe(0);
    expect(await s.status('/meshes/k8s-only')).toBe(404);
  });

  it('sends Kuma\'s examples as kuma-cp reads them with --validate warn: the quoted value, the last of two keys', async () => {
    const dir = 'test/fixtures/e2e/kuma-docs/';
    const r = await apply(['-f', `${dir}mesh-proxy-patch.yaml`, '-f', `${dir}duplicate-keys.yaml`, '--validate', 'warn']);
    expect(r.stderr).toContain(`${dir}duplicate-keys.yaml:13:9: warning: duplicate key "idleTimeout": kumactl keeps the last value\n`);
    expect(r.code).toBe(0);
    const patch = await s.json('/meshes/default/meshproxypatches/tls-min-version');
    expect(patch.spec.default.appendModifications[0].cluster.jsonPatches[0].value).toBe('{ "tlsMinimumProtocolVersion": "TLSv1_2" }');
    expect((await s.json('/meshes/default/meshtimeouts/checkout')).spec.to[0].default.idleTimeout).toBe('1h0m0s') // the last of the two, as kuma-cp stores it;
  });

  it('holds a Kubernetes-style document to the Universal API\'s label rules, as the control plane will', async () => {
    // kuma-cp on Kubernetes accepts a global HostnameGenerator labelled kuma.io/mesh; the Universal API does not
    const f = 'test/fixtures/e2e/kuma-docs/hostname-generator.yaml';
    const before = proxy.log.length;
    const r = await apply(['-f', f]);
    expect([r.code, r.stdout]).toEqual([3, '']);
    expect(r.stderr).toContain(`${f}:7:5: error: labels["kuma.io/mesh"]: kuma.io/mesh label must not differ from mesh set on resource`);
    expect(proxy.log.length - before).toBe(0);
  });
});

describe('kumactl apply without a control plane', () => {
  it('exits 5 and prints nothing on stdout', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kumactl-home-'));
    const env = { HOME: home, KUMACTL_CP_ADDRESS: 'http://127.0.0.1:1' };
    try {
      // policies only: the mesh lookup before any write fails
      const policies = await kumactl(['apply', '-f', '-', '--api-timeout', '2s'], { env, stdin: fixture('no-control-plane.input.yaml') });
      expect([policies.code, policies.stdout]).toEqual([5, '']);
      expect(policies.stderr).toContain('could not reach the control plane at http://127.0.0.1:1');
      // meshes and their policies
      const r = await kumactl(['apply', '-f', 'examples/multi-tenant/', '--api-timeout', '2s'], { env });
      expect([r.code, r.stdout]).toEqual([5, '']);
      expect(r.stderr).toContain('could not reach the control plane at http://127.0.0.1:1');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
