import { describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kumactl, type CliResult } from '../helpers/cli.js';
import { kumactlOnTerminal } from '../helpers/tty.js';
import { startTestControlPlane, type TestControlPlane } from '../helpers/cp.js';
import { goldenIn } from '../helpers/golden.js';

const golden = goldenIn('prune');
const FIXTURES = 'test/fixtures/prune/';
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

interface Env {
  cp: TestControlPlane;
  env: NodeJS.ProcessEnv;
  run(...args: string[]): Promise<CliResult>;
  /** `apply -f test/fixtures/prune/FILE ARGS...` */
  apply(file: string, ...args: string[]): Promise<CliResult>;
  status(path: string): Promise<number>;
  names(path: string): Promise<string[]>;
}

/** Each test has a control plane and a HOME of its own. */
async function withControlPlane(body: (e: Env) => Promise<void>): Promise<void> {
  const cp = await startTestControlPlane('memory', { skipDefaultMesh: true });
  const home = mkdtempSync(join(tmpdir(), 'kumactl-prune-'));
  const env = { KUMACTL_CP_ADDRESS: cp.url, HOME: home };
  const run = (...args: string[]) => kumactl(args, { env });
  try {
    await body({
      cp,
      env,
      run,
      apply: (file, ...args) => run('apply', '-f', `${FIXTURES}${file}`, ...args),
      status: async (path) => (await cp.call('GET', path)).status,
      names: async (path) => (await cp.call('GET', path)).json.items.map((i: { name: string }) => i.name),
    });
  } finally {
    await cp.close();
    rmSync(home, { recursive: true, force: true });
  }
}

/** Mesh `shop` with Kuma's default policies, and each team's pipeline applied once. */
async function twoTeams(e: Env): Promise<void> {
  await e.cp.put('/meshes/shop', { type: 'Mesh', name: 'shop' });
  expect((await e.apply('owner-a.yaml', '--prune', '--owner', 'ci-a')).code).toBe(0);
  expect((await e.apply('owner-b.yaml', '--prune', '--owner', 'ci-b')).code).toBe(0);
  // made by hand, without the label
  await e.cp.put('/meshes/shop/meshretries/by-hand', { type: 'MeshRetry', mesh: 'shop', name: 'by-hand', spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { tcp: { maxConnectAttempt: 9 } } }] } });
}

describe('apply --prune --owner', () => {
  it('labels what it creates with the owner, and deletes only that owner\'s resources no file names', () =>
    withControlPlane(async (e) => {
      await twoTeams(e);
      const timeout = (await e.cp.call('GET', '/meshes/shop/meshtimeouts/a-timeout')).json;
      expect(timeout.labels['kumactl.io/owner']).toBe('ci-a');
      const defaults = { timeouts: await e.names('/meshes/shop/meshtimeouts'), retries: await e.names('/meshes/shop/meshretries'), breakers: await e.names('/meshes/shop/meshcircuitbreakers') };
      expect(defaults.retries).toEqual(['a-retry', 'by-hand', 'mesh-retry-all-shop']);

      // team A removed a-retry from git
      const r = await e.apply('owner-a-less.yaml', '--prune', '--owner', 'ci-a');
      expect(r.code).toBe(0);
      golden('two-owners.stdout.txt', r.stdout);
      expect(r.stderr).toBe('Summary: 0 created, 0 updated, 1 unchanged, 1 deleted, 0 failed\n');
      expect(await e.status('/meshes/shop/meshretries/a-retry')).toBe(404);
      // team B's, the hand-made one and Kuma's default policies are all still there
      expect(await e.names('/meshes/shop/meshretries')).toEqual(['by-hand', 'mesh-retry-all-shop']);
      expect(await e.names('/meshes/shop/meshtimeouts')).toEqual(defaults.timeouts);
      expect(await e.names('/meshes/shop/meshcircuitbreakers')).toEqual(defaults.breakers);

      // team B's pipeline, run again, deletes nothing of team A's
      const b = await e.apply('owner-b.yaml', '--prune', '--owner', 'ci-b');
      expect([b.code, b.stderr]).toEqual([0, 'Summary: 0 created, 0 updated, 2 unchanged, 0 deleted, 0 failed\n']);
      expect(await e.status('/meshes/shop/meshtimeouts/a-timeout')).toBe(200);
    }));

  it('diff --prune --owner shows exactly the deletes apply does, and exits 1 for them', () =>
    withControlPlane(async (e) => {
      await twoTeams(e);
      const text = await e.run('diff', '-f', `${FIXTURES}owner-a-less.yaml`, '--prune', '--owner', 'ci-a');
      expect(text.code).toBe(1);
      golden('diff-prune.stdout.txt', text.stdout);
      expect(text.stderr).toBe('Diff: 0 to create, 0 to update, 1 unchanged, 1 to delete\n');
      const json = JSON.parse((await e.run('diff', '-f', `${FIXTURES}owner-a-less.yaml`, '--prune', '--owner', 'ci-a', '-o', 'json')).stdout);
      const deletes = json.changes.filter((c: { action: string }) => c.action === 'delete');
      expect(deletes.map((c: { type: string; mesh: string; name: string }) => `${c.type}/${c.mesh}/${c.name}`)).toEqual(['MeshRetry/shop/a-retry']);
      expect(deletes[0].after).toBeNull();
      expect(await e.status('/meshes/shop/meshretries/a-retry')).toBe(200); // diff deletes nothing

      const applied = await e.apply('owner-a-less.yaml', '--prune', '--owner', 'ci-a', '-o', 'json');
      expect(JSON.parse(applied.stdout).deleted).toEqual([{ type: 'MeshRetry', mesh: 'shop', name: 'a-retry', action: 'deleted', error: null }]);
      const after = await e.run('diff', '-f', `${FIXTURES}owner-a-less.yaml`, '--prune', '--owner', 'ci-a');
      expect([after.code, after.stderr]).toEqual([0, 'Diff: 0 to create, 0 to update, 1 unchanged, 0 to delete\n']);
    }));

  it('takes over resources applied without an owner: each is updated once with the label', () =>
    withControlPlane(async (e) => {
      await e.cp.put('/meshes/shop', { type: 'Mesh', name: 'shop', skipCreatingInitialPolicies: ['*'] });
      expect((await e.apply('owner-a.yaml')).code).toBe(0);
      const first = await e.apply('owner-a.yaml', '--prune', '--owner', 'ci-a');
      expect([first.code, lastLine(first.stderr)]).toEqual([0, 'Summary: 0 created, 2 updated, 0 unchanged, 0 deleted, 0 failed']);
      const second = await e.apply('owner-a.yaml', '--prune', '--owner', 'ci-a');
      expect(lastLine(second.stderr)).toBe('Summary: 0 created, 0 updated, 2 unchanged, 0 deleted, 0 failed');
    }));

  it('prunes only the meshes the input touches, and every mesh with -A', () =>
    withControlPlane(async (e) => {
      for (const m of ['north', 'south']) await e.cp.put(`/meshes/${m}`, { type: 'Mesh', name: m, skipCreatingInitialPolicies: ['*'] });
      expect((await e.apply('both-meshes.yaml', '--owner', 'ci')).code).toBe(0);
      const touched = await e.apply('north-only.yaml', '--prune', '--owner', 'ci');
      expect([touched.code, touched.stderr]).toEqual([0, 'Summary: 0 created, 0 updated, 1 unchanged, 0 deleted, 0 failed\n']);
      expect(await e.status('/meshes/south/meshtimeouts/s-timeout')).toBe(200);

      const all = await e.apply('north-only.yaml', '--prune', '--owner', 'ci', '--all-meshes');
      expect(all.code).toBe(0);
      golden('all-meshes.stdout.txt', all.stdout);
      expect(all.stderr).toBe('Summary: 0 created, 0 updated, 1 unchanged, 1 deleted, 0 failed\n');
      expect(await e.status('/meshes/south/meshtimeouts/s-timeout')).toBe(404);
      expect(await e.status('/meshes/north/meshtimeouts/n-timeout')).toBe(200);
    }));

  it('never prunes a Mesh unless --prune-meshes, and then only one labelled with the owner that holds nothing of another owner', () =>
    withControlPlane(async (e) => {
      expect((await e.apply('two-meshes.yaml', '--owner', 'ci')).code).toBe(0);
      await e.cp.put('/meshes/unowned', { type: 'Mesh', name: 'unowned' });
      // owned by ci, but holding a policy of another owner: deleting it would delete that policy too
      await e.cp.put('/meshes/shared', { type: 'Mesh', name: 'shared', labels: { 'kumactl.io/owner': 'ci' }, skipCreatingInitialPolicies: ['*'] });
      await e.cp.put('/meshes/shared/meshtimeouts/theirs', { type: 'MeshTimeout', mesh: 'shared', name: 'theirs', labels: { 'kumactl.io/owner': 'ci-b' }, spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1m' } }] } });
      const without = await e.apply('one-mesh.yaml', '--prune', '--owner', 'ci');
      expect([without.code, lastLine(without.stderr)]).toEqual([0, 'Summary: 0 created, 0 updated, 1 unchanged, 0 deleted, 0 failed']);
      expect(await e.status('/meshes/gone')).toBe(200);
      const withMeshes = await e.apply('one-mesh.yaml', '--prune', '--owner', 'ci', '--prune-meshes');
      expect([withMeshes.code, withMeshes.stdout]).toEqual([0, 'resource type="Mesh" mesh="" name="keep" Unchanged\nresource type="Mesh" mesh="" name="gone" Deleted\n']);
      expect(withMeshes.stderr).toBe(
        'Warning: Mesh "shared" is not pruned: deleting it would delete MeshTimeout "theirs" of owner "ci-b" with it\nSummary: 0 created, 0 updated, 1 unchanged, 1 deleted, 0 failed\n',
      );
      expect(await e.names('/meshes')).toEqual(['keep', 'shared', 'unowned']);
    }));

  it('skips the deletes when something before them fails: exit 6, nothing deleted', () =>
    withControlPlane(async (e) => {
      await e.cp.put('/meshes/shop', { type: 'Mesh', name: 'shop', skipCreatingInitialPolicies: ['*'] });
      await e.cp.put('/meshes/locked', { type: 'Mesh', name: 'locked', skipCreatingInitialPolicies: ['*'], mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin' }] } });
      expect((await e.apply('owner-a.yaml', '--owner', 'ci-a')).code).toBe(0);
      const r = await e.apply('failure.yaml', '--prune', '--owner', 'ci-a');
      expect(r.code).toBe(6);
      expect(r.stdout).toBe('resource type="MeshTimeout" mesh="shop" name="fresh" Created\n');
      golden('failure.stderr.txt', r.stderr);
      expect(await e.names('/meshes/shop/meshtimeouts')).toEqual(['a-timeout', 'fresh']);
      expect(await e.names('/meshes/shop/meshretries')).toEqual(['a-retry']);
      // the JSON report lists the skipped deletes as not sent
      const json = JSON.parse((await e.apply('failure.yaml', '--prune', '--owner', 'ci-a', '-o', 'json')).stdout);
      expect(json.deleted).toEqual([]);
      expect(json.failed.filter((f: { action: string }) => f.action === 'not-sent')).toEqual([
        { type: 'MeshRetry', mesh: 'shop', name: 'a-retry', action: 'not-sent', error: 'not sent: deletes are skipped when something before them failed or was not sent' },
        { type: 'MeshTimeout', mesh: 'shop', name: 'a-timeout', action: 'not-sent', error: 'not sent: deletes are skipped when something before them failed or was not sent' },
      ]);
    }));

  it('refuses --prune without --owner, an owner that is no label value, and a document owned by another', () =>
    withControlPlane(async (e) => {
      await e.cp.put('/meshes/shop', { type: 'Mesh', name: 'shop' });
      const noOwner = await e.apply('owner-a.yaml', '--prune');
      expect([noOwner.code, noOwner.stderr.split('\n')[0]]).toEqual([2, 'Error: --prune needs --owner NAME: only resources labelled with that owner are deleted']);
      expect((await e.apply('owner-a.yaml', '--owner', 'team a')).code).toBe(2);
      expect((await e.apply('owner-a.yaml', '--all-meshes')).code).toBe(2);
      const stdin = 'type: MeshRetry\nname: r\nmesh: shop\nlabels:\n  kumactl.io/owner: ci-a\nspec:\n  targetRef:\n    kind: Mesh\n';
      const conflict = await kumactl(['apply', '-f', '-', '--owner', 'ci-b'], { env: e.env, stdin });
      expect(conflict.code).toBe(3);
      expect(conflict.stderr).toContain('<stdin>:5:3: error: labels["kumactl.io/owner"]: owned by "ci-a", but --owner is "ci-b"');
      expect(await e.status('/meshes/shop/meshretries/r')).toBe(404);
      expect(await e.names('/meshes/shop/meshretries')).toEqual(['mesh-retry-all-shop']); // nothing sent
    }));
});

describe('apply --dry-run on a terminal', () => {
  it('prints the plan summary table first, as diff does, then its lines', () =>
    withControlPlane(async (e) => {
      await twoTeams(e);
      const r = await kumactlOnTerminal(['apply', '-f', `${FIXTURES}owner-a-next.yaml`, '--dry-run', '--prune', '--owner', 'ci-a'], { env: e.env });
      expect(r.code).toBe(0);
      golden('dry-run-terminal.txt', r.stdout);
      expect(await e.status('/meshes/shop/meshretries/a-retry')).toBe(200);
      expect(await e.status('/meshes/shop/meshtimeouts/a-new')).toBe(404);
      // the same table diff prints
      const diff = await kumactlOnTerminal(['diff', '-f', `${FIXTURES}owner-a-next.yaml`, '--prune', '--owner', 'ci-a'], { env: e.env });
      expect(diff.code).toBe(1);
      const table = (out: string) => out.slice(0, out.indexOf('┘') + 2);
      expect(table(diff.stdout)).toBe(table(r.stdout));
    }));
});
