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

  it('MeshFaultInjection: from vs gateways, to only for gateways', () => {
    const abort = 'default: {http: [{abort: {httpStatus: 500, percentage: 50}}]}';
    expect(run('MeshFaultInjection', `targetRef: {kind: Dataplane, labels: {app: a}}\nfrom: [{targetRef: {kind: MeshService, name: b}, ${abort}}]`)).toEqual([
      FROM_DEPRECATED,
    ]);
    expect(run('MeshFaultInjection', `targetRef: {kind: Mesh}\nfrom: [{targetRef: {kind: Mesh}, ${abort}}]`)).toEqual([
      E('spec.from', 'must not be defined'),
      FROM_DEPRECATED,
    ]);
    expect(run('MeshFaultInjection', `targetRef: {kind: Mesh, proxyTypes: [Sidecar]}\nto: [{targetRef: {kind: Mesh}, ${abort}}]`)).toEqual([
      E('spec.to', 'must not be defined'),
    ]);
    expect(run('MeshFaultInjection', `targetRef: {kind: MeshGateway, name: gw}\nto: [{targetRef: {kind: MeshService, name: b}, ${abort}}]`)).toEqual([
      E('spec.to[0].targetRef.kind', "value 'MeshService' is not supported"),
    ]);
  });

  it('MeshHTTPRoute', () => {
    const route = `
targetRef: {kind: Mesh}
to:
- targetRef: {kind: MeshService, name: backend}
  hostnames: [example.com]
  rules:
  - matches:
    - path: {type: PathPrefix, value: "api/"}
      queryParams: [{type: Exact, name: a, value: "1"}, {type: Exact, name: a, value: "2"}]
      headers: [{type: Present, name: x, value: "y"}]
    default:
      backendRefs: [{kind: MeshGateway, name: gw}]
`;
    expect(run('MeshHTTPRoute', route)).toEqual([
      E('spec.to[0].rules[0].matches[0].path.value', 'does not need a trailing slash because only a `/`-separated prefix or an entire path is matched'),
      E('spec.to[0].rules[0].matches[0].path.value', 'must be an absolute path'),
      E('spec.to[0].rules[0].matches[0].queryParams[1].name', 'multiple entries for name a'),
      E('spec.to[0].rules[0].matches[0].headers[0].value', 'must not be defined'),
      E('spec.to[0].rules[0].default.backendRefs[0].kind', "value 'MeshGateway' is not supported"),
      E('spec.to[0].hostnames', 'must not be defined'),
    ]);
    expect(run('MeshHTTPRoute', 'targetRef: {kind: MeshGateway, name: gw}\nto: [{targetRef: {kind: Mesh}, hostnames: [a.com], rules: [{matches: [{path: {type: Exact, value: /a}}], default: {}}]}]')).toEqual([
      E('spec.to[0].rules[0].default.backendRefs', 'must not be empty'),
    ]);
    expect(run('MeshHTTPRoute', 'to: [{targetRef: {kind: MeshService, name: b}, rules: [{default: {backendRefs: [{kind: MeshService, name: v2}]}}]}]')).toEqual([]);
  });

  it('MeshHealthCheck', () => {
    expect(run('MeshHealthCheck', 'targetRef: {kind: Mesh}\nto: [{targetRef: {kind: Mesh}, default: {http: {path: /}}}]')).toEqual([]);
    expect(run('MeshHealthCheck', 'to: [{targetRef: {kind: MeshService, name: b}, default: {interval: 10s}}]')).toEqual([
      E('spec.to[0].default', 'must have at least one defined: http, tcp, grpc'),
    ]);
  });

  it('MeshLoadBalancingStrategy', () => {
    expect(run('MeshLoadBalancingStrategy', 'targetRef: {kind: Mesh}')).toEqual([E('spec.to', 'needs at least one item')]);
    expect(
      run('MeshLoadBalancingStrategy', 'targetRef: {kind: MeshGateway, name: gw}\nto: [{targetRef: {kind: MeshService, name: b}, default: {loadBalancer: {type: RoundRobin}}}]'),
    ).toEqual([E('spec.to[0].targetRef.kind', 'value is not supported, only Mesh is allowed if loadBalancer is set')]);
    expect(run('MeshLoadBalancingStrategy', 'to: [{targetRef: {kind: MeshHTTPRoute, name: r}, default: {loadBalancer: {type: RoundRobin}, localityAwareness: {disabled: true}}}]')).toEqual([
      E('spec.to[0].default.loadBalancer', 'field is not allowed when targetRef.kind is MeshHTTPRoute, only hashPolicies is supported'),
      E('spec.to[0].default.localityAwareness', 'field is not allowed when targetRef.kind is MeshHTTPRoute, only hashPolicies is supported'),
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

  it('MeshRateLimit', () => {
    const local = 'default: {local: {http: {requestRate: {num: 1, interval: 1s}}}}';
    expect(run('MeshRateLimit', `targetRef: {kind: Mesh, proxyTypes: [Sidecar]}\nfrom: [{targetRef: {kind: Mesh}, ${local}}]`)).toEqual([FROM_DEPRECATED]);
    expect(run('MeshRateLimit', `targetRef: {kind: Mesh}\nrules: [{${local}}]`)).toEqual([E('spec.rules', 'must not be defined')]);
    expect(run('MeshRateLimit', `targetRef: {kind: Mesh}\nfrom: [{targetRef: {kind: Mesh}, ${local}}]`)).toEqual([
      E('spec.from', 'must not be defined when the scope includes a Gateway, select only proxyType Sidecar or select only gateways and use spec.to'),
      FROM_DEPRECATED,
    ]);
    expect(run('MeshRateLimit', 'targetRef: {kind: Dataplane}\nrules: [{default: {}}, {default: {local: {}}}, {default: {local: {http: {}, tcp: {}}}}]')).toEqual([
      E('spec.rules[0].default.local', 'must be defined'),
      E('spec.rules[1].default.local', 'must have at least one defined: tcp, http'),
      E('spec.rules[2].default.local.http', 'must have at least one defined: disabled, requestRate, onRateLimit'),
      E('spec.rules[2].default.local.tcp', 'must have at least one defined: disabled, connectionRate'),
    ]);
    expect(run('MeshRateLimit', `targetRef: {kind: Dataplane}\nto: [{targetRef: {kind: Mesh}, ${local}}]`)).toEqual([E('spec.to', 'must not be defined')]);
  });

  it('MeshTCPRoute', () => {
    expect(run('MeshTCPRoute', 'to: [{targetRef: {kind: MeshService, name: b}, rules: [{default: {backendRefs: [{kind: Mesh}]}}]}]')).toEqual([
      E('spec.to[0].rules[0].default.backendRefs[0].kind', "value 'Mesh' is not supported"),
    ]);
    expect(run('MeshTCPRoute', 'targetRef: {kind: MeshGateway, name: gw}\nto: [{targetRef: {kind: Mesh}, rules: []}]')).toEqual([]);
  });

  it('MeshTLS', () => {
    expect(run('MeshTLS', 'targetRef: {kind: Dataplane, labels: {app: a}}\nrules: [{default: {tlsVersion: {min: TLS13}, tlsCiphers: [a]}}]\nfrom: [{targetRef: {kind: Mesh}, default: {}}]')).toEqual([
      E('spec', "field 'from' must be empty when 'rules' is defined"),
      E('spec.rules[0].default.tlsCiphers', 'tlsCiphers can only be defined with top level targetRef kind: Mesh'),
      E('spec.rules[0].default.tlsVersion', 'tlsVersion can only be defined with top level targetRef kind: Mesh'),
      FROM_DEPRECATED,
    ]);
    expect(run('MeshTLS', 'rules: [{default: {mode: Strict, tlsVersion: {min: TLS13}}}]')).toEqual([]);
  });

  it('MeshTrafficPermission', () => {
    expect(run('MeshTrafficPermission', 'targetRef: {kind: Mesh}\nfrom: [{targetRef: {kind: Mesh}, default: {action: Allow}}]')).toEqual([FROM_DEPRECATED]);
    expect(run('MeshTrafficPermission', 'targetRef: {kind: Mesh}')).toEqual([E('spec', "at least one of 'from' or 'rules' has to be defined")]);
    expect(run('MeshTrafficPermission', 'from: [{targetRef: {kind: MeshGateway, name: g}, default: {}}]\nrules: [{default: {}}, {default: {allow: [{spiffeID: {type: Exact, value: "x"}}]}}]')).toEqual([
      E('spec', "field 'from' must be empty when 'rules' is defined"),
      E('spec.rules[0]', "at least one of 'allow', 'allowWithShadowDeny', 'deny' has to be defined"),
      E('spec.rules[1].allow[0].spiffeID', "must be a valid Spiffe ID: scheme must be 'spiffe://'", ['spec', 'rules', 1, 'default', 'allow', 0, 'spiffeID']),
      E('spec.from[0].targetRef.kind', "value 'MeshGateway' is not supported"),
      E('spec.from[0].default.action', 'must be defined'),
      FROM_DEPRECATED,
    ]);
  });
});
