import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kumactl, type CliResult } from '../helpers/cli.js';
import { startTestControlPlane, type TestControlPlane } from '../helpers/cp.js';
import { goldenIn } from '../helpers/golden.js';

const golden = goldenIn('plan-file');
const FIXTURES = 'test/fixtures/prune/';

interface Env {
  cp: TestControlPlane;
  dir: string;
  run(...args: string[]): Promise<CliResult>;
  status(path: string): Promise<number>;
  json(path: string): Promise<any>;
}

/** A control plane of its own, with team A's pipeline applied once in mesh shop (no default policies). */
async function withTeamA(body: (e: Env) => Promise<void>): Promise<void> {
  const cp = await startTestControlPlane('memory', { skipDefaultMesh: true });
  const dir = mkdtempSync(join(tmpdir(), 'kumactl-plan-'));
  const env = { KUMACTL_CP_ADDRESS: cp.url, HOME: dir };
  const e: Env = {
    cp,
    dir,
    run: (...args) => kumactl(args, { env }),
    status: async (path) => (await cp.call('GET', path)).status,
    json: async (path) => (await cp.call('GET', path)).json,
  };
  try {
    await cp.put('/meshes/shop', { type: 'Mesh', name: 'shop', skipCreatingInitialPolicies: ['*'] });
    expect((await e.run('apply', '-f', `${FIXTURES}owner-a.yaml`, '--owner', 'ci-a')).code).toBe(0);
    await body(e);
  } finally {
    await cp.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `diff -f owner-a-next.yaml --prune --owner ci-a -o plan`: a-timeout updated, a-new created, a-retry deleted. */
async function makePlan(e: Env): Promise<string> {
  const r = await e.run('diff', '-f', `${FIXTURES}owner-a-next.yaml`, '--prune', '--owner', 'ci-a', '-o', 'plan');
  expect([r.code, r.stderr]).toEqual([1, 'Diff: 1 to create, 1 to update, 0 unchanged, 1 to delete\n']);
  const file = join(e.dir, 'plan.json');
  writeFileSync(file, r.stdout);
  return file;
}

/** Timestamps and the control plane's port vary from run to run. */
const stable = (text: string, e: Env) => text.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>').replaceAll(e.cp.url, '<control-plane>').replaceAll(e.dir, '<dir>');

describe('reviewed plans: diff -o plan, apply --plan', () => {
  it('writes every change with the modificationTime it was computed from, and applies exactly that', () =>
    withTeamA(async (e) => {
      const timeout = await e.json('/meshes/shop/meshtimeouts/a-timeout');
      const retry = await e.json('/meshes/shop/meshretries/a-retry');
      const file = await makePlan(e);
      const plan = JSON.parse(readFileSync(file, 'utf8'));
      expect(plan).toMatchObject({ version: 1, controlPlane: e.cp.url, owner: 'ci-a' });
      expect(Date.parse(plan.created)).not.toBeNaN();
      expect(plan.changes.map((c: any) => [c.type, c.mesh, c.name, c.action, c.modificationTime])).toEqual([
        ['MeshTimeout', 'shop', 'a-timeout', 'update', timeout.modificationTime],
        ['MeshTimeout', 'shop', 'a-new', 'create', null],
        ['MeshRetry', 'shop', 'a-retry', 'delete', retry.modificationTime],
      ]);
      expect(plan.changes[0].before.spec.to[0].default.idleTimeout).toBe('5m0s');
      expect(plan.changes[0].after.spec.to[0].default.idleTimeout).toBe('7m0s');
      expect(plan.changes[0].request.labels).toEqual({ 'kumactl.io/owner': 'ci-a' });
      expect([plan.changes[2].after, plan.changes[2].request]).toEqual([null, null]);
      // --save-plan writes the same plan while the diff prints as usual
      const saved = join(e.dir, 'saved.json');
      const text = await e.run('diff', '-f', `${FIXTURES}owner-a-next.yaml`, '--prune', '--owner', 'ci-a', '--save-plan', saved);
      expect(text.stdout).toContain('MeshRetry/shop/a-retry (to delete)');
      const again = JSON.parse(readFileSync(saved, 'utf8'));
      expect({ ...again, created: '' }).toEqual({ ...plan, created: '' });

      const r = await e.run('apply', '--plan', file);
      expect(r.code).toBe(0);
      golden('applied.stdout.txt', r.stdout);
      expect(r.stderr).toBe('Summary: 1 created, 1 updated, 0 unchanged, 1 deleted, 0 failed\n');
      expect((await e.json('/meshes/shop/meshtimeouts/a-timeout')).spec.to[0].default.idleTimeout).toBe('7m0s');
      expect(await e.status('/meshes/shop/meshtimeouts/a-new')).toBe(200);
      expect(await e.status('/meshes/shop/meshretries/a-retry')).toBe(404);
      // the files and the control plane now agree
      const diff = await e.run('diff', '-f', `${FIXTURES}owner-a-next.yaml`, '--prune', '--owner', 'ci-a');
      expect([diff.code, diff.stderr]).toEqual([0, 'Diff: 0 to create, 0 to update, 2 unchanged, 0 to delete\n']);
    }));

  it('refuses the whole plan after a concurrent edit (exit 4, listing what moved), unless --allow-drift', () =>
    withTeamA(async (e) => {
      const file = await makePlan(e);
      // someone edits a-timeout and creates a-new by hand after the review
      await e.cp.put('/meshes/shop/meshtimeouts/a-timeout', { ...(await e.json('/meshes/shop/meshtimeouts/a-timeout')), spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '9m' } }] } });
      await e.cp.put('/meshes/shop/meshtimeouts/a-new', { type: 'MeshTimeout', mesh: 'shop', name: 'a-new', spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '2m' } }] } });
      const refused = await e.run('apply', '--plan', file);
      expect(refused.code).toBe(4);
      expect(refused.stdout).toBe('');
      golden('drift.stderr.txt', stable(refused.stderr, e));
      // nothing was applied: the hand edits stand, a-retry is still there
      expect((await e.json('/meshes/shop/meshtimeouts/a-timeout')).spec.to[0].default.idleTimeout).toBe('9m0s');
      expect((await e.json('/meshes/shop/meshtimeouts/a-new')).spec.to[0].default.idleTimeout).toBe('2m0s');
      expect(await e.status('/meshes/shop/meshretries/a-retry')).toBe(200);

      const json = await e.run('apply', '--plan', file, '-o', 'json');
      expect(json.code).toBe(4);
      expect(JSON.parse(json.stdout).findings[0].message).toBe('the control plane changed since the plan was made (2 resources moved): nothing was applied');

      const allowed = await e.run('apply', '--plan', file, '--allow-drift');
      expect(allowed.code).toBe(0);
      expect(allowed.stdout).toBe(
        'resource type="MeshTimeout" mesh="shop" name="a-timeout" Updated\n' +
          'resource type="MeshTimeout" mesh="shop" name="a-new" Updated\n' +
          'resource type="MeshRetry" mesh="shop" name="a-retry" Deleted\n',
      );
      expect(allowed.stderr).toMatch(/^Warning: drift allowed: MeshTimeout "a-timeout" in mesh "shop": modified since the plan was made/);
      expect((await e.json('/meshes/shop/meshtimeouts/a-timeout')).spec.to[0].default.idleTimeout).toBe('7m0s');
      expect((await e.json('/meshes/shop/meshtimeouts/a-new')).spec.to[0].default.idleTimeout).toBe('1m0s');
    }));

  it('with --allow-drift, leaves in place a planned delete that another owner took over', () =>
    withTeamA(async (e) => {
      const file = await makePlan(e);
      const retry = await e.json('/meshes/shop/meshretries/a-retry');
      await e.cp.put('/meshes/shop/meshretries/a-retry', { ...retry, labels: { 'kumactl.io/owner': 'ci-b' } });
      const r = await e.run('apply', '--plan', file, '--allow-drift');
      expect([r.code, r.stderr.trimEnd().split('\n').at(-1)]).toEqual([0, 'Summary: 1 created, 1 updated, 0 unchanged, 0 deleted, 0 failed']);
      expect(await e.status('/meshes/shop/meshretries/a-retry')).toBe(200);
    }));

  it('refuses a plan older than --max-plan-age (default 1h), for another control plane, or of an unknown version', () =>
    withTeamA(async (e) => {
      const file = await makePlan(e);
      const plan = JSON.parse(readFileSync(file, 'utf8'));
      const old = join(e.dir, 'old.json');
      writeFileSync(old, JSON.stringify({ ...plan, created: new Date(Date.now() - 2 * 3600e3).toISOString() }));
      const refused = await e.run('apply', '--plan', old);
      expect(refused.code).toBe(3);
      expect(stable(refused.stderr, e)).toBe(
        'Error: <dir>/old.json: the plan was made at <time>, more than 1h ago (--max-plan-age): nothing was applied\nmake and review a new plan, or allow an older one with --max-plan-age\n',
      );
      expect(await e.status('/meshes/shop/meshtimeouts/a-new')).toBe(404);
      expect((await e.run('apply', '--plan', old, '--max-plan-age', '2h30m')).code).toBe(0);
      expect((await e.run('apply', '--plan', old, '--max-plan-age', 'an hour')).code).toBe(2);

      const elsewhere = join(e.dir, 'elsewhere.json');
      writeFileSync(elsewhere, JSON.stringify({ ...plan, controlPlane: 'http://127.0.0.1:1' }));
      const other = await e.run('apply', '--plan', elsewhere);
      expect([other.code, other.stderr.split('\n')[0]]).toEqual([3, `Error: ${elsewhere}: the plan was made against http://127.0.0.1:1, not ${e.cp.url}: nothing was applied`]);

      const future = join(e.dir, 'v2.json');
      writeFileSync(future, JSON.stringify({ ...plan, version: 2 }));
      const v2 = await e.run('apply', '--plan', future);
      expect([v2.code, v2.stderr.split('\n')[0]]).toEqual([3, `Error: ${future}: version: 2 is not a plan version this kumactl reads (it reads 1)`]);

      expect((await e.run('apply', '--plan', file, '-f', `${FIXTURES}owner-a.yaml`)).code).toBe(2);
      expect((await e.run('apply')).code).toBe(2);
    }));
});
