import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kumactl } from '../helpers/cli.js';
import { startTestControlPlane, type TestControlPlane } from '../helpers/cp.js';
import { goldenIn } from '../helpers/golden.js';

const golden = goldenIn('diff');

const timeout = (mesh: string) =>
  `type: MeshTimeout\nname: t1\nmesh: ${mesh}\nspec:\n  targetRef:\n    kind: Mesh\n  to:\n    - targetRef:\n        kind: Mesh\n      default:\n        idleTimeout: 1h\n`;

/** diff against a control plane that does not have the input's mesh yet. */
describe('kumactl diff of a new mesh', () => {
  let cp: TestControlPlane;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    cp = await startTestControlPlane('memory', { skipDefaultMesh: true });
    dir = mkdtempSync(join(tmpdir(), 'kumactl-diff-new-mesh-'));
    env = { KUMACTL_CP_ADDRESS: cp.url, HOME: dir };
  });
  afterAll(async () => {
    await cp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the Mesh and the policy in it as new, exit 1, writing nothing', async () => {
    const file = join(dir, 'fresh.yaml');
    writeFileSync(file, `type: Mesh\nname: fresh\n---\n${timeout('fresh')}`);
    const r = await kumactl(['diff', '-f', file], { env });
    expect([r.code, r.stderr]).toEqual([1, 'Diff: 2 to create, 0 to update, 0 unchanged\n']);
    golden('new-mesh.txt', r.stdout.replaceAll(dir, '<dir>'));
    const json = await kumactl(['diff', '-f', file, '-o', 'json'], { env });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).changes.map((c: { type: string; mesh: string | null; name: string; action: string }) => `${c.type}/${c.mesh ?? ''}/${c.name}:${c.action}`)).toEqual([
      'Mesh//fresh:create',
      'MeshTimeout/fresh/t1:create',
    ]);
    expect((await cp.call('GET', '/meshes/fresh')).status).toBe(404);
  });

  it('works the same when the policy comes before its Mesh, and with --prune-preview', async () => {
    const file = join(dir, 'policy-first.yaml');
    writeFileSync(file, `${timeout('later')}---\ntype: Mesh\nname: later\n`);
    const r = await kumactl(['diff', '-f', file, '--prune-preview'], { env });
    expect([r.code, r.stderr]).toEqual([1, 'Diff: 2 to create, 0 to update, 0 unchanged, 0 in no file (left in place)\n']);
    expect(r.stdout).toContain('MeshTimeout/later/t1 (new)\n');
    expect(r.stdout).toContain('Mesh//later (new)\n');
  });

  it('many policies of one type in the new mesh (read with a list on an existing mesh) are all new', async () => {
    const file = join(dir, 'many.yaml');
    const policies = Array.from({ length: 10 }, (_, i) => timeout('crowded').replace('name: t1', `name: t${i}`));
    writeFileSync(file, [`type: Mesh\nname: crowded\n`, ...policies].join('---\n'));
    const r = await kumactl(['diff', '-f', file], { env });
    expect([r.code, r.stderr]).toEqual([1, 'Diff: 11 to create, 0 to update, 0 unchanged\n']);
  });

  it('a resource whose mesh is neither in the input nor on the control plane: the clear error, exit 3, as apply gives', async () => {
    const file = join(dir, 'nowhere.yaml');
    writeFileSync(file, timeout('nowhere'));
    const r = await kumactl(['diff', '-f', file], { env });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    golden('mesh-nowhere.txt', r.stderr.replaceAll(dir, '<dir>'));
    const applied = await kumactl(['apply', '-f', file], { env });
    expect([applied.code, applied.stderr]).toEqual([3, r.stderr]);
  });
});
