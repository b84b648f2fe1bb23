import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { kriOf, nextOffset, renderList, renderOne, toKumactlJson } from '../../src/lib/output/resources.js';
import { typeByName, type ResourceType } from '../../src/lib/resources/registry.js';
import { expectGolden } from './golden.js';

const NOW = new Date('2008-04-01T16:05:36.995Z');
const ZERO = '0001-01-01T00:00:00Z';

function type(name: string): ResourceType {
  const t = typeByName(name);
  if (!t) throw new Error(`no type ${name}`);
  return t;
}

// Resources as the v2.14 API returns them (kuma-api.md §3).
const mesh1 = {
  type: 'Mesh',
  name: 'mesh-1',
  creationTime: '2008-04-01T16:00:00.120000000Z',
  modificationTime: '2008-04-01T16:00:36.995+00:00',
  labels: { 'kuma.io/origin': 'zone', team: 'payments' },
  kri: 'stale-value-is-recomputed',
  mtls: {
    enabledBackend: 'ca-1',
    backends: [{ name: 'ca-1', type: 'builtin', dpCert: { rotation: { expiration: '1d' } }, conf: { caCert: { RSAbits: 2048, expiration: '10y' } } }],
  },
  routing: { localityAwareLoadBalancing: true, zoneEgress: true },
  meshServices: { mode: 'Exclusive' },
};
const mesh2 = { type: 'Mesh', name: 'mesh-2', creationTime: ZERO, modificationTime: ZERO };

const dataplanes = [
  {
    type: 'Dataplane',
    mesh: 'default',
    name: 'web-01',
    creationTime: ZERO,
    modificationTime: '2008-04-01T15:05:36.995Z',
    networking: {
      address: '10.0.0.1',
      advertisedAddress: '192.168.0.1',
      inbound: [
        { port: 8080, servicePort: 80, tags: { 'kuma.io/service': 'web', version: 'v1', 'kuma.io/protocol': 'http' } },
        { port: 9090, tags: { 'kuma.io/service': 'web-admin', version: 'v1' } },
      ],
    },
  },
  {
    type: 'Dataplane',
    mesh: 'default',
    name: 'edge-gateway',
    creationTime: ZERO,
    modificationTime: '2008-03-30T16:05:36.995Z',
    networking: { address: '10.0.0.2', gateway: { type: 'BUILTIN', tags: { 'kuma.io/service': 'edge' } } },
  },
  { type: 'Dataplane', mesh: 'other', name: 'bare', creationTime: ZERO, modificationTime: ZERO, networking: { address: '10.0.0.3' } },
];

// The v2.14 kumactl golden input `get-meshtimeout` (app/kumactl/cmd/get/testdata).
const meshTimeout = {
  type: 'MeshTimeout',
  mesh: 'default',
  name: 'meshtimeout-1',
  creationTime: ZERO,
  modificationTime: ZERO,
  labels: {
    'kuma.io/zone': 'my-zone',
    'kuma.io/origin': 'zone',
    'kuma.io/mesh': 'default',
    'kuma.io/display-name': 'timeout-2',
    'k8s.kuma.io/namespace': 'kong-mesh-system',
  },
  spec: {
    targetRef: { kind: 'Mesh' },
    to: [{ targetRef: { kind: 'MeshService', name: 'api-play-000_microservice-mesh_svc_8080' }, default: { http: { requestTimeout: '4s' } } }],
  },
};

const secret = {
  type: 'Secret',
  mesh: 'default',
  name: 'sec-1',
  creationTime: '2008-04-01T16:05:30Z',
  modificationTime: '2008-04-01T16:05:30Z',
  labels: { 'kuma.io/mesh': 'default' },
  data: 'dGVzdAo=',
};

describe('get meshes (v2.14 columns)', () => {
  it('table: NAME mTLS LOCALITY ZONEEGRESS AGE', () => {
    const out = renderList(type('Mesh'), { total: 2, items: [mesh1, mesh2], next: null }, 'table', NOW);
    expect(out).toBe(
      'NAME     mTLS           LOCALITY   ZONEEGRESS   AGE\n' +
        'mesh-1   builtin/ca-1   on         on           5m\n' +
        'mesh-2   off            off        off          292y\n',
    );
    expectGolden('get-meshes.txt', out);
  });

  it('json and yaml lists', () => {
    const list = { total: 2, items: [mesh1, mesh2], next: null };
    expectGolden('get-meshes.json', renderList(type('Mesh'), list, 'json', NOW));
    const yaml = renderList(type('Mesh'), list, 'yaml', NOW);
    expectGolden('get-meshes.yaml', yaml);
    expect(parse(yaml)).toEqual({ items: [toKumactlJson(type('Mesh'), mesh1), toKumactlJson(type('Mesh'), mesh2)], next: null, total: 2 });
  });

  it('single mesh: table, json, yaml (meta block, then spec block)', () => {
    const t = type('Mesh');
    expect(renderOne(t, mesh1, 'table', NOW)).toBe('NAME     mTLS           LOCALITY   ZONEEGRESS   AGE\nmesh-1   builtin/ca-1   on         on           5m\n');
    const json = renderOne(t, mesh1, 'json', NOW);
    expectGolden('get-mesh.json', json);
    expect(Object.keys(JSON.parse(json) as object)).toEqual([
      'type',
      'name',
      'creationTime',
      'modificationTime',
      'labels',
      'kri',
      'mtls',
      'routing',
      'meshServices',
    ]);
    const yaml = renderOne(t, mesh1, 'yaml', NOW);
    expectGolden('get-mesh.yaml', yaml);
    expect(yaml.startsWith('creationTime: "2008-04-01T16:00:00.12Z"\nkri: kri_m____mesh-1_\nlabels:\n')).toBe(true);
    expect(yaml).toContain('name: mesh-1\ntype: Mesh\nmeshServices:\n  mode: Exclusive\nmtls:\n');
    expect(parse(yaml)).toEqual(toKumactlJson(t, mesh1));
  });

  it('matches the v2.x kumactl golden get-mesh.golden.yaml', () => {
    const mesh = {
      type: 'Mesh',
      name: 'mesh-1',
      creationTime: ZERO,
      modificationTime: ZERO,
      mtls: { enabledBackend: 'builtin-1', backends: [{ name: 'builtin-1', type: 'builtin' }] },
      logging: {
        backends: [
          { name: 'logstash', type: 'tcp', conf: { address: '127.0.0.1:5000' } },
          { name: 'file', type: 'file', conf: { path: '/tmp/service.log' } },
        ],
      },
      metrics: { enabledBackend: 'prometheus-1', backends: [{ name: 'prometheus-1', type: 'prometheus', conf: { path: '/non-standard-path', port: 1234 } }] },
      routing: { localityAwareLoadBalancing: true, zoneEgress: true },
    };
    expect(renderOne(type('Mesh'), mesh, 'yaml', NOW)).toBe(
      [
        'creationTime: "0001-01-01T00:00:00Z"',
        'kri: kri_m____mesh-1_',
        'modificationTime: "0001-01-01T00:00:00Z"',
        'name: mesh-1',
        'type: Mesh',
        'logging:',
        '  backends:',
        '  - conf:',
        '      address: 127.0.0.1:5000',
        '    name: logstash',
        '    type: tcp',
        '  - conf:',
        '      path: /tmp/service.log',
        '    name: file',
        '    type: file',
        'metrics:',
        '  backends:',
        '  - conf:',
        '      path: /non-standard-path',
        '      port: 1234',
        '    name: prometheus-1',
        '    type: prometheus',
        '  enabledBackend: prometheus-1',
        'mtls:',
        '  backends:',
        '  - name: builtin-1',
        '    type: builtin',
        '  enabledBackend: builtin-1',
        'routing:',
        '  localityAwareLoadBalancing: true',
        '  zoneEgress: true',
        '',
      ].join('\n'),
    );
    expect(renderOne(type('Mesh'), mesh2, 'json', NOW)).toBe(
      '{\n  "type": "Mesh",\n  "name": "mesh-2",\n  "creationTime": "0001-01-01T00:00:00Z",\n  "modificationTime": "0001-01-01T00:00:00Z",\n  "kri": "kri_m____mesh-2_"\n}\n',
    );
    // An empty spec block is left out.
    expect(renderOne(type('Mesh'), mesh2, 'yaml', NOW)).toBe(
      'creationTime: "0001-01-01T00:00:00Z"\nkri: kri_m____mesh-2_\nmodificationTime: "0001-01-01T00:00:00Z"\nname: mesh-2\ntype: Mesh\n',
    );
  });
});

describe('get dataplanes (v2.x TAGS and ADDRESS)', () => {
  it('table', () => {
    const out = renderList(type('Dataplane'), { total: 3, items: dataplanes, next: null }, 'table', NOW);
    expect(out).toBe(
      'MESH      NAME           TAGS                                                             ADDRESS       AGE\n' +
        'default   web-01         kuma.io/protocol=http kuma.io/service=web,web-admin version=v1   192.168.0.1   1h\n' +
        'default   edge-gateway   kuma.io/service=edge                                             10.0.0.2      2d\n' +
        'other     bare                                                                            10.0.0.3      292y\n',
    );
    expectGolden('get-dataplanes.txt', out);
  });

  it('single dataplane yaml is meta then spec, and parses back', () => {
    const t = type('Dataplane');
    const dp = dataplanes[0] as Record<string, unknown>;
    const yaml = renderOne(t, dp, 'yaml', NOW);
    expectGolden('get-dataplane.yaml', yaml);
    expect(yaml.split('\n').slice(0, 6)).toEqual([
      'creationTime: "0001-01-01T00:00:00Z"',
      'kri: kri_dp_default___web-01_',
      'mesh: default',
      'modificationTime: "2008-04-01T15:05:36.995Z"',
      'name: web-01',
      'type: Dataplane',
    ]);
    expect(parse(yaml)).toEqual(toKumactlJson(t, dp));
  });
});

describe('get meshtimeouts', () => {
  it('table: MESH NAME AGE', () => {
    const other = { ...meshTimeout, name: 'mt-2', labels: {}, modificationTime: '2008-04-01T16:05:00Z' };
    const out = renderList(type('MeshTimeout'), { total: 2, items: [meshTimeout, other], next: null }, 'table', NOW);
    expect(out).toBe('MESH      NAME            AGE\ndefault   meshtimeout-1   292y\ndefault   mt-2            36s\n');
    expectGolden('get-meshtimeouts.txt', out);
  });

  it('single: matches the v2.14 kumactl goldens get-meshtimeout.golden.{json,yaml}', () => {
    const t = type('MeshTimeout');
    expect(kriOf(t, meshTimeout)).toBe('kri_mt_default_my-zone_kong-mesh-system_timeout-2_');
    const json = renderOne(t, meshTimeout, 'json', NOW);
    expect(json).toBe(`{
  "type": "MeshTimeout",
  "mesh": "default",
  "name": "meshtimeout-1",
  "creationTime": "0001-01-01T00:00:00Z",
  "modificationTime": "0001-01-01T00:00:00Z",
  "labels": {
    "k8s.kuma.io/namespace": "kong-mesh-system",
    "kuma.io/display-name": "timeout-2",
    "kuma.io/mesh": "default",
    "kuma.io/origin": "zone",
    "kuma.io/zone": "my-zone"
  },
  "kri": "kri_mt_default_my-zone_kong-mesh-system_timeout-2_",
  "spec": {
    "targetRef": {
      "kind": "Mesh"
    },
    "to": [
      {
        "targetRef": {
          "kind": "MeshService",
          "name": "api-play-000_microservice-mesh_svc_8080"
        },
        "default": {
          "http": {
            "requestTimeout": "4s"
          }
        }
      }
    ]
  }
}
`);
    expectGolden('get-meshtimeout.json', json);
    const yaml = renderOne(t, meshTimeout, 'yaml', NOW);
    expect(yaml).toBe(`creationTime: "0001-01-01T00:00:00Z"
kri: kri_mt_default_my-zone_kong-mesh-system_timeout-2_
labels:
  k8s.kuma.io/namespace: kong-mesh-system
  kuma.io/display-name: timeout-2
  kuma.io/mesh: default
  kuma.io/origin: zone
  kuma.io/zone: my-zone
mesh: default
modificationTime: "0001-01-01T00:00:00Z"
name: meshtimeout-1
spec:
  targetRef:
    kind: Mesh
  to:
  - default:
      http:
        requestTimeout: 4s
    targetRef:
      kind: MeshService
      name: api-play-000_microservice-mesh_svc_8080
type: MeshTimeout
`);
    expectGolden('get-meshtimeout.yaml', yaml);
    expect(parse(yaml)).toEqual(toKumactlJson(t, meshTimeout));
    expect(renderOne(t, meshTimeout, 'table', NOW)).toBe('MESH      NAME            AGE\ndefault   meshtimeout-1   292y\n');
  });
});

describe('secrets', () => {
  it('no kri; data kept', () => {
    const t = type('Secret');
    const json = renderOne(t, secret, 'json', NOW);
    expect(JSON.parse(json)).not.toHaveProperty('kri');
    expectGolden('get-secret.json', json);
    const yaml = renderOne(t, secret, 'yaml', NOW);
    expect(yaml).toBe(
      'creationTime: "2008-04-01T16:05:30Z"\nlabels:\n  kuma.io/mesh: default\nmesh: default\nmodificationTime: "2008-04-01T16:05:30Z"\nname: sec-1\ntype: Secret\ndata: dGVzdAo=\n',
    );
    expectGolden('get-secret.yaml', yaml);
    expect(renderOne(t, secret, 'table', NOW)).toBe('MESH      NAME    AGE\ndefault   sec-1   6s\n');
  });
});

describe('spec-wrapped types with a status', () => {
  it('snis sorted by port, spec, status; all keys sorted in yaml', () => {
    const t = type('MeshService');
    const ms = {
      type: 'MeshService',
      mesh: 'default',
      name: 'redis',
      creationTime: ZERO,
      modificationTime: ZERO,
      snis: [
        { port: 6380, sni: 'b' },
        { port: 6379, sni: 'a' },
      ],
      spec: { ports: [{ port: 6379, appProtocol: 'tcp' }], selector: { dataplaneTags: { app: 'redis' } } },
      status: { addresses: [], vips: [{ ip: '241.0.0.1' }] },
    };
    const json = JSON.parse(renderOne(t, ms, 'json', NOW)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['type', 'mesh', 'name', 'creationTime', 'modificationTime', 'kri', 'snis', 'spec', 'status']);
    expect(json.snis).toEqual([
      { port: 6379, sni: 'a' },
      { port: 6380, sni: 'b' },
    ]);
    const yaml = renderOne(t, ms, 'yaml', NOW);
    expect(yaml.split('\n').filter((l) => /^[a-z]/.test(l)).map((l) => l.split(':')[0])).toEqual([
      'creationTime',
      'kri',
      'mesh',
      'modificationTime',
      'name',
      'snis',
      'spec',
      'status',
      'type',
    ]);
    expect(parse(yaml)).toEqual(toKumactlJson(t, ms));
    // A type with a status but none sent still prints `status: {}`.
    expect(renderOne(t, { ...ms, status: undefined }, 'yaml', NOW)).toContain('\nstatus: {}\n');
  });
});

describe('pagination', () => {
  const page = {
    total: 3,
    items: [meshTimeout, { ...meshTimeout, name: 'mt-2', labels: {} }],
    next: 'http://localhost:5681/meshes/default/meshtimeouts?offset=2&size=2',
  };

  it('reads the offset of the next link', () => {
    expect(nextOffset(page.next)).toBe('2');
    expect(nextOffset(null)).toBe('');
    expect(nextOffset('http://localhost:5681/meshes?size=2')).toBe('');
    expect(nextOffset('/meshes?offset=a%20b')).toBe('a b');
  });

  it('table: footer after an empty line', () => {
    const out = renderList(type('MeshTimeout'), page, 'table', NOW);
    expect(out).toBe(
      'MESH      NAME            AGE\ndefault   meshtimeout-1   292y\ndefault   mt-2            292y\n\nRerun command with --offset=2 argument to retrieve more resources\n',
    );
    expectGolden('get-meshtimeouts.pagination.txt', out);
  });

  it('json/yaml: next is always null; yaml is a valid apply input', () => {
    const json = renderList(type('MeshTimeout'), page, 'json', NOW);
    expect(JSON.parse(json)).toMatchObject({ total: 3, next: null });
    expect(Object.keys(JSON.parse(json) as object)).toEqual(['total', 'items', 'next']);
    expectGolden('get-meshtimeouts.pagination.json', json);
    const yaml = renderList(type('MeshTimeout'), page, 'yaml', NOW);
    expectGolden('get-meshtimeouts.pagination.yaml', yaml);
    expect(yaml.endsWith('next: null\ntotal: 3\n')).toBe(true);
    const parsed = parse(yaml) as { items: unknown[] };
    expect(parsed.items).toHaveLength(2);
    expect(parsed).toEqual({ items: page.items.map((i) => toKumactlJson(type('MeshTimeout'), i)), next: null, total: 3 });
  });

  it('empty list', () => {
    const empty = { total: 0, items: [], next: null };
    expect(renderList(type('MeshTimeout'), empty, 'table', NOW)).toBe('MESH   NAME   AGE\n');
    expect(renderList(type('Zone'), empty, 'table', NOW)).toBe('NAME   AGE\n');
    expect(renderList(type('MeshTimeout'), empty, 'json', NOW)).toBe('{\n  "total": 0,\n  "items": [],\n  "next": null\n}\n');
    expect(renderList(type('MeshTimeout'), empty, 'yaml', NOW)).toBe('items: []\nnext: null\ntotal: 0\n');
  });

  it('rejects an unknown format', () => {
    expect(() => renderList(type('Mesh'), { total: 0, items: [], next: null }, 'xml' as never, NOW)).toThrow('unknown output format "xml"');
  });
});
