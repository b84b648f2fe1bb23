import { describe, it, expect } from 'vitest';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedCliSession } from '../helpers/cp.js';
import { goldenIn } from '../helpers/golden.js';

const golden = goldenIn('durations');
const FIXTURE = 'test/fixtures/e2e/default-policies.yaml';
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

/** A drift gate in CI: apply, then diff must come back clean, whatever way the files write a duration. */
describe('durations: the same value written another way is no change', () => {
  const cli = sharedCliSession({ skipDefaultMesh: true });

  /** A mesh with kuma-cp's four default policies, and the fixture's copy of them for that mesh. */
  async function seeded(mesh: string): Promise<string> {
    await cli.cp.put(`/meshes/${mesh}`, { type: 'Mesh', name: mesh });
    const file = join(cli.home, `${mesh}.yaml`);
    writeFileSync(file, readFileSync(FIXTURE, 'utf8').replaceAll('seeded', mesh));
    return file;
  }

  it('apply of the default policies written as the docs write them (1h, 30m) onto the mesh that has them: all Unchanged', async () => {
    await cli.cp.put('/meshes/seeded', { type: 'Mesh', name: 'seeded' });
    const r = await cli.run(['apply', '-f', FIXTURE]);
    expect(r.code).toBe(0);
    golden('apply-default-policies.txt', r.stdout);
    expect(lastLine(r.stderr)).toBe('Summary: 0 created, 0 updated, 4 unchanged, 0 failed');
    expect((await cli.cp.call('GET', '/meshes/seeded/meshtimeouts/mesh-timeout-all-seeded')).json.spec.to[0].default.idleTimeout).toBe('1h0m0s');
  });

  it('diff of the same files: exit 0, nothing to show', async () => {
    const r = await cli.run(['diff', '-f', await seeded('diffed')]);
    expect([r.code, r.stdout, lastLine(r.stderr)]).toEqual([0, '', 'Diff: 0 to create, 0 to update, 4 unchanged']);
  });

  it('the policies as the control plane returns them (get -o yaml) apply back unchanged', async () => {
    await seeded('returned');
    const file = join(cli.home, 'from-get.yaml');
    const docs: string[] = [];
    for (const type of ['meshtimeouts', 'meshretries', 'meshcircuitbreakers']) {
      const got = await cli.run(['get', type, '--mesh', 'returned', '-o', 'yaml']);
      expect(got.code).toBe(0);
      docs.push(got.stdout);
    }
    writeFileSync(file, docs.join('---\n'));
    const r = await cli.run(['apply', '-f', file]);
    expect([r.code, lastLine(r.stderr)]).toEqual([0, 'Summary: 0 created, 0 updated, 4 unchanged, 0 failed']);
    const d = await cli.run(['diff', '-f', file]);
    expect([d.code, d.stdout]).toEqual([0, '']);
  });

  it('a changed duration is one Updated; the control plane then holds 2h0m0s and diff of the file is clean', async () => {
    const file = await seeded('changed');
    writeFileSync(file, readFileSync(file, 'utf8').replace('idleTimeout: 5m', 'idleTimeout: 120m'));
    const before = await cli.run(['diff', '-f', file]);
    expect(before.code).toBe(1);
    golden('diff-changed-duration.txt', before.stdout.replaceAll(cli.home, '<dir>'));
    const r = await cli.run(['apply', '-f', file]);
    expect(r.stdout).toContain('name="mesh-gateways-timeout-all-changed" Updated');
    expect(lastLine(r.stderr)).toBe('Summary: 0 created, 1 updated, 3 unchanged, 0 failed');
    expect((await cli.cp.call('GET', '/meshes/changed/meshtimeouts/mesh-gateways-timeout-all-changed')).json.spec.from[0].default.idleTimeout).toBe('2h0m0s');
    const after = await cli.run(['diff', '-f', file]);
    expect([after.code, after.stdout]).toEqual([0, '']);
  });
});
