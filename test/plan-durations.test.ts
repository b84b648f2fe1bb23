import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare } from '../src/lib/plan/compare.js';
import { applyResources } from '../src/lib/plan/apply.js';
import { reviewChanges } from '../src/lib/plan/review.js';
import { exportMeshes } from '../src/lib/export/index.js';
import { loadManifests } from '../src/lib/manifest/load.js';
import { KumaClient } from '../src/lib/client/index.js';
import { typeByName } from '../src/lib/resources/registry.js';
import { startTestControlPlane, type TestControlPlane } from './helpers/cp.js';

const timeout = (idleTimeout: string, name = 't') => ({
  type: 'MeshTimeout',
  mesh: 'm',
  name,
  spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout, http: { requestTimeout: '15s' } } }] },
});

describe('durations are compared by value', () => {
  const mt = typeByName('MeshTimeout')!;

  it('1h in a file and 1h0m0s on the control plane are the same', () => {
    expect(compare(mt, timeout('1h'), timeout('1h0m0s')).equal).toBe(true);
    expect(compare(mt, timeout('60m'), timeout('1h0m0s')).equal).toBe(true);
    expect(compare(mt, timeout('0'), timeout('0s')).equal).toBe(true);
  });

  it('a different value is a change, shown as the control plane will hold it', () => {
    const c = compare(mt, timeout('2h'), timeout('1h0m0s'));
    expect(c.equal).toBe(false);
    if (!c.equal) {
      expect(c.before).toContain('idleTimeout: 1h0m0s');
      expect(c.after).toContain('idleTimeout: 2h0m0s');
    }
  });

  it('a proto duration: 1m in a file and 60s on the control plane are the same', () => {
    const mesh = typeByName('Mesh')!;
    const m = (requestTimeout: string) => ({ type: 'Mesh', name: 'm', mtls: { backends: [{ name: 'ca', type: 'builtin', dpCert: { requestTimeout } }] } });
    expect(compare(mesh, m('1m'), m('60s')).equal).toBe(true);
    expect(compare(mesh, m('1m'), m('61s')).equal).toBe(false);
  });
});

describe('apply, diff and export against a control plane that holds 1h0m0s', () => {
  let cp: TestControlPlane;
  let dir: string;
  let client: KumaClient;
  beforeAll(async () => {
    cp = await startTestControlPlane('memory', { skipDefaultMesh: true });
    await cp.put('/meshes/m', { type: 'Mesh', name: 'm', skipCreatingInitialPolicies: ['*'] });
    dir = mkdtempSync(join(tmpdir(), 'kumactl-durations-'));
    client = new KumaClient({ apiServer: { url: cp.url }, timeoutMs: 30_000 });
  });
  afterAll(async () => {
    await cp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A policy on the control plane with `1h0m0s`, and a file that says `1h` (each test its own). */
  const load = async (name: string) => {
    await cp.put(`/meshes/m/meshtimeouts/${name}`, timeout('1h0m0s', name));
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, `type: MeshTimeout\nmesh: m\nname: ${name}\nspec:\n  targetRef:\n    kind: Mesh\n  to:\n    - targetRef:\n        kind: Mesh\n      default:\n        idleTimeout: 1h\n        http:\n          requestTimeout: 15000ms\n`);
    const loaded = await loadManifests([file], { strictness: 'strict' });
    expect(loaded.findings.filter((f) => f.severity === 'error')).toEqual([]);
    return loaded.resources;
  };

  it('apply: unchanged, nothing written', async () => {
    const resources = await load('t-apply');
    const before = (await cp.call('GET', '/meshes/m/meshtimeouts/t-apply')).json.modificationTime;
    const results = await applyResources(client, resources, { concurrency: 2, dryRun: false });
    expect(results.map((r) => r.action)).toEqual(['unchanged']);
    expect((await cp.call('GET', '/meshes/m/meshtimeouts/t-apply')).json.modificationTime).toBe(before);
  });

  it('diff: unchanged', async () => {
    const changes = await reviewChanges(client, await load('t-diff'), 2);
    expect(changes.map((c) => [c.name, c.action, c.diff])).toEqual([['t-diff', 'unchanged', '']]);
  });

  it('export: the durations as kuma-cp writes them, and the export applies back unchanged', async () => {
    await cp.put('/meshes/m/meshtimeouts/t-export', { ...timeout('1h', 't-export'), spec: { ...timeout('1h').spec, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1h', http: { requestTimeout: '15000ms' } } }] } });
    const exported = await exportMeshes(client, ['m'], { includeSecrets: false });
    const t = exported.find((d) => d.name === 't-export') as ReturnType<typeof timeout>;
    expect(t.spec.to[0]!.default).toEqual({ idleTimeout: '1h0m0s', http: { requestTimeout: '15s' } });
    expect(compare(typeByName('MeshTimeout')!, timeout('1h', 't-export'), t).equal).toBe(true);
  });
});
