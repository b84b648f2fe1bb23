import { describe, expect, it } from 'vitest';
import { validateDataplane } from '../../src/lib/validation/rules/dataplane.js';
import type { Violation } from '../../src/lib/validation/types.js';

type Doc = Record<string, unknown>;

const dp = (networking: unknown): Doc => ({ type: 'Dataplane', mesh: 'default', name: 'web-1', ...(networking === undefined ? {} : { networking }) });
const brief = (vs: Violation[]) => vs.map(({ field, message, severity }) => ({ field, message, severity }));
const check = (networking: unknown) => brief(validateDataplane(dp(networking)));
const err = (field: string, message: string) => ({ field, message, severity: 'error' });

const INBOUND = { port: 8080, servicePort: 80, tags: { 'kuma.io/service': 'web', 'kuma.io/protocol': 'http', version: 'v1.2' } };

describe('validateDataplane', () => {
  it('accepts a typical Universal dataplane', () => {
    expect(
      check({
        address: '10.0.0.5',
        inbound: [INBOUND, { port: 9090 }],
        outbound: [
          { port: 10001, tags: { 'kuma.io/service': 'backend' } },
          { port: 10002, backendRef: { kind: 'MeshService', name: 'redis', port: 6379 } },
          { port: 10003, backend_ref: { kind: 'MeshService', name: 'db' }, tags: {} },
        ],
      }),
    ).toEqual([]);
    expect(check({ address: 'web-1.internal', gateway: { type: 'BUILTIN', tags: { 'kuma.io/service': 'edge' } } })).toEqual([]);
    expect(check({ address: 'fd00::5', inbound: [INBOUND] })).toEqual([]);
  });

  it('networking must be defined', () => {
    expect(check(undefined)).toEqual([err('networking', 'must be defined')]);
    expect(check(null)).toEqual([err('networking', 'must be defined')]);
  });

  it('address rules', () => {
    expect(check({})).toEqual([err('networking.address', "address can't be empty")]);
    expect(check({ address: '0.0.0.0' })).toEqual([err('networking.address', 'must not be 0.0.0.0 or ::')]);
    expect(check({ address: '::' })).toEqual([err('networking.address', 'must not be 0.0.0.0 or ::')]);
    for (const address of ['not an address', 'http://x', '-', 'a..b']) {
      expect(check({ address }), address).toEqual([err('networking.address', 'address has to be valid IP address or domain name')]);
    }
  });

  it('an inbound with tags needs kuma.io/service', () => {
    expect(check({ address: '10.0.0.5', inbound: [{ port: 8080, tags: { version: 'v1' } }] })).toEqual([
      err('networking.inbound[0].tags["kuma.io/service"]', 'tag has to exist'),
    ]);
  });

  it('inbound tags use the tag charset (no "/" or "*" in values), keys in sorted order', () => {
    expect(check({ address: '10.0.0.5', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web', 'team!': 'a', path: 'a/b', any: '*', empty: '', '': 'x' } }] })).toEqual([
      err('networking.inbound[0].tags', 'tag name must be non-empty'),
      err('networking.inbound[0].tags["any"]', 'tag value may only use letters, digits, dots, dashes, underscores and colons (no "/" and no "*" in a data plane tag)'),
      err('networking.inbound[0].tags["empty"]', 'tag value must be non-empty'),
      err('networking.inbound[0].tags["path"]', 'tag value may only use letters, digits, dots, dashes, underscores and colons (no "/" and no "*" in a data plane tag)'),
      err('networking.inbound[0].tags["team!"]', 'tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores'),
    ]);
  });

  it('outbounds name their destination with backendRef or tags, not both', () => {
    expect(check({ address: '10.0.0.5', outbound: [{ port: 1, backendRef: { kind: 'MeshService', name: 'x' }, tags: { 'kuma.io/service': 'x' } }] })).toEqual([
      err('networking.outbound[0]', 'sets both backendRef and tags; name the destination with exactly one of them'),
    ]);
    expect(check({ address: '10.0.0.5', outbound: [{ port: 1 }] })).toEqual([
      err('networking.outbound[0]', 'needs a destination: either backendRef or tags with kuma.io/service'),
    ]);
    expect(check({ address: '10.0.0.5', outbound: [{ port: 1, tags: { version: 'v1' } }] })).toEqual([
      err('networking.outbound[0].tags["kuma.io/service"]', 'tag has to exist'),
    ]);
  });

  it('never throws on odd shapes', () => {
    expect(() => validateDataplane(dp({ address: 5, inbound: 'x', outbound: [null, 3] }))).not.toThrow();
    expect(() => validateDataplane(null as unknown as Doc)).not.toThrow();
  });
});
