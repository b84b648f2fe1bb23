import { describe, it, expect } from 'vitest';
import { canonicalGoDuration, canonicalProtoDuration, goDurationNanoseconds } from '../src/lib/go/time.js';
import { durationFields, canonicaliseDurations } from '../src/lib/validation/canonical.js';
import { normaliseForStorage } from '../src/lib/validation/schema.js';
import { RESOURCE_TYPES } from '../src/lib/resources/registry.js';

describe('durations as kuma-cp 2.14 writes them back', () => {
  it("policies: Go's time.Duration.String()", () => {
    const cases: Array<[string, string]> = [
      ['1h', '1h0m0s'],
      ['1h0m0s', '1h0m0s'],
      ['60m', '1h0m0s'],
      ['3600s', '1h0m0s'],
      ['90m', '1h30m0s'],
      ['1.5h', '1h30m0s'],
      ['2h45m', '2h45m0s'],
      ['5m', '5m0s'],
      ['90s', '1m30s'],
      ['1m30s', '1m30s'],
      ['500ms', '500ms'],
      ['0.5s', '500ms'],
      ['1.5s', '1.5s'],
      ['1500ms', '1.5s'],
      ['0', '0s'],
      ['0s', '0s'],
      ['-0', '0s'],
      ['+5m', '5m0s'],
      ['-1s', '-1s'],
      ['-90m', '-1h30m0s'],
      ['1µs', '1µs'],
      ['1us', '1µs'],
      ['1μs', '1µs'], // U+03BC in, U+00B5 out, as Go prints it
      ['1500us', '1.5ms'],
      ['100ns', '100ns'],
      ['1ms1ns', '1.000001ms'],
      ['25ms', '25ms'],
      ['48h', '48h0m0s'],
      ['.5s', '500ms'],
      ['5.s', '5s'],
      // Go truncates a fraction finer than a nanosecond, it does not round it
      ['0.9999999999s', '999.999999ms'],
      ['2562047h47m16.854775807s', '2562047h47m16.854775807s'],
    ];
    for (const [input, expected] of cases) expect([input, canonicalGoDuration(input)]).toEqual([input, expected]);
  });

  it('proto types (Mesh, Dataplane, old policies): seconds with 0, 3, 6 or 9 decimals', () => {
    const cases: Array<[string, string]> = [
      ['1h', '3600s'],
      ['1m', '60s'],
      ['10s', '10s'],
      ['500ms', '0.500s'],
      ['1.5s', '1.500s'],
      ['1.25s', '1.250s'],
      ['1µs', '0.000001s'],
      ['1ns', '0.000000001s'],
      ['1s1ns', '1.000000001s'],
      ['0', '0s'],
      ['0s', '0s'],
      ['-1.5s', '-1.500s'],
      ['-500ms', '-0.500s'],
      ['90m', '5400s'],
    ];
    for (const [input, expected] of cases) expect([input, canonicalProtoDuration(input)]).toEqual([input, expected]);
  });

  it('leaves what Go cannot parse alone, and tells overflow from a good value', () => {
    for (const bad of ['', '1d', 'abc', '1', '.s', '-', '9223372036854775808ns', '2562048h']) {
      expect([bad, canonicalGoDuration(bad), canonicalProtoDuration(bad)]).toEqual([bad, undefined, undefined]);
    }
    expect(goDurationNanoseconds('9223372036854775807ns')).toBe(9223372036854775807n);
    expect(goDurationNanoseconds('-9223372036854775808ns')).toBe(-9223372036854775808n);
    expect(canonicalGoDuration('-9223372036854775808ns')).toBe('-2562047h47m16.854775808s');
  });
});

describe('which fields are durations, from the schemas', () => {
  it('knows the Kubernetes-style policies (metav1.Duration) and the proto types (google.protobuf.Duration)', () => {
    const of = (type: string) => Object.fromEntries(durationFields(type).map((f) => [f.path, f.kind]));
    expect(of('MeshTimeout')).toMatchObject({
      'spec.to[].default.idleTimeout': 'go',
      'spec.from[].default.http.streamIdleTimeout': 'go',
      'spec.rules[].default.http.requestHeadersTimeout': 'go',
      'spec.to[].default.connectionTimeout': 'go',
      'spec.to[].default.http.maxConnectionDuration': 'go',
    });
    expect(of('MeshRetry')).toMatchObject({
      'spec.to[].default.http.perTryTimeout': 'go',
      'spec.to[].default.grpc.backOff.baseInterval': 'go',
      'spec.to[].default.http.rateLimitedBackOff.maxInterval': 'go',
    });
    expect(of('MeshHealthCheck')).toMatchObject({ 'spec.to[].default.initialJitter': 'go', 'spec.to[].default.noTrafficInterval': 'go' });
    expect(of('MeshIdentity')).toMatchObject({ 'spec.provider.bundled.certificateParameters.expiry': 'go', 'spec.provider.spire.agent.timeout': 'go' });
    expect(of('MeshFaultInjection')).toMatchObject({ 'spec.to[].default.http[].delay.value': 'go' });
    expect(of('Mesh')).toEqual({ 'mtls.backends[].dpCert.requestTimeout': 'proto', 'mtls.backends[].rootChain.requestTimeout': 'proto' });
    expect(of('Timeout')).toMatchObject({ 'conf.connectTimeout': 'proto', 'conf.http.idleTimeout': 'proto' });
    expect(of('Dataplane')).toMatchObject({ 'networking.inbound[].serviceProbe.interval': 'proto' });
    // not a duration although the name sounds like one: Kuma's own format, stored as written
    expect(of('Mesh')['mtls.backends[].dpCert.rotation.expiration']).toBeUndefined();
    // a type without durations
    expect(durationFields('MeshTrafficPermission')).toEqual([]);
  });

  it('finds durations in every type that has them, and only in string fields', () => {
    const withDurations = RESOURCE_TYPES.filter((t) => durationFields(t.name).length > 0).map((t) => t.name).sort();
    expect(withDurations).toEqual(
      [
        'CircuitBreaker', 'Dataplane', 'FaultInjection', 'HealthCheck', 'Mesh', 'MeshCircuitBreaker', 'MeshFaultInjection', 'MeshHealthCheck',
        'MeshIdentity', 'MeshLoadBalancingStrategy', 'MeshMetric', 'MeshRateLimit', 'MeshRetry', 'MeshTimeout', 'RateLimit', 'Retry', 'Timeout',
      ].sort(),
    );
  });
});

describe('storing a resource as kuma-cp does', () => {
  it('rewrites every duration of a policy to its canonical form, and nothing else', () => {
    const doc = {
      type: 'MeshTimeout',
      mesh: 'm',
      name: '1h',
      spec: {
        targetRef: { kind: 'MeshService', name: '90m' },
        to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1h', connectionTimeout: '0', http: { requestTimeout: '1.5s', streamIdleTimeout: '30m' } } }],
        rules: [{ default: { http: { requestHeadersTimeout: '500ms', maxStreamDuration: '0s' } } }],
      },
    };
    normaliseForStorage('MeshTimeout', doc);
    expect(doc.name).toBe('1h');
    expect(doc.spec.targetRef.name).toBe('90m');
    expect(doc.spec.to[0]!.default).toEqual({ idleTimeout: '1h0m0s', connectionTimeout: '0s', http: { requestTimeout: '1.5s', streamIdleTimeout: '30m0s' } });
    expect(doc.spec.rules[0]!.default).toEqual({ http: { requestHeadersTimeout: '500ms', maxStreamDuration: '0s' } });
  });

  it('rewrites proto durations to seconds (Mesh, old policies) and leaves a value Go cannot read as written', () => {
    const mesh = {
      type: 'Mesh',
      name: 'm',
      mtls: { backends: [{ name: 'ca', type: 'provided', dpCert: { requestTimeout: '1m', rotation: { expiration: '1d' } }, rootChain: { requestTimeout: '1.5s' } }] },
    };
    canonicaliseDurations('Mesh', mesh);
    expect(mesh.mtls.backends[0]).toMatchObject({ dpCert: { requestTimeout: '60s', rotation: { expiration: '1d' } }, rootChain: { requestTimeout: '1.500s' } });
    const timeout = { type: 'Timeout', mesh: 'm', name: 't', conf: { connectTimeout: '500ms', http: { idleTimeout: 'soon' } } };
    canonicaliseDurations('Timeout', timeout);
    expect(timeout.conf).toEqual({ connectTimeout: '0.500s', http: { idleTimeout: 'soon' } });
  });
});
