import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { fixturesIn } from '../helpers/cli.js';
import { sharedCliSession } from '../helpers/cp.js';
import { goldenIn } from '../helpers/golden.js';

const golden = goldenIn('diff');
const fixture = fixturesIn('diff');

describe('kumactl diff', () => {
  const s = sharedCliSession();
  beforeAll(async () => {
    const applied = await s.run(['apply', '-f', 'examples/multi-tenant/']);
    expect(applied.code).toBe(0);
  });

  it('exits 0 and prints nothing when the files match the control plane', async () => {
    const r = await s.run(['diff', '-f', 'examples/multi-tenant/']);
    expect([r.code, r.stdout]).toEqual([0, '']);
    expect(r.stderr).toBe('Diff: 0 to create, 0 to update, 10 unchanged\n');
  });

  it('shows a unified diff per changed resource and a new one, and exits 1', async () => {
    const text = readFileSync('examples/multi-tenant/team-b.yaml', 'utf8').replace('requestTimeout: 3s', 'requestTimeout: 4s');
    const file = s.file('changed.yaml', `${text}---\n${fixture('brand-new')}`);
    const r = await s.run(['diff', '-f', file]);
    expect(r.code).toBe(1);
    golden('changed.txt', r.stdout.replaceAll(s.home, '<dir>'));
    const json = JSON.parse((await s.run(['diff', '-f', file, '-o', 'json'])).stdout);
    expect(json.changes.map((c: { name: string; action: string }) => `${c.name}:${c.action}`)).toEqual([
      'search-timeouts:update',
      'search-retries:unchanged',
      'search-breaker:unchanged',
      'brand-new:create',
    ]);
    expect(json.changes[0].before.spec.to[0].default.http.requestTimeout).toBe('3s');
    expect(json.changes[0].after.spec.to[0].default.http.requestTimeout).toBe('4s');
    expect((await s.cp.call('GET', '/meshes/team-b/meshtimeouts/brand-new')).status).toBe(404); // nothing written
  });

  it('lists resources no file names with --prune-preview, deleting nothing', async () => {
    const r = await s.run(['diff', '-f', 'examples/multi-tenant/team-c.yaml', '--prune-preview']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('MeshTimeout/team-c/mesh-timeout-all-team-c (in no file; apply leaves it in place)');
    expect((await s.cp.call('GET', '/meshes/team-c/meshtimeouts/mesh-timeout-all-team-c')).status).toBe(200);
  });

  it('stops at invalid input with exit 3, as apply does', async () => {
    const r = await s.run(['diff', '-f', 'test/fixtures/e2e/done-when.yaml']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('done-when.yaml:5:3: error: mtls.enabledBackend: has to be set to one of the backends in the mesh');
  });
});
