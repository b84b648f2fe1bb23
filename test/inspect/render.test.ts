import { describe, it, expect } from 'vitest';
import { dataplaneRow, dataplaneStatus, renderInspect, zoneRow, serviceRow } from '../../src/lib/inspect/index.js';
import { renderDataplanePolicies } from '../../src/lib/inspect/dataplane-policies.js';
import { goldenIn } from '../helpers/golden.js';

const golden = goldenIn('inspect');

/** Overviews in the shape kuma-cp 2.14 answers for connected proxies (our own data). */
const subscriptions = [
  {
    id: '1',
    controlPlaneInstanceId: 'cp-1',
    connectTime: '2026-01-01T08:00:00Z',
    disconnectTime: '2026-01-01T09:00:00Z',
    status: { total: { responsesSent: '10', responsesRejected: '1' } },
  },
  {
    id: '2',
    controlPlaneInstanceId: 'cp-2',
    connectTime: '2026-01-01T10:00:00Z',
    status: { lastUpdateTime: '2026-01-01T11:55:00Z', total: { responsesSent: '20', responsesRejected: '2' } },
    version: { kumaDp: { version: '2.14.3' }, envoy: { version: '1.36.2' }, dependencies: { coredns: '1.12.1' } },
  },
];
const mTLS = {
  certificateExpirationTime: '2026-01-02T12:00:00Z',
  lastCertificateRegeneration: '2026-01-01T06:00:00Z',
  certificateRegenerations: 3,
  issuedBackend: 'ca-1',
  supportedBackends: ['ca-1', 'ca-2'],
};
const overview = (name: string, inbound: unknown[], insight?: unknown) => ({
  type: 'DataplaneOverview',
  mesh: 'default',
  name,
  dataplane: { networking: { address: '10.0.0.1', inbound } },
  ...(insight ? { dataplaneInsight: insight } : {}),
});

const NOW = new Date('2026-01-01T12:00:00Z');

describe("inspect tables from kuma-cp's answers for connected proxies", () => {
  const items = [
    overview('online', [{ port: 8080, tags: { 'kuma.io/service': 'web' } }], { subscriptions, mTLS }),
    overview('degraded', [{ port: 8080, tags: { 'kuma.io/service': 'web' } }, { port: 9001, health: {}, tags: { 'kuma.io/service': 'web' } }], { subscriptions, mTLS }),
    overview('not-ready', [{ port: 8080, state: 'NotReady', tags: { 'kuma.io/service': 'web' } }], { subscriptions }),
    overview('never', [{ port: 8080, tags: { 'kuma.io/service': 'web' } }]),
  ];

  it('status follows kuma-cp: online proxy, ready inbounds; partially degraded; offline', () => {
    expect(items.map((o) => dataplaneStatus(o).status)).toEqual(['Online', 'Partially degraded', 'Offline', 'Offline']);
    expect(dataplaneStatus(items[1]!).notes).toEqual(['inbound[port=9001,svc=web] is not ready']);
  });

  it("a connected proxy's row: ages, totals over every subscription, the last one's versions, certificate columns", () => {
    const row = dataplaneRow(items[0]!, NOW);
    expect(row.slice(3, 8)).toEqual(['Online', '2h', '5m', '30', '3']);
    expect(row.slice(10, 17)).toEqual(['3', 'ca-1', 'ca-1,ca-2', '2.14.3', '1.36.2', 'coredns: 1.12.1', '']);
    expect(row[8]).toBe('6h');
  });

  it('the whole table', () => {
    // CERT EXPIRATION is local time, as kumactl prints it
    const tz = process.env.TZ;
    process.env.TZ = 'UTC';
    try {
      golden('dataplanes-connected.txt', renderInspect('dataplanes', { total: items.length, items, next: null }, 'table', NOW));
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('zones: Online only when connected and enabled; the backend from the subscription config', () => {
    const zone = { name: 'east', zone: { enabled: true }, zoneInsight: { subscriptions: [{ connectTime: '2026-01-01T10:00:00Z', config: '{"store":{"type":"postgres"}}', version: { kumaCp: { version: '2.14.3' } } }] } };
    expect(zoneRow(zone, NOW)).toEqual(['east', 'Online', '2h', 'never', '0', '0', '2.14.3', 'postgres']);
    expect(zoneRow({ ...zone, zone: { enabled: false } }, NOW)[1]).toBe('Offline');
  });

  it('services: kuma-cp status names', () => {
    expect(serviceRow({ name: 'a', status: 'partially_degraded', dataplanes: { total: 3, online: 1, offline: 2 } })).toEqual(['a', 'Partially degraded', '1/3']);
    expect(serviceRow({ name: 'b', status: 'not_available', dataplanes: {} })).toEqual(['b', 'Offline', '0/0']);
  });
});

describe("inspect dataplane NAME: kumactl's text for kuma-cp's /policies answer", () => {
  it('a sidecar: each attachment, the matched policies by type', () => {
    const answer = {
      kind: 'SidecarDataplane',
      total: 3,
      items: [
        { type: 'dataplane', name: '', service: '', matchedPolicies: { MeshTrace: [{ type: 'MeshTrace', mesh: 'default', name: 'trace-all' }] } },
        { type: 'inbound', name: '10.0.0.1:8080:8081', service: 'web', matchedPolicies: { TrafficPermission: [{ name: 'allow-all' }] } },
        { type: 'service', name: 'backend', service: '', matchedPolicies: { Retry: [{ name: 'retry-1' }, { name: 'retry-2' }], CircuitBreaker: [{ name: 'cb' }] } },
      ],
    };
    golden('dataplane-policies.txt', renderDataplanePolicies(answer));
  });

  it('a builtin gateway: listeners, hosts, routes, destinations', () => {
    const answer = {
      kind: 'MeshGatewayDataplane',
      gateway: { mesh: 'default', name: 'edge' },
      policies: { MeshTrace: { mesh: 'default', name: 'trace-all' } },
      listeners: [{ port: 8080, protocol: 'HTTP', hosts: [{ hostName: '*', routes: [{ route: 'r1', destinations: [{ tags: { 'kuma.io/service': 'web' }, policies: { Timeout: { name: 't1' } } }] }] }] }],
    };
    golden('dataplane-policies-gateway.txt', renderDataplanePolicies(answer));
  });
});
