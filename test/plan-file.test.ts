import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlan, checkPlanUsable, readPlan, planText, type PlanFile } from '../src/lib/plan/plan-file.js';
import { checkOwner } from '../src/lib/plan/prune.js';
import type { Change } from '../src/lib/plan/review.js';

const change = (over: Partial<Change>): Change => ({
  type: 'MeshTimeout',
  mesh: 'team-a',
  name: 't',
  action: 'update',
  before: { type: 'MeshTimeout', mesh: 'team-a', name: 't' },
  after: { type: 'MeshTimeout', mesh: 'team-a', name: 't' },
  diff: 'a diff',
  modificationTime: '2026-12-01T00:00:00Z',
  request: { type: 'MeshTimeout', mesh: 'team-a', name: over.name ?? 't' },
  ...over,
});

describe('the plan file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kumactl-planfile-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  const plan: PlanFile = buildPlan(
    [
      change({}),
      change({ name: 'n', action: 'create', before: null, modificationTime: null }),
      change({ name: 'old', action: 'delete', after: null, request: null }),
      change({ name: 'other', action: 'not-in-files', after: null, request: null }),
    ],
    { controlPlane: 'http://127.0.0.1:5681', owner: 'ci', now: new Date('2026-12-07T05:00:00Z') },
  );

  it('holds version 1, when and where it was made, and every change but --prune-preview\'s listing, without diffs', () => {
    expect(plan).toMatchObject({ version: 1, created: '2026-12-07T05:00:00.000Z', controlPlane: 'http://127.0.0.1:5681', owner: 'ci' });
    expect(plan.changes.map((c) => `${c.name}:${c.action}`)).toEqual(['t:update', 'n:create', 'old:delete']);
    expect(Object.keys(plan.changes[0]!)).toEqual(['type', 'mesh', 'name', 'action', 'modificationTime', 'before', 'after', 'request']);
  });

  it('reads back what it writes', async () => {
    expect(await readPlan(write('good.json', planText(plan)))).toEqual(plan);
  });

  it.each([
    ['not JSON', '{', /not a plan file/],
    ['another version', { ...plan, version: 2 }, /version: 2 is not a plan version this kumactl reads \(it reads 1\)/],
    ['no created time', { ...plan, created: 'yesterday' }, /created: must be an RFC 3339 time/],
    ['an unknown type', { ...plan, changes: [{ ...plan.changes[0], type: 'MeshTimeOut' }] }, /changes\[0\]\.type: "MeshTimeOut" is not a resource type apply writes/],
    ['an unknown action', { ...plan, changes: [{ ...plan.changes[0], action: 'replace' }] }, /changes\[0\]\.action: must be one of create, update, unchanged, delete/],
    ['an update without its modificationTime', { ...plan, changes: [{ ...plan.changes[0], modificationTime: null }] }, /changes\[0\]\.modificationTime: must be set for update/],
    ['a request for another resource', { ...plan, changes: [{ ...plan.changes[0], request: { type: 'MeshTimeout', mesh: 'team-b', name: 't' } }] }, /changes\[0\]\.request: must be the resource named by type, mesh and name/],
    ['a Mesh with a mesh', { ...plan, changes: [{ ...plan.changes[0], type: 'Mesh', request: { type: 'Mesh', name: 't' } }] }, /changes\[0\]\.mesh: must be null: Mesh is global/],
  ])('refuses %s with exit 3 and the field', async (_what, content, message) => {
    const file = write('bad.json', content);
    await expect(readPlan(file)).rejects.toMatchObject({ exitCode: 3, message: expect.stringMatching(message) });
  });

  it('is refused when older than --max-plan-age or made against another control plane', () => {
    const at = (iso: string) => new Date(iso);
    expect(() => checkPlanUsable(plan, 'p.json', 'http://127.0.0.1:5681/', '1h', at('2026-12-07T05:59:59Z'))).not.toThrow();
    expect(() => checkPlanUsable(plan, 'p.json', 'http://127.0.0.1:5681', '1h', at('2026-12-07T06:00:01Z'))).toThrow(/more than 1h ago/);
    expect(() => checkPlanUsable(plan, 'p.json', 'http://127.0.0.1:5681', '1h30m', at('2026-12-07T06:00:01Z'))).not.toThrow();
    expect(() => checkPlanUsable(plan, 'p.json', 'http://127.0.0.1:5682', '1h', at('2026-12-07T05:10:00Z'))).toThrow(/made against http:\/\/127.0.0.1:5681, not http:\/\/127.0.0.1:5682/);
    expect(() => checkPlanUsable(plan, 'p.json', 'http://127.0.0.1:5681', '1 hour')).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});

describe('owner names', () => {
  it('are label values', () => {
    for (const ok of ['ci', 'team-a.ci_2', 'A'.repeat(63)]) expect(() => checkOwner(ok)).not.toThrow();
    for (const bad of ['', 'team a', '-ci', 'ci-', 'a/b', 'A'.repeat(64)]) expect(() => checkOwner(bad), bad).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});
