import { describe, expect, it } from 'vitest';
import { E, runRules, W } from '../helpers/policy-rules.js';

const mhc = (spec: string) => runRules('MeshHealthCheck', spec);

describe('MeshHealthCheck rules (Kuma 2.14.3)', () => {
  it('accepts a MeshExternalService in to under any top-level targetRef (that restriction is MeshLoadBalancingStrategy\'s)', () => {
    for (const top of ['{kind: Mesh}', '{kind: MeshGateway, name: gw}', '{kind: Dataplane, labels: {app: a}}', '{kind: MeshSubset, tags: {a: b}}']) {
      expect(mhc(`targetRef: ${top}\nto: [{targetRef: {kind: MeshExternalService, name: ext}, default: {tcp: {}}}]`), top).toEqual(
        top.includes('MeshSubset') ? [W('spec.targetRef.kind', "MeshSubset value for 'targetRef.kind' is deprecated, use Dataplane with labels instead")] : [],
      );
    }
  });

  it('targetRef kinds: top level, and to (no MeshHTTPRoute, no MeshServiceSubset)', () => {
    expect(mhc('targetRef: {kind: MeshHTTPRoute, name: r}\nto: [{targetRef: {kind: MeshHTTPRoute, name: r}, default: {tcp: {}}}, {targetRef: {kind: MeshServiceSubset, name: s}, default: {tcp: {}}}]')).toEqual([
      E('spec.targetRef.kind', "value 'MeshHTTPRoute' is not supported"),
      E('spec.to[0].targetRef.kind', "value 'MeshHTTPRoute' is not supported"),
      E('spec.to[1].targetRef.kind', "value 'MeshServiceSubset' is not supported"),
      W('spec.targetRef.kind', "MeshHTTPRoute value for 'targetRef.kind' is deprecated, use MeshHTTPRoute in spec.to[].targetRef"),
    ]);
    expect(mhc('targetRef: {kind: MeshGateway, name: gw, tags: {listener: a}}\nto: [{targetRef: {kind: MeshMultiZoneService, name: m}, default: {grpc: {}}}]')).toEqual([]);
  });

  it('checks every default field in Kuma\'s order, then the at-least-one rule', () => {
    expect(
      mhc(`
to:
- targetRef: {kind: Mesh}
  default:
    interval: 0s
    timeout: -1s
    unhealthyThreshold: 0
    healthyThreshold: -2
    initialJitter: 0s
    intervalJitter: -1ms
    intervalJitterPercent: 101
    healthyPanicThreshold: 100.5
    noTrafficInterval: 0s
    eventLogPath: relative/path.log
`),
    ).toEqual([
      E('spec.to[0].default.interval', 'must be greater than zero when defined'),
      E('spec.to[0].default.timeout', 'must be greater than zero when defined'),
      E('spec.to[0].default.unhealthyThreshold', 'must be greater than zero when defined'),
      E('spec.to[0].default.healthyThreshold', 'must be greater than zero when defined'),
      E('spec.to[0].default.initialJitter', 'must be greater than zero when defined'),
      E('spec.to[0].default.intervalJitter', 'must be greater than zero when defined'),
      E('spec.to[0].default.intervalJitterPercent', 'must be in inclusive range [0, 100]'),
      E('spec.to[0].default.healthyPanicThreshold', 'must be in inclusive range [0.0, 100.0]'),
      E('spec.to[0].default.noTrafficInterval', 'must be greater than zero when defined'),
      E('spec.to[0].default.eventLogPath', 'must be a valid path when defined'),
      E('spec.to[0].default', 'must have at least one defined: http, tcp, grpc'),
      W('spec.to[0].default.healthyPanicThreshold', "healthyPanicThreshold for 'to[].default' is deprecated. The setting has been moved to MeshCircuitBreaker policy, please use MeshCircuitBreaker policy instead."),
    ]);
  });

  it('http: a set path must not be empty; expected statuses are HTTP status codes', () => {
    expect(mhc('to: [{targetRef: {kind: Mesh}, default: {http: {path: "", expectedStatuses: [200, 99, 600, 599]}}}]')).toEqual([
      E('spec.to[0].default.http.path', 'must be defined'),
      E('spec.to[0].default.http.expectedStatuses[1]', 'must be in inclusive range [100, 599]'),
      E('spec.to[0].default.http.expectedStatuses[2]', 'must be in inclusive range [100, 599]'),
    ]);
    expect(mhc('to: [{targetRef: {kind: Mesh}, default: {http: {}}}]')).toEqual([]);
  });

  it('eventLogPath: a Unix or Windows path as govalidator IsFilePath accepts it', () => {
    for (const ok of ['/tmp/hc.log', '/', 'C:\\logs\\hc.log']) expect(mhc(`to: [{targetRef: {kind: Mesh}, default: {tcp: {}, eventLogPath: ${JSON.stringify(ok)}}}]`), ok).toEqual([]);
    for (const bad of ['hc.log', '', 'C:/logs']) {
      expect(mhc(`to: [{targetRef: {kind: Mesh}, default: {tcp: {}, eventLogPath: ${JSON.stringify(bad)}}}]`), bad).toEqual([E('spec.to[0].default.eventLogPath', 'must be a valid path when defined')]);
    }
  });

  it('healthyPanicThreshold as a string must be a number', () => {
    expect(mhc('to: [{targetRef: {kind: Mesh}, default: {tcp: {}, healthyPanicThreshold: "abc"}}]')[0]).toEqual(
      E('spec.to[0].default.healthyPanicThreshold', 'string must be a valid number'),
    );
    expect(mhc('to: [{targetRef: {kind: Mesh}, default: {tcp: {}, healthyPanicThreshold: "99.9"}}]').filter((v) => v.severity === 'error')).toEqual([]);
  });

  it('reports only duration decode errors when any duration fails to decode', () => {
    expect(mhc('to: [{targetRef: {kind: Nope}, default: {interval: 10 seconds, timeout: 1d}}]')).toEqual([
      E('spec.to[0].default.interval', 'time: unknown unit " seconds" in duration "10 seconds"'),
      E('spec.to[0].default.timeout', 'time: unknown unit "d" in duration "1d"'),
    ]);
  });

  it('accepts a policy without to', () => {
    expect(mhc('targetRef: {kind: Mesh}')).toEqual([]);
  });
});
