import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kumactl, ROOT } from '../helpers/cli.js';
import { startTestControlPlane, type TestControlPlane } from '../helpers/cp.js';
import { goldenIn } from '../helpers/golden.js';
import { readSeed } from '../../src/lib/control-plane/seed.js';

/*
 * `kumactl diff --impact`: which proxies' rules a change alters, computed in-process from the current
 * state of the touched meshes. The control planes are seeded from test/fixtures/impact/ (as
 * `control-plane run --seed` does) or filled with `kumactl apply`; the change is never written.
 */

const golden = goldenIn('impact');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'impact');
const fixture = (...p: string[]) => join(FIXTURES, ...p);

describe('diff --impact: a policy that overrides another', () => {
  let cp: TestControlPlane;
  let env: NodeJS.ProcessEnv;
  let home: string;
  beforeAll(async () => {
    cp = await startTestControlPlane('memory', { seed: await readSeed([fixture('override', 'current.yaml')]) });
    home = mkdtempSync(join(tmpdir(), 'kumactl-home-'));
    env = { KUMACTL_CP_ADDRESS: cp.url, HOME: home };
  });
  afterAll(async () => {
    await cp.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('lists the web proxies, their outbound to backend now under the new policy, with the conf diff and the cause; exit 1', async () => {
    const r = await kumactl(['diff', '--impact', '-f', fixture('override', 'change.yaml')], { env });
    expect(r.code, r.stderr).toBe(1);
    golden('override.txt', r.stdout);
    expect(r.stderr).toBe('Impact: 2 of 3 proxies in impact-ovr affected (2 examined); MeshTimeout/impact-ovr/web-to-backend new\n');
    expect(r.stdout).not.toContain('backend-1');
    // nothing was written
    const after = await cp.call('GET', '/meshes/impact-ovr/meshtimeouts/web-to-backend');
    expect(after.status).toBe(404);
  });

  it('-o json: per proxy and place, the conf before and after, its origins and the causing policy', async () => {
    const r = await kumactl(['diff', '--impact', '-o', 'json', '-f', fixture('override', 'change.yaml')], { env });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    golden('override.json', r.stdout);
    expect(report.affected.map((p: { name: string }) => p.name)).toEqual(['web-1', 'web-2']);
    const change = report.affected[0].changes[0];
    expect(change.causes).toEqual(['MeshTimeout/impact-ovr/web-to-backend']);
    expect(change.before.conf.http.requestTimeout).toBe('10s');
    expect(change.after.conf.http.requestTimeout).toBe('30s');
    expect(change.after.origins).toEqual(['MeshTimeout/impact-ovr/timeouts-default', 'MeshTimeout/impact-ovr/web-to-backend']);
  });

  it('a change the control plane already has affects no proxy: exit 0', async () => {
    const r = await kumactl(['diff', '--impact', '-f', fixture('override', 'current.yaml')], { env });
    expect([r.code, r.stdout]).toEqual([0, '']);
    expect(r.stderr).toContain('Impact: 0 of 3 proxies in impact-ovr affected');
  });

  it('inspect dataplane --type rules: each place of the proxy, the policies its conf is merged from and the conf; -o json is the _rules document', async () => {
    const r = await kumactl(['inspect', 'dataplane', 'web-1', '-m', 'impact-ovr', '--type', 'rules'], { env });
    expect([r.code, r.stderr]).toEqual([0, '']);
    golden('rules-web-1.txt', r.stdout);
    expect(r.stdout).toContain('MeshTimeout:\n  outbound to everything\n    merged from: MeshTimeout/impact-ovr/timeouts-default\n');
    const j = await kumactl(['inspect', 'dataplane', 'web-1', '-m', 'impact-ovr', '--type', 'rules', '-o', 'json'], { env });
    expect(JSON.parse(j.stdout)).toMatchObject({ resource: { type: 'Dataplane', mesh: 'impact-ovr', name: 'web-1' }, rules: [{ type: 'MeshTimeout' }] });
  });

  it('invalid input: exit 3, nothing computed', async () => {
    const r = await kumactl(['diff', '--impact', '-f', '-'], { env, stdin: 'type: MeshTimeout\nmesh: impact-ovr\nname: bad\nspec:\n  targetRef:\n    kind: Nope\n' });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
  });
});

describe('diff --impact: two tenants sharing service, proxy and policy names', () => {
  let cp: TestControlPlane;
  let env: NodeJS.ProcessEnv;
  let home: string;
  beforeAll(async () => {
    cp = await startTestControlPlane('memory', { skipDefaultMesh: true });
    home = mkdtempSync(join(tmpdir(), 'kumactl-home-'));
    env = { KUMACTL_CP_ADDRESS: cp.url, HOME: home };
    const applied = await kumactl(['apply', '-f', fixture('tenants', 'current.yaml')], { env });
    expect(applied.code, applied.stderr).toBe(0);
  });
  afterAll(async () => {
    await cp.close();
    rmSync(home, { recursive: true, force: true });
  });

  it("a change in team-a lists team-a's proxies only, though team-b has proxies and a policy of the same names", async () => {
    const r = await kumactl(['diff', '--impact', '-f', fixture('tenants', 'change-a.yaml')], { env });
    expect(r.code, r.stderr).toBe(1);
    golden('tenants.txt', r.stdout);
    const proxies = r.stdout.split('\n').filter((l) => l.startsWith('Dataplane '));
    expect(proxies).toEqual(['Dataplane team-a/backend-1', 'Dataplane team-a/web-1']);
    expect(r.stdout).not.toContain('team-b');
    expect(r.stderr).toBe('Impact: 2 of 2 proxies in team-a affected (2 examined); MeshTimeout/team-a/timeouts changed\n');
    const json = JSON.parse((await kumactl(['diff', '--impact', '-o', 'json', '-f', fixture('tenants', 'change-a.yaml')], { env })).stdout);
    expect(json.meshes).toEqual(['team-a']);
    expect(new Set(json.affected.map((p: { mesh: string }) => p.mesh))).toEqual(new Set(['team-a']));
  });

  it('a Dataplane update that changes no rule affects no proxy (the zone tags the control plane adds are not a change): exit 0', async () => {
    const r = await kumactl(['diff', '--impact', '-f', fixture('tenants', 'relabel-a.yaml')], { env });
    expect([r.code, r.stdout]).toEqual([0, '']);
    expect(r.stderr).toBe('Impact: 0 of 2 proxies in team-a affected (2 examined); Dataplane/team-a/web-1 changed\n');
  });
});

