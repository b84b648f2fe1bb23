import { describe, it, expect } from 'vitest';
import { fixturesIn } from '../helpers/cli.js';
import { sharedCliSession } from '../helpers/cp.js';
import { goldenIn } from '../helpers/golden.js';

const golden = goldenIn('diff');
const fixture = fixturesIn('diff');

/** diff against a control plane that does not have the input's mesh yet. */
describe('kumactl diff of a new mesh', () => {
  const s = sharedCliSession({ skipDefaultMesh: true });

  it('shows the Mesh and the policy in it as new, exit 1, writing nothing', async () => {
    const file = s.file('fresh.yaml', fixture('new-mesh'));
    const r = await s.run(['diff', '-f', file]);
    expect([r.code, r.stderr]).toEqual([1, 'Diff: 2 to create, 0 to update, 0 unchanged\n']);
    golden('new-mesh.txt', r.stdout.replaceAll(s.home, '<dir>'));
    const json = await s.run(['diff', '-f', file, '-o', 'json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).changes.map((c: { type: string; mesh: string | null; name: string; action: string }) => `${c.type}/${c.mesh ?? ''}/${c.name}:${c.action}`)).toEqual([
      'Mesh//fresh:create',
      'MeshTimeout/fresh/t1:create',
    ]);
    expect((await s.cp.call('GET', '/meshes/fresh')).status).toBe(404);
  });

  it('works the same when the policy comes before its Mesh, and with --prune-preview', async () => {
    const file = s.file('policy-first.yaml', fixture('policy-first'));
    const r = await s.run(['diff', '-f', file, '--prune-preview']);
    expect([r.code, r.stderr]).toEqual([1, 'Diff: 2 to create, 0 to update, 0 unchanged, 0 in no file (left in place)\n']);
    expect(r.stdout).toContain('MeshTimeout/later/t1 (new)\n');
    expect(r.stdout).toContain('Mesh//later (new)\n');
  });

  it('many policies of one type in the new mesh (read with a list on an existing mesh) are all new', async () => {
    const file = s.file('many.yaml', fixture('crowded'));
    const r = await s.run(['diff', '-f', file]);
    expect([r.code, r.stderr]).toEqual([1, 'Diff: 11 to create, 0 to update, 0 unchanged\n']);
  });

  it('a resource whose mesh is neither in the input nor on the control plane: the clear error, exit 3, as apply gives', async () => {
    const file = s.file('nowhere.yaml', fixture('nowhere'));
    const r = await s.run(['diff', '-f', file]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    golden('mesh-nowhere.txt', r.stderr.replaceAll(s.home, '<dir>'));
    const applied = await s.run(['apply', '-f', file]);
    expect([applied.code, applied.stderr]).toEqual([3, r.stderr]);
  });
});
