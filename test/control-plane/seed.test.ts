import { describe, it, expect, onTestFinished } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestControlPlane, type TestControlPlane } from '../helpers/cp.js';
import { readSeed, seedResourcesFromText } from '../../src/lib/control-plane/seed.js';
import { KumaClient } from '../../src/lib/client/index.js';
import { exportRequest, runExport, type ExportFlags } from '../../src/lib/export/request.js';

const SEED = `
type: Mesh
name: snap
meshServices:
  mode: Exclusive
---
type: MeshTimeout
name: slow
mesh: snap
labels:
  kuma.io/origin: zone
  team: a
spec:
  targetRef:
    kind: Mesh
  to:
    - targetRef:
        kind: Mesh
      default:
        idleTimeout: 1h
---
type: Dataplane
name: web-1
mesh: snap
networking:
  address: 10.0.0.1
  inbound:
    - port: 8080
      tags:
        kuma.io/service: web
---
apiVersion: kuma.io/v1alpha1
kind: MeshRetry
metadata:
  name: retry
  labels:
    kuma.io/mesh: snap
spec:
  targetRef:
    kind: Mesh
  to:
    - targetRef:
        kind: Mesh
      default:
        tcp:
          maxConnectAttempt: 3
---
type: MeshTimeout
name: slow
mesh: snap
labels:
  team: b
spec:
  targetRef:
    kind: Mesh
  to:
    - targetRef:
        kind: Mesh
      default:
        idleTimeout: 2h
`;

async function seeded(text: string): Promise<TestControlPlane> {
  const cp = await startTestControlPlane('memory', { seed: seedResourcesFromText(text, 'seed.yaml') });
  onTestFinished(() => cp.close());
  return cp;
}

const exportFlags = (flags: Partial<ExportFlags>): ExportFlags => ({ 'all-meshes': false, 'include-secrets': false, 'include-generated-keys': false, ...flags });

async function exportOf(cp: TestControlPlane, flags: Partial<ExportFlags>): Promise<string> {
  const client = new KumaClient({ apiServer: { url: cp.url }, timeoutMs: 10_000 });
  const { text } = await runExport(client, exportRequest(exportFlags(flags)), 'default');
  // the first line names the control plane (hostname, cluster and instance IDs)
  return text.replace(/^# Product: .*\n/, '');
}

describe('seeding the local control plane', () => {
  it('loads resources exactly as written: no default mesh, no default policies, no computed labels, a repeated name updates', async () => {
    const cp = await seeded(SEED);
    const meshes = await cp.call('GET', '/meshes');
    expect(meshes.json.items.map((m: { name: string }) => m.name)).toEqual(['snap']);
    expect(meshes.json.items[0].labels).toBeUndefined();
    const timeouts = await cp.call('GET', '/meshes/snap/meshtimeouts');
    expect(timeouts.json.items.map((m: { name: string }) => m.name)).toEqual(['slow']);
    // the second document with the same name and mesh replaced the first, labels and all
    expect(timeouts.json.items[0].labels).toEqual({ team: 'b' });
    expect(timeouts.json.items[0].spec.to[0].default.idleTimeout).toBe('2h0m0s');
    const dp = await cp.call('GET', '/meshes/snap/dataplanes/web-1');
    expect(dp.json.labels).toBeUndefined(); // no kuma.io/zone, kuma.io/proxy-type ... computed
    const retry = await cp.call('GET', '/meshes/snap/meshretries/retry');
    expect(retry.json).toMatchObject({ type: 'MeshRetry', mesh: 'snap', name: 'retry', labels: { 'kuma.io/mesh': 'snap' } });
    // and the matching engine reads it: the proxy's layout and the policy's proxies
    const layout = await cp.call('GET', '/meshes/snap/dataplanes/web-1/_layout');
    expect(layout.json.inbounds).toEqual([{ kri: 'kri_dp_snap___web-1_8080', port: 8080, protocol: '', proxyResourceName: 'self_inbound_dp_8080' }]);
    const selected = await cp.call('GET', '/meshes/snap/meshretries/retry/_resources/dataplanes');
    expect(selected.json).toEqual({ items: [{ labels: {}, mesh: 'snap', name: 'web-1', type: 'Dataplane' }], total: 1 });
  });

  it('reads files and directories, and says which document it cannot load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kumactl-seed-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'more'));
    writeFileSync(join(dir, 'mesh.yaml'), 'type: Mesh\nname: files\n');
    writeFileSync(join(dir, 'more', 'mt.yaml'), 'type: MeshTimeout\nname: t\nmesh: files\nspec: {}\n');
    const resources = await readSeed([dir]);
    expect(resources.map((r) => `${r.type}/${r.mesh}/${r.name}`)).toEqual(['Mesh//files', 'MeshTimeout/files/t']);
    writeFileSync(join(dir, 'bad.yaml'), 'type: Mesh\nname: ok\n---\ntype: MeshTimout\nname: t\nmesh: files\n');
    await expect(readSeed([join(dir, 'bad.yaml')])).rejects.toThrow(/bad\.yaml:4:1: cannot be seeded: type: .*MeshTimout/);
    writeFileSync(join(dir, 'nomesh.yaml'), 'type: MeshTimeout\nname: t\nspec: {}\n');
    await expect(readSeed([join(dir, 'nomesh.yaml')])).rejects.toThrow(/nomesh\.yaml:1:1: mesh: is required to seed a MeshTimeout/);
  });

  // export -> seed -> export gives the same documents: an export is a faithful offline copy
  const ROUND_TRIPS: Array<[string, Partial<ExportFlags>]> = [
    ['kumactl export --profile all --include-admin', { profile: 'all', 'include-admin': true }],
    ['kumactl export --profile all --format kubernetes', { profile: 'all', format: 'kubernetes' }],
    ['kumactl export --all-meshes --include-secrets (tenant mode)', { 'all-meshes': true, 'include-secrets': true }],
  ];
  it.each(ROUND_TRIPS)('%s is a valid seed: exporting the seeded control plane gives the same output', async (_name, flags) => {
    const source = await startTestControlPlane('memory');
    onTestFinished(() => source.close());
    await source.put('/meshes/rt-a', { type: 'Mesh', name: 'rt-a', labels: { team: 'a' }, meshServices: { mode: 'Exclusive' } });
    await source.put('/meshes/rt-a/meshtimeouts/slow', {
      type: 'MeshTimeout', mesh: 'rt-a', name: 'slow', labels: { team: 'a' },
      spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '5m' } }] },
    });
    await source.put('/meshes/rt-a/dataplanes/web-1', {
      type: 'Dataplane', mesh: 'rt-a', name: 'web-1',
      networking: { address: '10.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web', 'kuma.io/protocol': 'http' } }] },
    });
    await source.put('/meshes/rt-a/secrets/token', { type: 'Secret', mesh: 'rt-a', name: 'token', data: 'c2VjcmV0' });
    const first = await exportOf(source, flags);
    const copy = await seeded(first);
    const second = await exportOf(copy, flags);
    expect(second).toBe(first);
    expect(first).toContain('name: slow');
  });
});
