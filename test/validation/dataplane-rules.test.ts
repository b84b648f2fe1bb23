import { describe, expect, it } from 'vitest';
import { validateDataplane } from '../../src/lib/validation/rules/dataplane.js';
import type { Violation } from '../../src/lib/validation/types.js';

/*
 * Kuma 2.14.3's Dataplane Validate() (dataplane_validator.go and its _test.go): the cases below are
 * taken from Kuma's own table, with its fields and messages.
 */

type Doc = Record<string, unknown>;

const dp = (networking: unknown, extra: Doc = {}): Doc => ({ type: 'Dataplane', mesh: 'default', name: 'web-1', ...(networking === undefined ? {} : { networking }), ...extra });
const brief = (vs: Violation[]) => vs.map(({ field, message }) => ({ field, message }));
const check = (networking: unknown, extra: Doc = {}) => brief(validateDataplane(dp(networking, extra)));
const v = (field: string, message: string) => ({ field, message });

const INBOUND = { port: 8080, servicePort: 80, tags: { 'kuma.io/service': 'web', 'kuma.io/protocol': 'http', version: 'v1.2' } };

describe('validateDataplane (Kuma 2.14.3)', () => {
  it('accepts typical Universal dataplanes', () => {
    expect(
      check({
        address: '10.0.0.5',
        inbound: [INBOUND, { port: 9090 }],
        outbound: [
          { port: 10001, tags: { 'kuma.io/service': 'backend' } },
          { port: 10002, backendRef: { kind: 'MeshService', name: 'redis', port: 6379 } },
          { port: 10003, backendRef: { kind: 'MeshExternalService', name: 'httpbin' } },
        ],
      }),
    ).toEqual([]);
    expect(check({ address: 'web-1.internal', gateway: { type: 'BUILTIN', tags: { 'kuma.io/service': 'edge' } } })).toEqual([]);
    expect(check({ address: '0:0:0:0:0:FFFF:C0A8:0001', inbound: [{ ...INBOUND, address: '::1' }] })).toEqual([]);
  });

  it('networking must be defined', () => {
    expect(check(undefined)).toEqual([v('networking', 'must be defined')]);
    expect(check(null)).toEqual([v('networking', 'must be defined')]);
  });

  it('address rules', () => {
    expect(check({})).toEqual([v('networking.address', "address can't be empty")]);
    expect(check({ address: '0.0.0.0' })).toEqual([v('networking.address', 'must not be 0.0.0.0 or ::')]);
    expect(check({ address: '::' })).toEqual([v('networking.address', 'must not be 0.0.0.0 or ::')]);
    for (const address of ['not an address', 'http://x', '-', 'a..b']) {
      expect(check({ address }), address).toEqual([v('networking.address', 'address has to be valid IP address or domain name')]);
    }
  });

  it('inbound: ports, addresses, tags (the tag charset has no "/" in values), protocol, in Kuma order', () => {
    expect(
      check({
        address: '192.168.0.1',
        inbound: [{ port: 0, servicePort: 70000, serviceAddress: 'foo', address: 'bar', tags: { 'kuma.io/protocol': 'ftp', 'inv@lid': 'a/b', version: '' } }],
      }),
    ).toEqual([
      v('networking.inbound[0].port', 'port must be in the range [1, 65535]'),
      v('networking.inbound[0].servicePort', 'port must be in the range [1, 65535]'),
      v('networking.inbound[0].serviceAddress', 'serviceAddress has to be valid IP address'),
      v('networking.inbound[0].address', 'address has to be valid IP address'),
      v('networking.inbound[0].tags["kuma.io/protocol"]', 'tag "kuma.io/protocol" has an invalid value "ftp". Allowed values: grpc, http, http2, kafka, tcp'),
      v('networking.inbound[0].tags["inv@lid"]', 'tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores'),
      v('networking.inbound[0].tags["inv@lid"]', 'tag value must consist of alphanumeric characters, dots, dashes and underscores'),
      v('networking.inbound[0].tags["version"]', 'tag value must be non-empty'),
      v('networking.inbound[0].tags["kuma.io/service"]', 'tag has to exist'),
    ]);
    expect(check({ address: '192.168.0.1', inbound: [{ port: 8080, serviceAddress: '192.168.0.1', tags: { 'kuma.io/service': 'a' } }] })).toEqual([
      v('networking.inbound[0].serviceAddress', 'serviceAddress and servicePort has to differ from address and port'),
    ]);
  });

  it('service probe: zero durations and thresholds are not positive', () => {
    expect(
      check({ address: '192.168.0.1', inbound: [{ port: 8080, serviceProbe: { timeout: '1s', interval: '0s', healthyThreshold: 5, unhealthyThreshold: 0 }, tags: { 'kuma.io/service': 'a' } }] }),
    ).toEqual([
      v('networking.inbound[0].serviceProbe.interval', 'must have a positive value'),
      v('networking.inbound[0].serviceProbe.unhealthyThreshold', 'must have a positive value'),
    ]);
  });

  it('outbounds: a destination by tags or by backendRef, not both', () => {
    expect(check({ address: '10.0.0.5', outbound: [{ port: 1 }] })).toEqual([v('networking.outbound[0].tags', 'mandatory tag "kuma.io/service" is missing')]);
    expect(check({ address: '10.0.0.5', outbound: [{ port: 1, tags: { version: 'v1' } }] })).toEqual([v('networking.outbound[0].tags', 'mandatory tag "kuma.io/service" is missing')]);
    expect(check({ address: '10.0.0.5', outbound: [{ port: 1, backendRef: { kind: 'MeshService', name: 'x', port: 80 }, tags: { 'kuma.io/service': 'x' } }] })).toEqual([
      v('networking.outbound[0].backendRef', 'both backendRef and tags/service cannot be defined'),
    ]);
    expect(check({ address: '10.0.0.5', outbound: [{ port: 70000, address: 'x', backendRef: { kind: 'Foo' } }] })).toEqual([
      v('networking.outbound[0].port', 'port must be in the range [1, 65535]'),
      v('networking.outbound[0].address', 'address has to be valid IP address'),
      v('networking.outbound[0].backendRef.kind', 'invalid value. Available values are: MeshExternalService,MeshMultiZoneService,MeshService'),
      v('networking.outbound[0].backendRef', "either 'name' or 'labels' should be specified"),
      v('networking.outbound[0].backendRef.port', 'port must be in the range [1, 65535]'),
    ]);
  });

  it('admin port must differ from inbound and outbound ports', () => {
    expect(check({ address: '192.168.0.1', admin: { port: 8080 }, inbound: [{ port: 8080, address: '127.0.0.1', tags: { 'kuma.io/service': 'a' } }], outbound: [{ port: 8080, tags: { 'kuma.io/service': 'b' } }] })).toEqual([
      v('networking.admin.port', 'must differ from inbound'),
      v('networking.admin.port', 'must differ from outbound'),
    ]);
  });

  it('gateways: builtin gateways have no inbounds, outbounds or probes; gateway tags need tcp and the service tag', () => {
    expect(
      check({ address: '192.168.0.1', gateway: { type: 'BUILTIN', tags: { 'kuma.io/service': 'gw' } }, inbound: [{ port: 1, tags: { 'kuma.io/service': 'a' } }], outbound: [{ port: 2, tags: { 'kuma.io/service': 'b' } }] }, { probes: { port: 9000 } }),
    ).toEqual([
      v('networking.inbound', 'inbound cannot be defined for builtin gateways'),
      v('networking.outbound', 'outbound cannot be defined for builtin gateways'),
      v('networking.probes', 'probes cannot be defined for builtin gateways'),
    ]);
    expect(check({ address: '192.168.0.1', gateway: { tags: { 'kuma.io/protocol': 'http' } } })).toEqual([
      v('networking.gateway.tags["kuma.io/protocol"]', 'other values than tcp are not allowed, provided value "http"'),
      v('networking.gateway.tags', 'mandatory tag "kuma.io/service" is missing'),
    ]);
  });

  it('transparent proxying reachable backends, with Kuma\'s "transparentProxing" field', () => {
    const out = validateDataplane(
      dp({ address: '192.168.0.1', transparentProxying: { reachableBackends: { refs: [{ kind: 'Foo', name: 'x', labels: { a: 'b' } }, { kind: 'MeshService', namespace: 'ns' }] } } }),
    );
    expect(brief(out)).toEqual([
      v('networking.transparentProxing.reachableBackends.refs[0].kind', 'invalid value. Available values are: MeshExternalService,MeshMultiZoneService,MeshService'),
      v('networking.transparentProxing.reachableBackends.refs[0].labels', 'labels cannot be defined when name is specified'),
      v('networking.transparentProxing.reachableBackends.refs[1].name', 'name is required, when namespace is defined'),
    ]);
    // the finding points at the document's own key
    expect(out[0]!.path).toEqual(['networking', 'transparentProxying', 'reachableBackends', 'refs', 0, 'kind']);
  });

  it('probes and metrics are rooted outside networking', () => {
    expect(check({ address: '192.168.0.1' }, { probes: { port: 0, endpoints: [{ inboundPort: 8080, inboundPath: 'healthz', path: '/ok' }] }, metrics: { type: 'zipkin' } })).toEqual([
      v('probes.port', 'port must be in the range [1, 65535]'),
      v('probes.endpoints[0].inboundPath', 'should be a valid URL Path'),
      v('metrics.type', 'unknown backend type. Available backends: "prometheus"'),
    ]);
  });

  it('listeners: type, address, port, unique names and address:port', () => {
    expect(
      check({
        address: '192.168.0.1',
        inbound: [{ port: 8080, name: 'http', tags: { 'kuma.io/service': 'a' } }],
        listeners: [
          { type: 'ZoneIngress', address: '192.168.0.1', port: 8080, name: 'http' },
          { type: 'ZoneEgress', address: '192.168.0.1', port: 8080 },
          { address: '0.0.0.0', port: 0 },
        ],
      }),
    ).toEqual([
      v('networking.listeners[0].name', 'name "http" must be unique across inbounds and listeners'),
      v('networking.listeners[0]', 'address:port 192.168.0.1:8080 collides with an inbound listener'),
      v('networking.listeners[1]', 'address:port 192.168.0.1:8080 is used by listeners of different types'),
      v('networking.listeners[1]', 'address:port 192.168.0.1:8080 collides with an inbound listener'),
      v('networking.listeners[2].type', 'type must be ZoneIngress or ZoneEgress'),
      v('networking.listeners[2].address', 'must not be 0.0.0.0 or ::'),
      v('networking.listeners[2].port', 'port must be in the range [1, 65535]'),
    ]);
  });

  it('never throws on odd shapes', () => {
    expect(() => validateDataplane(dp({ address: 5, inbound: 'x', outbound: [null, 3], listeners: [null] }))).not.toThrow();
    expect(() => validateDataplane(null as unknown as Doc)).not.toThrow();
  });
});

describe('validateDataplane: durations as kuma-cp decodes them (Go durations)', () => {
  it('a zero interval in any unit is not positive; a negative one passes, as in Kuma', () => {
    const probe = (interval: string) => check({ address: '192.168.0.1', inbound: [{ port: 8080, serviceProbe: { interval }, tags: { 'kuma.io/service': 'a' } }] });
    expect(probe('0m')).toEqual([v('networking.inbound[0].serviceProbe.interval', 'must have a positive value')]);
    expect(probe('0')).toEqual([v('networking.inbound[0].serviceProbe.interval', 'must have a positive value')]);
    expect(probe('1m')).toEqual([]);
    expect(probe('-1s')).toEqual([]);
  });
});
