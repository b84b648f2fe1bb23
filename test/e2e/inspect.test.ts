import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kumactl } from '../helpers/cli.js';
import { sharedCliSession, type TestControlPlane } from '../helpers/cp.js';
import { goldenIn } from '../helpers/golden.js';

const golden = goldenIn('inspect');

/** Times change run to run: timestamps are pinned before comparing. */
const stable = (text: string) => text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '0001-01-01T00:00:00Z');

const MESH = 'insp-a';

/** A HOME of its own for the runs that need no control plane. */
const scratchHome = mkdtempSync(join(tmpdir(), 'kumactl-home-'));
afterAll(() => rmSync(scratchHome, { recursive: true, force: true }));

/** A mesh with a sidecar (one inbound not ready), a builtin and a delegated gateway, a MeshGateway, an ExternalService. */
async function seed(cp: TestControlPlane): Promise<void> {
  const put = cp.put;
  await put(`/meshes/${MESH}`, { type: 'Mesh', name: MESH });
  await put(`/meshes/${MESH}/dataplanes/web-1`, {
    type: 'Dataplane',
    mesh: MESH,
    name: 'web-1',
    networking: {
      address: '10.0.0.1',
      inbound: [
        { port: 8080, tags: { 'kuma.io/service': 'web', version: 'v1' } },
        { port: 9901, health: { ready: false }, tags: { 'kuma.io/service': 'web-admin' } },
      ],
    },
  });
  await put(`/meshes/${MESH}/dataplanes/web-2`, {
    type: 'Dataplane',
    mesh: MESH,
    name: 'web-2',
    networking: { address: '10.0.0.2', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web', version: 'v2' } }] },
  });
  await put(`/meshes/${MESH}/dataplanes/edge-1`, {
    type: 'Dataplane',
    mesh: MESH,
    name: 'edge-1',
    networking: { address: '10.0.0.3', gateway: { type: 'BUILTIN', tags: { 'kuma.io/service': 'edge' } } },
  });
  await put(`/meshes/${MESH}/dataplanes/kong-1`, {
    type: 'Dataplane',
    mesh: MESH,
    name: 'kong-1',
    networking: { address: '10.0.0.4', gateway: { tags: { 'kuma.io/service': 'kong' } } },
  });
  await put(`/meshes/${MESH}/meshgateways/edge`, {
    type: 'MeshGateway',
    mesh: MESH,
    name: 'edge',
    selectors: [{ match: { 'kuma.io/service': 'edge' } }],
    conf: { listeners: [{ port: 80, protocol: 'HTTP' }] },
  });
  await put(`/meshes/${MESH}/external-services/payments`, {
    type: 'ExternalService',
    mesh: MESH,
    name: 'payments',
    networking: { address: 'payments.example.com:443' },
    tags: { 'kuma.io/service': 'payments' },
  });
  await put(`/meshes/${MESH}/traffic-permissions/allow-all`, {
    type: 'TrafficPermission',
    mesh: MESH,
    name: 'allow-all',
    sources: [{ match: { 'kuma.io/service': '*' } }],
    destinations: [{ match: { 'kuma.io/service': '*' } }],
  });
  await put('/zoneingresses/ingress-1', { type: 'ZoneIngress', name: 'ingress-1', networking: { address: '10.0.1.1', port: 10001 } });
  await put('/zoneegresses/egress-1', { type: 'ZoneEgress', name: 'egress-1', networking: { address: '10.0.1.2', port: 10002 } });
}

describe('inspect against the local control plane', () => {
  const { run } = sharedCliSession({ seed });

  it('inspect dataplanes: kumactl\'s 17 columns, every proxy Offline and never connected, not-ready inbounds in NOTES', async () => {
    const r = await run(['inspect', 'dataplanes', '--mesh', MESH]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    golden('dataplanes.txt', r.stdout);
    expect(r.stdout.split('\n')[0]).toMatch(/^MESH +NAME +TAGS +STATUS +LAST CONNECTED AGO +LAST UPDATED AGO +TOTAL UPDATES +TOTAL ERRORS +CERT REGENERATED AGO +CERT EXPIRATION +CERT REGENERATIONS +CERT BACKEND +SUPPORTED CERT BACKENDS +KUMA-DP VERSION +ENVOY VERSION +DEPENDENCIES VERSIONS +NOTES$/);
    expect(r.stdout).toContain('inbound[port=9901,svc=web-admin] is not ready');
  });

  it('inspect dataplanes filters by --tag (repeatable, k=v) and --gateway, as kuma-cp does', async () => {
    const tag = await run(['inspect', 'dataplanes', '-m', MESH, '--tag', 'kuma.io/service=web', '--tag', 'version=v2']);
    expect(tag.code).toBe(0);
    golden('dataplanes-tag.txt', tag.stdout);
    expect(tag.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/ +/)[1])).toEqual(['web-2']);
    const gw = await run(['inspect', 'dataplanes', '-m', MESH, '--gateway']);
    expect(gw.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/ +/)[1])).toEqual(['edge-1', 'kong-1']);
    const bad = await run(['inspect', 'dataplanes', '-m', MESH, '--tag', 'version']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('must be formatted as key=value');
  });

  it('inspect dataplanes -o json and -o yaml: the DataplaneOverview list kuma-cp serves, without dataplaneInsight', async () => {
    const r = await run(['inspect', 'dataplanes', '-m', MESH, '-o', 'json']);
    expect(r.code).toBe(0);
    golden('dataplanes.json', stable(r.stdout));
    const json = JSON.parse(r.stdout);
    expect(json.total).toBe(4);
    expect(json.items[0]).toMatchObject({ type: 'DataplaneOverview', mesh: MESH, name: 'edge-1' });
    expect(json.items.every((i: Record<string, unknown>) => !('dataplaneInsight' in i))).toBe(true);
    const y = await run(['inspect', 'dataplanes', '-m', MESH, '-o', 'yaml']);
    expect(y.code).toBe(0);
    expect(y.stdout).toContain('type: DataplaneOverview');
  });

  it('inspect services: one row per service, counted from the Dataplanes and ExternalServices', async () => {
    const r = await run(['inspect', 'services', '-m', MESH]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    golden('services.txt', r.stdout);
    const j = await run(['inspect', 'services', '-m', MESH, '-o', 'json']);
    golden('services.json', stable(j.stdout));
    const byName = Object.fromEntries(JSON.parse(j.stdout).items.map((i: { name: string }) => [i.name, i]));
    expect(byName.web).toMatchObject({ status: 'offline', dataplanes: { total: 2, offline: 2 }, addressPort: 'web.mesh:80' });
    expect(byName.edge).toMatchObject({ serviceType: 'gateway_builtin' });
    expect(byName.kong).toMatchObject({ serviceType: 'gateway_delegated' });
    expect(byName.payments).toMatchObject({ status: 'not_available', serviceType: 'external', addressPort: 'payments.example.com:443' });
  });

  it('inspect zones, zoneingresses (and its alias zone-ingresses), zoneegresses', async () => {
    const zones = await run(['inspect', 'zones']);
    expect(zones.code).toBe(0);
    golden('zones.txt', zones.stdout);
    const zi = await run(['inspect', 'zoneingresses']);
    expect(zi.code).toBe(0);
    golden('zoneingresses.txt', zi.stdout);
    expect((await run(['inspect', 'zone-ingresses'])).stdout).toBe(zi.stdout);
    const ze = await run(['inspect', 'zoneegresses']);
    expect(ze.code).toBe(0);
    golden('zoneegresses.txt', ze.stdout);
  });

  it('inspect meshgateway NAME lists the builtin gateway proxies its selectors match', async () => {
    const r = await run(['inspect', 'meshgateway', 'edge', '-m', MESH]);
    expect([r.code, r.stdout]).toEqual([0, 'edge-1\n']);
    const missing = await run(['inspect', 'meshgateway', 'nope', '-m', MESH]);
    expect(missing.code).toBe(4);
  });

  it('inspect mesh NAME answers with that mesh\'s row; an unknown mesh is exit 4', async () => {
    const r = await run(['inspect', 'mesh', MESH]);
    expect(r.code).toBe(0);
    golden('mesh.txt', r.stdout);
    expect(r.stdout.split('\n')[1]!.split(/ +/).slice(0, 3)).toEqual([MESH, '0/4', '1']); // one TrafficPermission
    const nope = await run(['inspect', 'mesh', 'no-such-mesh']);
    expect(nope.code).toBe(4);
    expect(nope.stderr).toContain('mesh "no-such-mesh" not found');
  });

  it("inspect dataplane NAME: kumactl's text of the policies matched on the proxy (the mesh's default policies select it); -o json gives the /policies document", async () => {
    const r = await run(['inspect', 'dataplane', 'web-1', '-m', MESH]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    golden('dataplane-policies-local.txt', r.stdout);
    expect(r.stdout.split('\n')[0]).toBe('DATAPLANE:');
    expect(r.stdout).toContain(`  MeshTimeout\n    mesh-timeout-all-${MESH}\n`);
    const j = await run(['inspect', 'dataplane', 'web-1', '-m', MESH, '-o', 'json']);
    expect(j.code).toBe(0);
    const doc = JSON.parse(j.stdout);
    expect(doc.kind).toBe('SidecarDataplane');
    expect(doc.items[0].matchedPolicies.MeshTimeout.map((p: { name: string }) => p.name)).toEqual([`mesh-timeout-all-${MESH}`]);
    const y = await run(['inspect', 'dataplane', 'web-1', '-m', MESH, '-o', 'yaml']);
    expect(y.stdout).toContain('kind: SidecarDataplane\n');
    const missing = await run(['inspect', 'dataplane', 'no-such-proxy', '-m', MESH]);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toBe('Error: Could not get MatchedPolicies (Not found)\n');
  });

  it('inspect <policy-type> NAME: the proxies the policy selects, as kumactl\'s Type/Mesh/Name table; an unknown policy is exit 4', async () => {
    const policy = await run(['inspect', 'meshtimeout', `mesh-timeout-all-${MESH}`, '-m', MESH]);
    expect([policy.code, policy.stderr]).toEqual([0, '']);
    expect(policy.stdout.trimEnd().split('\n').slice(1, -2).map((l) => l.split(/ +/)[2]).sort()).toEqual(['web-1', 'web-2']); // Kuma's default timeouts select sidecars only (proxyTypes)
    expect(policy.stdout.trimEnd().split('\n').at(-1)).toBe('Total: 2');
    const missing = await run(['inspect', 'meshtimeout', 'no-such-policy', '-m', MESH]);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('Not found');
  });

  it('what needs a connected proxy says so, exit 4', async () => {
    const dump = await run(['inspect', 'dataplane', 'web-1', '-m', MESH, '--type', 'config-dump']);
    expect(dump.code).toBe(4);
    expect(dump.stderr).toContain('config dump');
    const zi = await run(['inspect', 'zoneingress', 'ingress-1']);
    expect(zi.code).toBe(4);
  });

  it('inspect dataplane checks its flags as kumactl does', async () => {
    const shadow = await run(['inspect', 'dataplane', 'web-1', '--shadow']);
    expect(shadow.code).toBe(2);
    expect(shadow.stderr).toContain("flag '--shadow' can be used only when '--type=config'");
    const eds = await run(['inspect', 'dataplane', 'web-1', '--include-eds']);
    expect(eds.code).toBe(2);
    expect(eds.stderr).toContain("flag '--include-eds' can be used only when '--type=config-dump'");
    const zi = await run(['inspect', 'zoneingress', 'ingress-1', '--type', 'policies']);
    expect(zi.code).toBe(2);
    expect(zi.stderr).toContain('Policies are not applied on ZoneIngress');
  });

  it('an unknown inspect target is a usage error with the closest name; a plural policy type points at get', async () => {
    const typo = await run(['inspect', 'dataplans']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown command "dataplans" for "kumactl inspect"');
    expect(typo.stderr).toContain('Did you mean this?\n\tdataplanes');
    const plural = await run(['inspect', 'meshtimeouts']);
    expect(plural.code).toBe(2);
    expect(plural.stderr).toContain("'kumactl get meshtimeouts' lists them");
    const noName = await run(['inspect', 'mesh']);
    expect(noName.code).toBe(2);
  });

  it('every inspect command has --help with examples', async () => {
    for (const sub of ['dataplanes', 'dataplane', 'services', 'zones', 'zoneingresses', 'zoneegresses', 'zoneingress', 'zoneegress', 'meshgateway']) {
      const r = await run(['inspect', sub, '--help']);
      expect(r.code, sub).toBe(0);
      expect(r.stdout, sub).toContain('EXAMPLES');
    }
    const top = await run(['inspect', '--help']);
    expect(top.stdout).toContain('inspect <policy-type> NAME');
    const bare = await run(['inspect']);
    expect(bare.code).toBe(0);
    expect(bare.stdout).toContain('inspect dataplanes');
  });
});

describe('inspect <policy-type> NAME against a kuma-cp answer (its recorded shape, served over loopback)', () => {
  let server: Server;
  let url: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      if (req.url === '/') return res.end(JSON.stringify({ product: 'Kuma', version: '2.14.3', hostname: 'cp', instanceId: 'cp-1', clusterId: 'c' }));
      if ((req.url ?? '').startsWith('/meshes/default/meshtrafficpermissions/allow-web/_resources/dataplanes')) {
        return res.end(
          JSON.stringify({
            total: 3,
            items: [
              { type: 'Dataplane', mesh: 'default', name: 'web-1', labels: { 'kuma.io/zone': 'east' } },
              { type: 'Dataplane', mesh: 'default', name: 'web-2', labels: {} },
              { type: 'Dataplane', mesh: 'default', name: 'backend-1', labels: {} },
            ],
            next: null,
          }),
        );
      }
      res.statusCode = 404;
      res.end('404: Page Not Found');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it("prints kumactl's Type/Mesh/Name table and its Total, from /_resources/dataplanes", async () => {
    const r = await kumactl(['inspect', 'meshtrafficpermission', 'allow-web', '--offset', '2'], { env: { KUMACTL_CP_ADDRESS: url, HOME: scratchHome } });
    expect([r.code, r.stderr]).toEqual([0, '']);
    golden('policy-dataplanes.txt', r.stdout);
    expect(seen).toContain('/meshes/default/meshtrafficpermissions/allow-web/_resources/dataplanes?offset=2');
    const j = await kumactl(['inspect', 'meshtrafficpermission', 'allow-web', '-o', 'json'], { env: { KUMACTL_CP_ADDRESS: url, HOME: scratchHome } });
    expect(JSON.parse(j.stdout).total).toBe(3);
  });
});

describe('commands this tool does not implement', () => {
  it('install and uninstall answer with one line naming what to use instead, exit 2', async () => {
    for (const args of [['install', 'control-plane'], ['install', 'crds'], ['install', 'demo'], ['install', 'observability'], ['install', 'transparent-proxy', '--redirect-dns'], ['uninstall', 'transparent-proxy'], ['uninstall', 'ebpf'], ['install']]) {
      const r = await kumactl(args, { env: { HOME: scratchHome } });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`^kumactl ${args.slice(0, 2).join(' ')} is not implemented by this kumactl: `));
      expect(r.stderr).toMatch(/Helm|Go kumactl/);
    }
    const cp = await kumactl(['install', 'control-plane'], { env: { HOME: scratchHome } });
    expect(cp.stderr).toContain('helm install');
    const help = await kumactl(['install', '--help'], { env: { HOME: scratchHome } });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('EXAMPLES');
  });
});
