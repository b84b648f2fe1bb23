import { describe, it, expect } from 'vitest';
import { parse } from 'yaml';
import type { Violation } from '../../src/lib/validation/types.js';
import { rulesFor } from '../../src/lib/validation/rules/index.js';

const E = (field: string, message: string, path?: Array<string | number>): Violation =>
  path ? { severity: 'error', field, message, path } : { severity: 'error', field, message };
const FROM_DEPRECATED: Violation = { severity: 'warning', field: 'spec.from', message: "'from' field is deprecated, use 'rules' instead" };

function run(type: string, specYaml: string, labels?: Record<string, string>): Violation[] {
  const rule = rulesFor(type);
  if (!rule) throw new Error(`no rule for ${type}`);
  return rule({ type, name: 'p', mesh: 'default', ...(labels ? { labels } : {}), spec: parse(specYaml) as unknown });
}

describe('other targetRef policies', () => {
  it('covers the 13 other policy types', () => {
    const types = [
      'MeshAccessLog',
      'MeshFaultInjection',
      'MeshHTTPRoute',
      'MeshHealthCheck',
      'MeshLoadBalancingStrategy',
      'MeshMetric',
      'MeshPassthrough',
      'MeshProxyPatch',
      'MeshRateLimit',
      'MeshTCPRoute',
      'MeshTLS',
      'MeshTrace',
      'MeshTrafficPermission',
    ];
    for (const type of types) {
      const rule = rulesFor(type);
      expect(rule, type).toBeDefined();
      expect(() => rule!({})).not.toThrow();
      expect(() => rule!({ spec: { to: 3, from: [null], rules: ['x'], default: [] } })).not.toThrow();
    }
  });

  it('MeshAccessLog', () => {
    const backends = 'default: {backends: [{type: File, file: {path: /tmp/a}}]}';
    expect(run('MeshAccessLog', `targetRef: {kind: Mesh}\nto: [{targetRef: {kind: MeshService, name: b}, ${backends}}]`)).toEqual([]);
    expect(run('MeshAccessLog', 'targetRef: {kind: Mesh}')).toEqual([E('spec', "at least one of 'from', 'to' or 'rules' has to be defined")]);
    expect(run('MeshAccessLog', `from: [{targetRef: {kind: Mesh}}]\nrules: [{${backends}}]`)).toEqual([
      E('spec', "fields 'to' and 'from' must be empty when 'rules' is defined"),
      E('spec.from[0].default.backends', 'must be defined'),
      FROM_DEPRECATED,
    ]);
    expect(run('MeshAccessLog', `targetRef: {kind: Dataplane, sectionName: s}\nto: [{targetRef: {kind: MeshSubset}, ${backends}}]`)).toEqual([
      E('spec.targetRef.sectionName', 'can only be used with inbound policies'),
      E('spec.to[0].targetRef.kind', "value 'MeshSubset' is not supported"),
    ]);
  });

  it('MeshMetric, MeshPassthrough, MeshTrace: top-level kinds', () => {
    expect(run('MeshMetric', 'targetRef: {kind: MeshGateway, name: gw}\ndefault: {}')).toEqual([]);
    expect(run('MeshMetric', 'targetRef: {kind: MeshGateway, name: gw}\ndefault: {}', { 'kuma.io/policy-role': 'workload-owner' })).toEqual([
      E('spec.targetRef.kind', "value 'MeshGateway' is not supported"),
    ]);
    expect(run('MeshPassthrough', 'targetRef: {kind: MeshService, name: b}\ndefault: {}')).toEqual([
      E('spec.targetRef.kind', "value 'MeshService' is not supported"),
    ]);
    expect(run('MeshTrace', 'targetRef: {kind: MeshGateway, name: gw, tags: {a: b}}\ndefault: {backends: []}')).toEqual([
      E('spec.targetRef.tags', 'must not be set with kind MeshGateway'),
    ]);
  });

  it('MeshProxyPatch', () => {
    expect(run('MeshProxyPatch', 'targetRef: {kind: Mesh}\ndefault: {appendModifications: []}')).toEqual([
      E('spec.default.appendModifications', 'must not be empty'),
    ]);
  });

});
