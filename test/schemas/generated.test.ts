import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { addKumaFormats } from '../../src/lib/validation/formats.js';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schemas/generated');

interface IndexEntry {
  file: string;
  id: string;
  shape: 'spec' | 'flat';
  scope: 'Mesh' | 'Global';
}
const index = JSON.parse(fs.readFileSync(path.join(DIR, 'index.json'), 'utf8')) as {
  types: Record<string, IndexEntry>;
};
const types = Object.keys(index.types);

function newAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true });
  addKumaFormats(ajv);
  return ajv;
}

const ajv = newAjv();
const validators = new Map<string, ValidateFunction>();
function validatorFor(type: string): ValidateFunction {
  let v = validators.get(type);
  if (!v) {
    const entry = index.types[type];
    if (!entry) throw new Error(`no schema for ${type}`);
    v = ajv.compile(JSON.parse(fs.readFileSync(path.join(DIR, entry.file), 'utf8')) as object);
    validators.set(type, v);
  }
  return v;
}

function validate(doc: unknown): ErrorObject[] {
  const type = (doc as { type?: string }).type ?? '';
  const v = validatorFor(type);
  return v(doc) ? [] : (v.errors ?? []);
}

function yamlDocs(text: string): unknown[] {
  return parseAllDocuments(text).map((d) => d.toJS() as unknown);
}

const DEFAULT_POLICIES = `
type: MeshTimeout
name: mesh-gateways-timeout-all-default
mesh: default
spec:
  targetRef: {kind: Mesh, proxyTypes: [Gateway]}
  from:
  - targetRef: {kind: Mesh}
    default: {idleTimeout: 5m0s, http: {streamIdleTimeout: 5s, requestHeadersTimeout: 500ms}}
  to:
  - targetRef: {kind: Mesh}
    default: {idleTimeout: 1h0m0s, http: {streamIdleTimeout: 5s}}
---
type: MeshTimeout
name: mesh-timeout-all-default
mesh: default
spec:
  targetRef: {kind: Mesh, proxyTypes: [Sidecar]}
  from:
  - targetRef: {kind: Mesh}
    default: {connectionTimeout: 10s, idleTimeout: 2h0m0s, http: {requestTimeout: 0s, streamIdleTimeout: 1h0m0s, maxStreamDuration: 0s}}
  to:
  - targetRef: {kind: Mesh}
    default: {connectionTimeout: 5s, idleTimeout: 1h0m0s, http: {requestTimeout: 15s, streamIdleTimeout: 30m0s}}
---
type: MeshRetry
name: mesh-retry-all-default
mesh: default
spec:
  targetRef: {kind: Mesh}
  to:
  - targetRef: {kind: Mesh}
    default:
      tcp: {maxConnectAttempt: 5}
      http: {numRetries: 5, perTryTimeout: 16s, backOff: {baseInterval: 25ms, maxInterval: 250ms}}
      grpc: {numRetries: 5, perTryTimeout: 16s, backOff: {baseInterval: 25ms, maxInterval: 250ms}}
---
type: MeshCircuitBreaker
name: mesh-circuit-breaker-all-default
mesh: default
spec:
  targetRef: {kind: Mesh}
  to:
  - targetRef: {kind: Mesh}
    default:
      connectionLimits: {maxConnections: 1024, maxPendingRequests: 1024, maxRequests: 1024, maxRetries: 3}
`;

// From the Kuma docs (TrafficRoute, "load balancer" and "HTTP routes" examples).
const TRAFFIC_ROUTE = `
type: TrafficRoute
name: api-split
mesh: default
sources:
  - match:
      kuma.io/service: frontend_default_svc_80
destinations:
  - match:
      kuma.io/service: backend_default_svc_80
conf:
  http:
    - match:
        path:
          prefix: "/api"
      modify:
        path:
          rewritePrefix: "/v1/api"
      destination:
        kuma.io/service: backend_default_svc_80
        version: '2.0'
  split:
    - weight: 90
      destination:
        kuma.io/service: backend_default_svc_80
        version: '1.0'
    - weight: 10
      destination:
        kuma.io/service: backend_default_svc_80
        version: '2.0'
  loadBalancer:
    ringHash:
      hashFunction: "MURMUR_HASH_2"
      minRingSize: 64
      maxRingSize: 1024
`;

function meshTimeout(toDefault: Record<string, unknown>, kind = 'Mesh'): unknown {
  return {
    type: 'MeshTimeout',
    name: 't',
    mesh: 'default',
    spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind }, default: toDefault }] },
  };
}

describe('generated schemas', () => {
  it('lists the expected number of types', () => {
    expect(types.length).toBe(46);
    for (const t of ['MeshTimeout', 'Dataplane', 'Secret', 'GlobalSecret', 'Zone', 'TrafficRoute']) {
      expect(types).toContain(t);
    }
  });

  it.each(types)('%s compiles in strict mode', (type) => {
    const schema = JSON.parse(fs.readFileSync(path.join(DIR, index.types[type]!.file), 'utf8')) as {
      $id: string;
    };
    expect(schema.$id).toBe(`kuma:${type}`);
    expect(() => newAjv().compile(schema)).not.toThrow();
  });

  describe('valid documents', () => {
    it.each(yamlDocs(DEFAULT_POLICIES).map((d) => [(d as { name: string }).name, d]))(
      'default policy %s',
      (_name, doc) => {
        expect(validate(doc)).toEqual([]);
      },
    );

    it('MeshTrafficPermission allow', () => {
      const doc = {
        type: 'MeshTrafficPermission',
        name: 'allow',
        mesh: 'default',
        spec: { targetRef: { kind: 'Mesh' }, from: [{ targetRef: { kind: 'Mesh' }, default: { action: 'Allow' } }] },
      };
      expect(validate(doc)).toEqual([]);
    });

    it('Dataplane', () => {
      const doc = {
        type: 'Dataplane',
        mesh: 'default',
        name: 'dp-1',
        networking: { address: '127.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web' } }] },
      };
      expect(validate(doc)).toEqual([]);
    });

    it('Dataplane with proto-JSON spellings (quoted ints, enum names/numbers, snake_case, durations)', () => {
      const doc = {
        type: 'Dataplane',
        mesh: 'default',
        name: 'dp-1',
        networking: {
          address: '127.0.0.1',
          inbound: [
            {
              port: '8080',
              state: 'NotReady',
              tags: { 'kuma.io/service': 'web' },
              serviceProbe: { interval: '1m30s', timeout: '500ms', healthy_threshold: 2 },
            },
          ],
          gateway: { type: 1, tags: { 'kuma.io/service': 'gw' } },
          transparent_proxying: { redirect_port_inbound: 15006, redirectPortOutbound: '15001' },
        },
      };
      expect(validate(doc)).toEqual([]);
    });

    it('Secret', () => {
      expect(validate({ type: 'Secret', mesh: 'default', name: 's', data: 'aGVsbG8=' })).toEqual([]);
    });

    it('GlobalSecret and Zone', () => {
      expect(validate({ type: 'GlobalSecret', name: 's', data: 'aGVsbG8=' })).toEqual([]);
      expect(validate({ type: 'Zone', name: 'zone-1', enabled: true })).toEqual([]);
    });

    it('legacy TrafficRoute from the Kuma docs', () => {
      const [doc] = yamlDocs(TRAFFIC_ROUTE);
      expect(validate(doc)).toEqual([]);
    });

    it('MeshCircuitBreaker healthyPanicThreshold as a string (IntOrString)', () => {
      const doc = {
        type: 'MeshCircuitBreaker',
        name: 'cb',
        mesh: 'default',
        spec: {
          targetRef: { kind: 'Mesh' },
          to: [{ targetRef: { kind: 'Mesh' }, default: { outlierDetection: { healthyPanicThreshold: '50' } } }],
        },
      };
      expect(validate(doc)).toEqual([]);
    });
  });

  describe('invalid documents', () => {
    const keywords = (errs: ErrorObject[]) => errs.map((e) => `${e.keyword} ${e.instancePath}`);

    it('MeshTimeout idleTimeout: 5 -> type', () => {
      expect(keywords(validate(meshTimeout({ idleTimeout: 5 })))).toEqual(['type /spec/to/0/default/idleTimeout']);
    });

    it('MeshTimeout targetRef.kind: Foo -> enum', () => {
      expect(keywords(validate(meshTimeout({}, 'Foo')))).toEqual(['enum /spec/to/0/targetRef/kind']);
    });

    it('MeshTimeout unknown field idelTimeout -> additionalProperties', () => {
      const errs = validate(meshTimeout({ idelTimeout: '5s' }));
      expect(keywords(errs)).toEqual(['additionalProperties /spec/to/0/default']);
      expect(errs[0]!.params).toEqual({ additionalProperty: 'idelTimeout' });
    });

    it('MeshRetry without spec -> required', () => {
      const errs = validate({ type: 'MeshRetry', name: 'r', mesh: 'default' });
      expect(keywords(errs)).toEqual(['required ']);
      expect(errs[0]!.params).toEqual({ missingProperty: 'spec' });
    });

    it('Secret with non-base64 data -> format', () => {
      expect(keywords(validate({ type: 'Secret', mesh: 'default', name: 's', data: 'not base64!' }))).toEqual([
        'format /data',
      ]);
    });

    it('legacy policy with a bad Go duration -> pattern', () => {
      const doc = {
        type: 'Timeout',
        name: 't',
        mesh: 'default',
        sources: [{ match: { 'kuma.io/service': '*' } }],
        destinations: [{ match: { 'kuma.io/service': '*' } }],
        conf: { connectTimeout: '1d' },
      };
      expect(keywords(validate(doc))).toEqual(['pattern /conf/connectTimeout']);
    });
  });
});
