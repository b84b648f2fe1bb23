import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kumactl } from '../helpers/cli.js';
import { startTestControlPlane, type TestControlPlane } from '../helpers/cp.js';
import { goldenIn } from '../helpers/golden.js';

const golden = goldenIn('diff');

describe('kumactl diff', () => {
  let cp: TestControlPlane;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    cp = await startTestControlPlane('memory');
    dir = mkdtempSync(join(tmpdir(), 'kumactl-diff-'));
    env = { KUMACTL_CP_ADDRESS: cp.url, HOME: dir };
    const applied = await kumactl(['apply', '-f', 'examples/multi-tenant/'], { env });
    expect(applied.code).toBe(0);
  });
  afterAll(async () => {
    await cp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 and prints nothing when the files match the control plane', async () => {
    const r = await kumactl(['diff', '-f', 'examples/multi-tenant/'], { env });
    expect([r.code, r.stdout]).toEqual([0, '']);
    expect(r.stderr).toBe('Diff: 0 to create, 0 to update, 10 unchanged\n');
  });

  it('shows a unified diff per changed resource and a new one, and exits 1', async () => {
    const file = join(dir, 'changed.yaml');
    const text = readFileSync('examples/multi-tenant/team-b.yaml', 'utf8').replace('requestTimeout: 3s', 'requestTimeout: 4s');
    writeFileSync(file, `${text}---\ntype: MeshTimeout\nname: brand-new\nmesh: team-b\nspec:\n  targetRef:\n    kind: Mesh\n  to:\n    - targetRef:\n        kind: Mesh\n      default:\n        idleTimeout: 1m\n`);
    const r = await kumactl(['diff', '-f', file], { env });
    expect(r.code).toBe(1);
    golden('changed.txt', r.stdout.replaceAll(dir, '<dir>'));
    const json = JSON.parse((await kumactl(['diff', '-f', file, '-o', 'json'], { env })).stdout);
    expect(json.changes.map((c: { name: string; action: string }) => `${c.name}:${c.action}`)).toEqual([
      'search-timeouts:update',
      'search-retries:unchanged',
      'search-breaker:unchanged',
      'brand-new:create',
    ]);
    expect(json.changes[0].before.spec.to[0].default.http.requestTimeout).toBe('3s');
    expect(json.changes[0].after.spec.to[0].default.http.requestTimeout).toBe('4s');
    expect((await cp.call('GET', '/meshes/team-b/meshtimeouts/brand-new')).status).toBe(404); // nothing written
  });

  it('lists resources no file names with --prune-preview, deleting nothing', async () => {
    const r = await kumactl(['diff', '-f', 'examples/multi-tenant/team-c.yaml', '--prune-preview'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('MeshTimeout/team-c/mesh-timeout-all-team-c (in no file; apply leaves it in place)');
    expect((await cp.call('GET', '/meshes/team-c/meshtimeouts/mesh-timeout-all-team-c')).status).toBe(200);
  });

  it('stops at invalid input with exit 3, as apply does', async () => {
    const r = await kumactl(['diff', '-f', 'test/fixtures/e2e/done-when.yaml'], { env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('done-when.yaml:5:3: error: mtls.enabledBackend: has to be set to one of the backends in the mesh');
  });
});
