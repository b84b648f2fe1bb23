import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plan } from '../src/lib/plan/plan.js';
import { applyResources } from '../src/lib/plan/apply.js';
import { reviewChanges } from '../src/lib/plan/review.js';
import { loadManifests } from '../src/lib/manifest/load.js';
import { KumaClient } from '../src/lib/client/index.js';
import { startTestControlPlane, type TestControlPlane } from './helpers/cp.js';

const timeout = (mesh: string, name: string, idleTimeout: string) =>
  `type: MeshTimeout\nmesh: ${mesh}\nname: ${name}\nspec:\n  targetRef:\n    kind: Mesh\n  to:\n    - targetRef:\n        kind: Mesh\n      default:\n        idleTimeout: ${idleTimeout}\n`;

describe('one plan: apply --dry-run and diff say the same, apply carries it out', () => {
  let cp: TestControlPlane;
  let dir: string;
  let client: KumaClient;
  beforeAll(async () => {
    cp = await startTestControlPlane('memory', { skipDefaultMesh: true });
    await cp.put('/meshes/pv', { type: 'Mesh', name: 'pv', skipCreatingInitialPolicies: ['*'] });
    for (const [name, idle] of [['same', '1h0m0s'], ['changed', '1h0m0s']] as const) {
      await cp.put(`/meshes/pv/meshtimeouts/${name}`, { type: 'MeshTimeout', mesh: 'pv', name, spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: idle } }] } });
    }
    dir = mkdtempSync(join(tmpdir(), 'kumactl-plan-views-'));
    client = new KumaClient({ apiServer: { url: cp.url }, timeoutMs: 30_000 });
  });
  afterAll(async () => {
    await client.close();
    await cp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const load = async () => {
    const file = join(dir, 'batch.yaml');
    // the policy of the new mesh comes before its Mesh: it still waits for it
    const docs = [timeout('pv', 'same', '1h'), timeout('pv', 'changed', '2h'), timeout('pv', 'added', '3h'), timeout('pv-new', 'inside', '4h'), 'type: Mesh\nname: pv-new\nskipCreatingInitialPolicies: ["*"]\n'];
    writeFileSync(file, docs.join('---\n'));
    const loaded = await loadManifests([file], { strictness: 'strict' });
    expect(loaded.findings.filter((f) => f.severity === 'error')).toEqual([]);
    return loaded.resources;
  };

  it('plan: typed changes with the live and wanted documents; nothing written', async () => {
    const resources = await load();
    const steps = await plan(client, resources, { concurrency: 2 });
    expect(steps.map((s) => [s!.resource.name, s!.change!.action, s!.executed])).toEqual([
      ['same', 'unchanged', false],
      ['changed', 'update', false],
      ['added', 'create', false],
      ['inside', 'create', false],
      ['pv-new', 'create', false],
    ]);
    const idle = (doc: Record<string, unknown> | null | undefined) => (doc as { spec: { to: Array<{ default: { idleTimeout: string } }> } } | null)?.spec.to[0]!.default.idleTimeout;
    expect([idle(steps[1]!.change!.before), idle(steps[1]!.change!.after)]).toEqual(['1h0m0s', '2h0m0s']);
    expect(steps[2]!.change!.before).toBeNull();
    expect((await cp.call('GET', '/meshes/pv-new')).status).toBe(404);
  });

  it('apply --dry-run and diff are views of the same plan', async () => {
    const resources = await load();
    const dry = await applyResources(client, resources, { concurrency: 2, dryRun: true });
    const review = await reviewChanges(client, resources, 2);
    expect(dry.map((r) => r.action)).toEqual(['unchanged', 'would-update', 'would-create', 'would-create', 'would-create']);
    expect(review.map((c) => c.action)).toEqual(['unchanged', 'update', 'create', 'create', 'create']);
    expect(review[1]!.diff).toContain('-      idleTimeout: 1h0m0s\n+      idleTimeout: 2h0m0s\n');
  });

  it('apply executes the plan; planned again, nothing is left to do', async () => {
    const resources = await load();
    const applied = await applyResources(client, resources, { concurrency: 2, dryRun: false });
    expect(applied.map((r) => r.action)).toEqual(['unchanged', 'updated', 'created', 'created', 'created']);
    const again = await plan(client, resources, { concurrency: 2 });
    expect(again.map((s) => s!.change!.action)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
  });
});
