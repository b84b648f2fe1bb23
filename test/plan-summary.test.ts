import { describe, expect, it } from 'vitest';
import { planSummaryTable } from '../src/lib/plan/summary.js';

describe('the plan summary table (diff, on a terminal, before the diffs)', () => {
  it('lists each resource with its change, without colour codes', () => {
    const out = planSummaryTable([
      { type: 'Mesh', mesh: null, name: 'team-a', action: 'create' },
      { type: 'MeshTimeout', mesh: 'team-a', name: 'timeout-all', action: 'update' },
      { type: 'MeshRetry', mesh: 'team-a', name: 'retry', action: 'unchanged' },
      { type: 'MeshRetry', mesh: 'team-a', name: 'old', action: 'not-in-files' },
    ]);
    expect(out).toBe(`┌─────────────┬────────┬─────────────┬────────────────────────────┐
│ TYPE        │ MESH   │ NAME        │ CHANGE                     │
│ Mesh        │        │ team-a      │ create                     │
│ MeshTimeout │ team-a │ timeout-all │ update                     │
│ MeshRetry   │ team-a │ retry       │ unchanged                  │
│ MeshRetry   │ team-a │ old         │ in no file (left in place) │
└─────────────┴────────┴─────────────┴────────────────────────────┘
`);
    expect(planSummaryTable([])).toBe('');
  });
});
