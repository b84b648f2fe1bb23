import { describe, it, expect } from 'vitest';
import { applyExitCode, applyReport, failureText, refusedReport, summaryLine, type ApplyReport } from '../../src/lib/output/apply.js';
import type { ApplyResult, Action } from '../../src/lib/plan/apply.js';
import type { LoadedResource } from '../../src/lib/manifest/load.js';
import { typeByName } from '../../src/lib/resources/registry.js';
import { KumaApiError, UnreachableError } from '../../src/lib/client/errors.js';
import { UserError, ExitCode } from '../../src/lib/errors.js';
import { diffExitCode, diffSummary } from '../../src/lib/output/diff.js';
import type { Change } from '../../src/lib/plan/review.js';

/** A resource as the loader gives it: every path is located at line 3, column 5 of policies.yaml. */
function resource(name: string, typeName = 'MeshTimeout'): LoadedResource {
  return {
    file: 'policies.yaml',
    line: 1,
    column: 1,
    index: 0,
    type: typeByName(typeName)!,
    name,
    ...(typeName === 'Mesh' ? {} : { mesh: 'team-a' }),
    form: 'universal',
    value: { type: typeName, name },
    locate: () => ({ line: 3, column: 5 }),
  };
}

const result = (action: Action, error?: Error): ApplyResult => ({ resource: resource(`r-${action}`), action, warnings: [], ...(error ? { error } : {}) });
const rejected = () => new KumaApiError(400, 'Resource is not valid', 'Bad Request', [{ field: 'spec.default', reason: 'must be set' }]);
const unreachable = () => new UnreachableError('connect ECONNREFUSED 127.0.0.1:5681');

describe('apply exit code', () => {
  const cases: Array<[string, ApplyResult[], boolean, number]> = [
    ['everything applied', [result('created'), result('updated'), result('unchanged')], false, ExitCode.OK],
    ['a dry run with changes', [result('would-create'), result('would-update')], false, ExitCode.OK],
    ['nothing to do', [result('unchanged')], false, ExitCode.OK],
    ['some applied, one rejected', [result('created'), result('failed', rejected())], false, ExitCode.PARTIAL],
    ['some applied, then interrupted', [result('created'), result('not-sent')], true, ExitCode.PARTIAL],
    ['all rejected', [result('failed', rejected()), result('unchanged')], false, ExitCode.REJECTED],
    ['a mesh failed and its policy was not sent', [result('failed', rejected()), result('failed', new UserError('not sent: its mesh "a" failed', ExitCode.REJECTED))], false, ExitCode.REJECTED],
    ['the control plane went away', [result('failed', unreachable()), result('not-sent')], false, ExitCode.UNREACHABLE],
    ['rejected and unreachable', [result('failed', rejected()), result('failed', unreachable())], false, ExitCode.REJECTED],
    ['interrupted before anything changed', [result('unchanged'), result('not-sent')], true, ExitCode.UNEXPECTED],
  ];
  for (const [what, results, stopped, code] of cases) {
    it(`${what}: exit ${code}`, () => expect(applyExitCode(results, stopped)).toBe(code));
  }
});

describe('apply report', () => {
  it('sorts results into applied, failed and unchanged, with the server answer in one line', () => {
    const report: ApplyReport = applyReport([result('created'), result('would-update'), result('failed', rejected()), result('not-sent'), result('unchanged')], []);
    expect(report.applied.map((e) => e.action)).toEqual(['created', 'would-update']);
    expect(report.failed).toEqual([
      { type: 'MeshTimeout', mesh: 'team-a', name: 'r-failed', action: 'failed', error: 'Resource is not valid (Bad Request);spec.default=must be set ' },
      { type: 'MeshTimeout', mesh: 'team-a', name: 'r-not-sent', action: 'not-sent', error: null },
    ]);
    expect(report.unchanged).toEqual([{ type: 'MeshTimeout', mesh: 'team-a', name: 'r-unchanged', action: 'unchanged', error: null }]);
    expect(report.findings).toEqual([]);
    expect(Object.keys(report)).toEqual(['applied', 'failed', 'unchanged', 'deleted', 'findings']);
  });

  it('when the input could not be read, says why as a finding', () => {
    const report = refusedReport([], new UserError('cannot read policies.yaml: no such file', ExitCode.INVALID_INPUT));
    expect(report).toMatchObject({ applied: [], failed: [], unchanged: [], findings: [{ severity: 'error', file: null, message: 'cannot read policies.yaml: no such file' }] });
  });

  it('summary counts dry-run verbs as created and updated', () => {
    expect(summaryLine([result('would-create'), result('would-update'), result('failed', rejected()), result('not-sent')], true)).toBe(
      'Summary: 1 created, 1 updated, 0 unchanged, 1 failed, 1 not sent (dry run: nothing was written)',
    );
  });
});

describe('apply failure text', () => {
  it("prints the server's invalid parameters with the finding printer: located, control characters escaped", () => {
    const err = new KumaApiError(400, 'Resource is not valid', 'Bad Request', [{ field: 'spec.default', reason: 'bad value "\u001b[31mred\u001b[0m"\nnext' }]);
    expect(failureText(result('failed', err))).toBe(
      'resource type="MeshTimeout" mesh="team-a" name="r-failed": failed server side: Resource is not valid (Bad Request)\n' +
        '  policies.yaml:3:5: spec.default: bad value "\\x1b[31mred\\x1b[0m"\\nnext\n',
    );
  });
});

describe('diff exit code and summary', () => {
  const change = (action: Change['action']): Change => ({ type: 'MeshTimeout', mesh: 'team-a', name: action, action, before: null, after: null, diff: '' });
  it('exits 1 only when something would be created or updated', () => {
    expect(diffExitCode([change('unchanged'), change('not-in-files')])).toBe(ExitCode.OK);
    expect(diffExitCode([change('unchanged'), change('create')])).toBe(ExitCode.UNEXPECTED);
    expect(diffExitCode([change('update')])).toBe(ExitCode.UNEXPECTED);
  });
  it('counts the resources in no file only with --prune-preview', () => {
    const changes = [change('create'), change('unchanged'), change('not-in-files')];
    expect(diffSummary(changes, false)).toBe('Diff: 1 to create, 0 to update, 1 unchanged');
    expect(diffSummary(changes, true)).toBe('Diff: 1 to create, 0 to update, 1 unchanged, 1 in no file (left in place)');
  });
});
