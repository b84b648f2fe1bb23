import { describe, expect, it } from 'vitest';
import { age, cellsFor, formatDuration, formatTimestamp, parseTimestamp, tagsCell } from '../../src/lib/output/cells.js';
import { typeByName, type ResourceType } from '../../src/lib/resources/registry.js';

const NOW = new Date('2008-04-01T16:05:36.995Z');
const before = (ms: number): string => new Date(NOW.getTime() - ms).toISOString();

function type(name: string): ResourceType {
  const t = typeByName(name);
  if (!t) throw new Error(`no type ${name}`);
  return t;
}

describe('age', () => {
  it.each([
    ['0001-01-01T00:00:00Z', '292y'],
    [undefined, '292y'],
    ['not a time', '292y'],
    [before(0), '0s'],
    [before(59_000), '59s'],
    [before(60_000), '1m'],
    [before(59 * 60_000 + 59_000), '59m'],
    [before(61 * 60_000), '1h'],
    [before(23 * 3_600_000 + 59 * 60_000), '23h'],
    [before(25 * 3_600_000), '1d'],
    [before(364 * 86_400_000), '364d'],
    [before(365 * 86_400_000), '1y'],
    [before(400 * 86_400_000), '1y'],
    [before(800 * 86_400_000), '2y'],
    ['2008-04-01T16:05:37.995Z', '0s'],
    ['2008-04-01T16:05:38.494Z', '0s'],
    ['2008-04-01T16:05:38.995Z', 'never'],
    ['2008-04-01T16:05:46.995Z', 'never'],
    ['9999-12-31T23:59:59Z', 'never'],
  ])('%s → %s', (t, expected) => {
    expect(age(t, NOW)).toBe(expected);
  });

  it('keeps nanoseconds and offsets', () => {
    // 59.9999999 s ago is still 59s; one nanosecond more than 60 s is 1m.
    expect(age('2008-04-01T16:04:36.9950001Z', NOW)).toBe('59s');
    expect(age('2008-04-01T16:04:36.994999999Z', NOW)).toBe('1m');
    expect(age('2008-04-01T18:05:36.995+02:00', NOW)).toBe('0s');
    expect(age('2008-04-01T11:05:36.995-05:00', NOW)).toBe('0s');
    expect(age('2008-04-01T15:05:36.995-01:00', NOW)).toBe('0s');
  });

  it('saturates at ±(2^63-1) ns like Go', () => {
    expect(formatDuration((1n << 63n) - 1n)).toBe('292y');
    expect(formatDuration(-(1n << 63n))).toBe('never');
    expect(formatDuration(-1_999_999_999n)).toBe('0s');
    expect(formatDuration(-2_000_000_000n)).toBe('never');
  });
});

describe('timestamps', () => {
  it('parse RFC 3339 with nanoseconds', () => {
    expect(parseTimestamp('1970-01-01T00:00:01.000000001Z')?.unixNanos).toBe(1_000_000_001n);
    expect(parseTimestamp('1970-01-01T01:00:00+01:00')?.unixNanos).toBe(0n);
    expect(parseTimestamp('2023-02-29T00:00:00Z')).toBeUndefined();
    expect(parseTimestamp('2024-02-29T00:00:00Z')).toBeDefined();
  });

  it('print like Go RFC3339Nano', () => {
    expect(formatTimestamp('2024-02-08T14:47:50.696320000Z')).toBe('2024-02-08T14:47:50.69632Z');
    expect(formatTimestamp('2018-07-17T16:05:36.995Z')).toBe('2018-07-17T16:05:36.995Z');
    expect(formatTimestamp('2018-07-17T16:05:36.000Z')).toBe('2018-07-17T16:05:36Z');
    expect(formatTimestamp('2018-07-17T16:05:36+00:00')).toBe('2018-07-17T16:05:36Z');
    expect(formatTimestamp('2018-07-17T16:05:36.5+02:00')).toBe('2018-07-17T16:05:36.5+02:00');
    expect(formatTimestamp(undefined)).toBe('0001-01-01T00:00:00Z');
  });
});

describe('cells', () => {
  it('Mesh: NAME mTLS LOCALITY ZONEEGRESS AGE', () => {
    const mesh = {
      type: 'Mesh',
      name: 'm1',
      modificationTime: '0001-01-01T00:00:00Z',
      mtls: { enabledBackend: 'ca-2', backends: [{ name: 'ca-1', type: 'provided' }, { name: 'ca-2', type: 'builtin' }] },
      routing: { localityAwareLoadBalancing: true, zoneEgress: false },
    };
    expect(cellsFor(type('Mesh'), mesh, NOW)).toEqual(['m1', 'builtin/ca-2', 'on', 'off', '292y']);
    expect(cellsFor(type('Mesh'), { type: 'Mesh', name: 'm2', mtls: { backends: [{ name: 'ca-1', type: 'builtin' }] } }, NOW)).toEqual([
      'm2',
      'off',
      'off',
      'off',
      '292y',
    ]);
  });

  it('Dataplane TAGS: inbound and gateway tags, values sorted and unique, keys sorted', () => {
    const dp = {
      networking: {
        address: '10.0.0.1',
        inbound: [
          { port: 1, tags: { 'kuma.io/service': 'mobile', version: 'v1' } },
          { port: 2, tags: { 'kuma.io/service': 'metrics', version: 'v1', team: 'a' } },
        ],
        gateway: { tags: { 'kuma.io/service': 'edge' } },
      },
    };
    expect(tagsCell(dp)).toBe('kuma.io/service=edge,metrics,mobile team=a version=v1');
    expect(tagsCell({ networking: { address: 'x' } })).toBe('');
  });

  it('Dataplane ADDRESS prefers networking.advertisedAddress', () => {
    const t = type('Dataplane');
    expect(cellsFor(t, { mesh: 'default', name: 'dp', networking: { address: '10.0.0.1', advertisedAddress: '1.2.3.4' } }, NOW)).toEqual([
      'default',
      'dp',
      '',
      '1.2.3.4',
      '292y',
    ]);
    expect(cellsFor(t, { mesh: 'default', name: 'dp', networking: { address: '10.0.0.1' } }, NOW)[3]).toBe('10.0.0.1');
  });

  it('other types: MESH NAME AGE or NAME AGE', () => {
    expect(cellsFor(type('MeshTimeout'), { mesh: 'm', name: 't', modificationTime: before(5_000) }, NOW)).toEqual(['m', 't', '5s']);
    expect(cellsFor(type('Zone'), { name: 'z' }, NOW)).toEqual(['z', '292y']);
  });
});
