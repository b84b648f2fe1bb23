import { describe, expect, it } from 'vitest';
import { checkDataplaneMembership, checkMeshUpdate, validateMesh } from '../../src/lib/validation/rules/mesh.js';
import { goParseRequestURI, goUrlPort } from '../../src/lib/go/url.js';
import { goRegexpError } from '../../src/lib/go/regexp.js';
import { goSplitHostPort } from '../../src/lib/go/net.js';
import type { Violation } from '../../src/lib/validation/types.js';

type Doc = Record<string, unknown>;

const mesh = (spec: Doc, name = 'default'): Doc => ({ type: 'Mesh', name, ...spec });
const brief = (vs: Violation[]) => vs.map(({ field, message, severity }) => ({ field, message, severity }));
const check = (spec: Doc, name?: string) => brief(validateMesh(mesh(spec, name)));
const err = (field: string, message: string) => ({ field, message, severity: 'error' });
const warn = (field: string, message: string) => ({ field, message, severity: 'warning' });
const errorsOnly = (spec: Doc, name?: string) => check(spec, name).filter((v) => v.severity === 'error');

const LOGGING_DEPRECATED = warn('logging', 'deprecated: since Kuma 2.6 access logs are configured with the MeshAccessLog policy; Kuma 3.0 drops this field');
const TRACING_DEPRECATED = warn('tracing', 'deprecated: tracing is configured with the MeshTrace policy; Kuma 3.0 drops this field');
const METRICS_DEPRECATED = warn('metrics', 'deprecated: metrics are configured with the MeshMetric policy; Kuma 3.0 drops this field');

const FULL_MESH: Doc = {
  mtls: {
    enabledBackend: 'ca-1',
    backends: [
      {
        name: 'ca-1',
        type: 'builtin',
        dpCert: { rotation: { expiration: '1d' }, requestTimeout: '10s' },
        conf: { caCert: { RSAbits: 2048, expiration: '10y' } },
        mode: 'PERMISSIVE',
        rootChain: { requestTimeout: '1m30s' },
      },
    ],
  },
  tracing: {
    defaultBackend: 'zipkin-1',
    backends: [
      { name: 'zipkin-1', type: 'zipkin', sampling: 80.5, conf: { url: 'http://zipkin.local:9411/api/v2/spans', apiVersion: 'httpJson' } },
      { name: 'dd', type: 'datadog', conf: { address: '127.0.0.1', port: 8126, splitService: true } },
    ],
  },
  logging: {
    defaultBackend: 'file-1',
    backends: [
      { name: 'file-1', type: 'file', format: '%START_TIME%', conf: { path: '/var/log/access.log' } },
      { name: 'logstash', type: 'tcp', conf: { address: 'logstash.internal:5000' } },
    ],
  },
  metrics: {
    enabledBackend: 'prom-1',
    backends: [
      {
        name: 'prom-1',
        type: 'prometheus',
        conf: {
          port: 5670,
          path: '/metrics',
          tags: { 'kuma.io/service': 'dataplane-metrics' },
          skipMTLS: false,
          tls: { mode: 'activeMTLSBackend' },
          envoy: { filterRegex: '^(?i)cluster\\.[a-z_]+\\.upstream_rq(_\\d{3})?$', usedOnly: true },
          aggregate: [
            { name: 'app', port: 8080, path: '/stats' },
            { name: 'sidecar', port: 9090, enabled: false },
          ],
        },
      },
    ],
  },
  networking: { outbound: { passthrough: false } },
  routing: { zoneEgress: true, defaultForbidMeshExternalServiceAccess: true },
  constraints: {
    dataplaneProxy: {
      requirements: [{ tags: { 'kuma.io/zone': 'east', version: '*' } }],
      restrictions: [{ tags: { 'kuma.io/service': 'legacy_app_8080' } }],
    },
  },
  skipCreatingInitialPolicies: ['MeshRetry'],
  meshServices: { mode: 'Exclusive' },
};

describe('validateMesh: passing documents', () => {
  it('accepts a minimal mesh without findings', () => {
    expect(check({})).toEqual([]);
  });

  it('accepts a full mesh: only the deprecation warnings of the legacy sections', () => {
    expect(check(FULL_MESH)).toEqual([LOGGING_DEPRECATED, TRACING_DEPRECATED, METRICS_DEPRECATED]);
  });

  it('accepts null sections and fields as unset', () => {
    expect(check({ mtls: null, logging: null, routing: { zoneEgress: null }, constraints: { dataplaneProxy: null } })).toEqual([]);
  });

  it('never throws on odd shapes', () => {
    const odd = { mtls: { backends: 'x' }, logging: { backends: [null, 5] }, tracing: [], metrics: { backends: [{ conf: 'x', type: 'prometheus' }] } };
    expect(() => validateMesh(mesh(odd))).not.toThrow();
    expect(() => validateMesh(null as unknown as Doc)).not.toThrow();
  });
});

describe('validateMesh: mtls (M1-M4)', () => {
  it('M1: more than one backend', () => {
    const spec = { mtls: { backends: [{ name: 'a', type: 'builtin' }, { name: 'b', type: 'builtin' }] } };
    expect(check(spec)).toEqual([err('mtls.backends', 'cannot have more than 1 backends')]);
  });

  it('M2: duplicate backend name', () => {
    const spec = { mtls: { backends: [{ name: 'ca', type: 'builtin' }, { name: 'ca', type: 'builtin' }] } };
    expect(check(spec)).toEqual([
      err('mtls.backends', 'cannot have more than 1 backends'),
      err('mtls.backends[1].name', '"ca" name is already used for another backend'),
    ]);
  });

  it('M3: dpCert without a valid rotation.expiration, at the quirky field with the real path', () => {
    for (const dpCert of [{}, { requestTimeout: '5s' }, { rotation: { expiration: '' } }, { rotation: { expiration: '1h30m' } }, { rotation: { expiration: '2e' } }, { rotation: { expiration: '1.5h' } }, { rotation: { expiration: '10' } }]) {
      const vs = validateMesh(mesh({ mtls: { backends: [{ name: 'ca', type: 'builtin', dpCert }] } }));
      expect(brief(vs)).toEqual([err('mtls.dpcert.rotation.expiration', 'has to be a valid format')]);
      expect(vs[0]!.path).toEqual(['mtls', 'backends', 0, 'dpCert', 'rotation', 'expiration']);
    }
  });

  it('M3: valid Kuma durations and an absent dpCert pass', () => {
    for (const expiration of ['2y', '0', '500ms', '30d', '1w']) {
      expect(check({ mtls: { backends: [{ name: 'ca', type: 'builtin', dpCert: { rotation: { expiration } } }] } })).toEqual([]);
    }
    expect(check({ mtls: { backends: [{ name: 'ca', type: 'builtin', dpCert: null }] } })).toEqual([]);
  });

  it('M4: enabledBackend names no backend', () => {
    expect(check({ mtls: { enabledBackend: 'nope', backends: [{ name: 'ca', type: 'builtin' }] } })).toEqual([
      err('mtls.enabledBackend', 'has to be set to one of the backends in the mesh'),
    ]);
  });

  it('keeps Kuma order: per-backend checks, then enabledBackend', () => {
    const spec = { mtls: { enabledBackend: 'x', backends: [{ name: 'ca', type: 'builtin', dpCert: {} }] } };
    expect(errorsOnly(spec)).toEqual([
      err('mtls.dpcert.rotation.expiration', 'has to be a valid format'),
      err('mtls.enabledBackend', 'has to be set to one of the backends in the mesh'),
    ]);
  });
});

describe('validateMesh: logging (L1-L4)', () => {
  const logging = (backends: unknown[], defaultBackend?: string) => ({ logging: { backends, ...(defaultBackend ? { defaultBackend } : {}) } });

  it('L1: empty name', () => {
    expect(check(logging([{ name: '', type: 'file', conf: { path: '/tmp/log' } }]))).toEqual([
      err('logging.backends[0].name', 'cannot be empty'),
      LOGGING_DEPRECATED,
    ]);
  });

  it('L2 file: empty or missing path, at config.path located at conf.path', () => {
    const vs = validateMesh(mesh(logging([{ name: 'f', type: 'file', conf: { path: '' } }])));
    expect(brief(vs)).toEqual([err('logging.backends[0].config.path', 'cannot be empty'), LOGGING_DEPRECATED]);
    expect(vs[0]!.path).toEqual(['logging', 'backends', 0, 'conf', 'path']);
    expect(errorsOnly(logging([{ name: 'f', type: 'file' }]))).toEqual([err('logging.backends[0].config.path', 'cannot be empty')]);
  });

  it('L2 file: a conf that does not parse', () => {
    const vs = validateMesh(mesh(logging([{ name: 'f', type: 'file', conf: { path: 5 } }])));
    expect(brief(vs)[0]).toEqual(err('logging.backends[0].config', 'could not parse config: json: cannot unmarshal number into Go value of type string'));
    expect(vs[0]!.path).toEqual(['logging', 'backends', 0, 'conf']);
  });

  it('L2 tcp: empty address', () => {
    expect(errorsOnly(logging([{ name: 't', type: 'tcp', conf: { address: '' } }]))).toEqual([err('logging.backends[0].config.address', 'cannot be empty')]);
  });

  it('L2 tcp: HOST:PORT as net.SplitHostPort sees it', () => {
    const bad = ['kibana', ':5000', 'kibana:', '::1:5000', '[::1]', '[::1]:', 'a:b:c', '[a]b:1'];
    for (const address of bad) {
      expect(errorsOnly(logging([{ name: 't', type: 'tcp', conf: { address } }])), address).toEqual([
        err('logging.backends[0].config.address', 'has to be in format of HOST:PORT'),
      ]);
    }
    for (const address of ['kibana:5000', 'kibana:abc', '[::1]:5000', '10.0.0.1:514']) {
      expect(errorsOnly(logging([{ name: 't', type: 'tcp', conf: { address } }])), address).toEqual([]);
    }
  });

  it('L2: unknown type', () => {
    expect(errorsOnly(logging([{ name: 'x', type: 'syslog' }]))).toEqual([
      err('logging.backends[0].type', 'unknown backend type. Available backends: "tcp", "file"'),
    ]);
  });

  it('L3: duplicate name, after the backend checks', () => {
    expect(errorsOnly(logging([{ name: 'f', type: 'file', conf: { path: '/a' } }, { name: 'f', type: 'nope' }]))).toEqual([
      err('logging.backends[1].type', 'unknown backend type. Available backends: "tcp", "file"'),
      err('logging.backends[1].name', '"f" name is already used for another backend'),
    ]);
  });

  it('L4: unknown defaultBackend', () => {
    expect(errorsOnly(logging([{ name: 'f', type: 'file', conf: { path: '/a' } }], 'other'))).toEqual([
      err('logging.defaultBackend', 'has to be set to one of the logging backend in mesh'),
    ]);
  });
});

describe('validateMesh: tracing (T1-T5)', () => {
  const zipkin = (conf: unknown, extra: Doc = {}) => ({ tracing: { backends: [{ name: 'z', type: 'zipkin', conf, ...extra }] } });

  it('T1: empty name', () => {
    expect(check({ tracing: { backends: [{ name: '', type: 'datadog', conf: { address: 'dd', port: 8126 } }] } })).toEqual([
      err('tracing.backends[0].name', 'cannot be empty'),
      TRACING_DEPRECATED,
    ]);
  });

  it('T2: sampling outside 0-100; NaN and numeric strings as jsonpb reads them', () => {
    const ok = { url: 'http://z:9411' };
    for (const sampling of [101, -1, 'Infinity', '-Infinity', '100.5']) {
      expect(errorsOnly(zipkin(ok, { sampling })), String(sampling)).toEqual([err('tracing.backends[0].sampling', 'has to be in [0.0 - 100.0] range')]);
    }
    for (const sampling of [0, 100, 'NaN', '50', null]) expect(errorsOnly(zipkin(ok, { sampling })), String(sampling)).toEqual([]);
  });

  it('T3 zipkin: apiVersion, reported before the url rules', () => {
    const vs = validateMesh(mesh(zipkin({ apiVersion: 'v9' })));
    expect(brief(vs).filter((v) => v.severity === 'error')).toEqual([
      err('tracing.backends[0].config.apiVersion', 'has invalid value. Allowed values: httpJsonV1, httpJson, httpProto'),
      err('tracing.backends[0].config.url', 'cannot be empty'),
    ]);
    expect(vs[0]!.path).toEqual(['tracing', 'backends', 0, 'conf', 'apiVersion']);
  });

  it('T3 zipkin: invalid URL', () => {
    for (const url of ['zipkin', 'zipkin:9411 /x'.replace(' ', '\t'), '://x', 'http://zipkin:94a1/api', 'http://::1:9411/', 'http://zip kin:9411/', 'http://z:9411/%zz', '1http://z:9411']) {
      expect(errorsOnly(zipkin({ url })), url).toEqual([err('tracing.backends[0].config.url', 'invalid URL')]);
    }
  });

  it('T3 zipkin: port has to be explicit', () => {
    for (const url of ['http://zipkin/api/v2/spans', 'http://zipkin:/api', '/api/v2/spans', 'localhost:9411/api', 'http:/x']) {
      expect(errorsOnly(zipkin({ url })), url).toEqual([err('tracing.backends[0].config.url', 'port has to be explicitly specified')]);
    }
    for (const url of ['http://zipkin:9411/api/v2/spans', 'https://user:pw@zipkin.example.com:443', 'http://[::1]:9411/']) {
      expect(errorsOnly(zipkin({ url })), url).toEqual([]);
    }
  });

  it('T3 zipkin: a conf that does not parse stops the backend checks', () => {
    expect(errorsOnly(zipkin({ url: 'http://z', traceId128bit: 'yes' }))).toEqual([
      err('tracing.backends[0].config', 'could not parse config: json: cannot unmarshal string into Go value of type bool'),
    ]);
  });

  it('T3 datadog: empty address and port out of range, both reported', () => {
    expect(errorsOnly({ tracing: { backends: [{ name: 'd', type: 'datadog', conf: {} }] } })).toEqual([
      err('tracing.backends[0].config.address', 'cannot be empty'),
      err('tracing.backends[0].config.port', 'port must be in the range [1, 65535]'),
    ]);
    expect(errorsOnly({ tracing: { backends: [{ name: 'd', type: 'datadog', conf: { address: 'dd', port: 65536 } }] } })).toEqual([
      err('tracing.backends[0].config.port', 'port must be in the range [1, 65535]'),
    ]);
    expect(errorsOnly({ tracing: { backends: [{ name: 'd', type: 'datadog', conf: { address: 'dd', port: '8126' } }] } })).toEqual([]);
  });

  it('T3: unknown type', () => {
    expect(errorsOnly({ tracing: { backends: [{ name: 'j', type: 'jaeger' }] } })).toEqual([
      err('tracing.backends[0].type', 'unknown backend type. Available backends: "zipkin", "datadog"'),
    ]);
  });

  it('T4 and T5: duplicate name and unknown defaultBackend', () => {
    const b = { name: 'z', type: 'zipkin', conf: { url: 'http://z:9411' } };
    expect(errorsOnly({ tracing: { defaultBackend: 'nope', backends: [b, b] } })).toEqual([
      err('tracing.backends[1].name', '"z" name is already used for another backend'),
      err('tracing.defaultBackend', 'has to be set to one of the tracing backend in mesh'),
    ]);
  });
});

describe('validateMesh: metrics (X1-X4)', () => {
  const prom = (conf: unknown) => ({ metrics: { backends: [{ name: 'p', type: 'prometheus', conf }] } });

  it('X1 and X2: duplicate name, then the type', () => {
    expect(check({ metrics: { backends: [{ name: 'p', type: 'prometheus' }, { name: 'p', type: 'statsd' }] } })).toEqual([
      err('metrics.backends[1].name', '"p" name is already used for another backend'),
      err('metrics.backends[1].type', 'unknown backend type. Available backends: "prometheus"'),
      METRICS_DEPRECATED,
    ]);
  });

  it('empty metrics backend names are fine (Kuma does not check them)', () => {
    expect(errorsOnly({ metrics: { backends: [{ type: 'prometheus' }] } })).toEqual([]);
  });

  it('X3a: a conf that does not parse', () => {
    expect(errorsOnly(prom({ port: -1 }))).toEqual([
      err('metrics.backends[0].conf', 'could not parse config: json: cannot unmarshal number -1 into Go value of type uint32'),
    ]);
    expect(errorsOnly(prom({ tls: { mode: 'strict' } }))).toEqual([
      err('metrics.backends[0].conf', 'could not parse config: unknown value "\\"strict\\"" for enum kuma.mesh.v1alpha1.PrometheusTlsConfig.Mode'),
    ]);
  });

  it('X3b: skipMTLS and tls must agree when both are set', () => {
    const conflict = [err('metrics.backends[0].conf', 'skipMTLS and tls configuration cannot be defined together')];
    const cases: Array<[unknown, unknown, boolean]> = [
      [false, { mode: 'activeMTLSBackend' }, true],
      [false, {}, true],
      [true, { mode: 'disabled' }, true],
      [true, { mode: 2 }, true],
      [true, { mode: 'providedTLS' }, false],
      [false, { mode: 'providedTLS' }, false],
      [false, { mode: 'disabled' }, false],
      [true, { mode: 'activeMTLSBackend' }, false],
      [true, {}, false],
    ];
    for (const [skipMTLS, tls, ok] of cases) {
      expect(errorsOnly(prom({ skipMTLS, tls })), JSON.stringify([skipMTLS, tls])).toEqual(ok ? [] : conflict);
    }
    expect(errorsOnly(prom({ skipMTLS: true }))).toEqual([]);
    expect(errorsOnly(prom({ tls: { mode: 'providedTLS' } }))).toEqual([]);
  });

  it('X3c: filterRegex must compile as a Go regexp', () => {
    expect(errorsOnly(prom({ envoy: { filterRegex: '(' } }))).toEqual([
      err('metrics.backends[0].conf.envoy.filterRegex', "provided regexp isn't correct: error parsing regexp: missing closing ): `(`"),
    ]);
    expect(errorsOnly(prom({ envoy: { filterRegex: 'cluster(?=\\.)' } }))).toEqual([
      err('metrics.backends[0].conf.envoy.filterRegex', "provided regexp isn't correct: error parsing regexp: invalid or unsupported Perl syntax: `(?=`"),
    ]);
  });

  it('X3d: duplicate aggregate names, one violation per repeat', () => {
    expect(errorsOnly(prom({ aggregate: [{ name: 'a', port: 1 }, { name: 'a', port: 2 }, { name: 'b', port: 3 }, { name: 'a', port: 4 }] }))).toEqual([
      err('metrics.backends[0].conf.aggregate[1].name', 'duplicate entry: a, values have to be unique'),
      err('metrics.backends[0].conf.aggregate[3].name', 'duplicate entry: a, values have to be unique'),
    ]);
  });

  it('X3: the first failing conf rule stops the others', () => {
    expect(errorsOnly(prom({ skipMTLS: true, tls: {}, envoy: { filterRegex: '(' }, aggregate: [{ name: 'a' }, { name: 'a' }] }))).toEqual([
      err('metrics.backends[0].conf', 'skipMTLS and tls configuration cannot be defined together'),
    ]);
  });

  it('X4: unknown enabledBackend', () => {
    expect(errorsOnly({ metrics: { enabledBackend: 'x', backends: [{ name: 'p', type: 'prometheus' }] } })).toEqual([
      err('metrics.enabledBackend', 'has to be set to one of the backends in the mesh'),
    ]);
  });
});

describe('validateMesh: constraints (K1-K5) and zone egress (Z1)', () => {
  const req = (...tags: unknown[]) => ({ constraints: { dataplaneProxy: { requirements: tags.map((t) => (t === undefined ? {} : { tags: t })) } } });
  const P = 'constraints.dataplaneProxy.requirements[0].tags';

  it('K1: no tags', () => {
    expect(check(req(undefined, {}))).toEqual([
      err(P, 'must have at least one tag'),
      err('constraints.dataplaneProxy.requirements[1].tags', 'must have at least one tag'),
    ]);
  });

  it('K2-K5 in sorted key order', () => {
    expect(check(req({ zone: 'a b', '': 'x', '!@#$': 'v', 'kuma.io/service': '', team: 'a*', version: '*', path: 'a/b:c' }))).toEqual([
      err(P, 'tag name must be non-empty'),
      err(`${P}["!@#$"]`, 'tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores'),
      err(`${P}["kuma.io/service"]`, 'tag value must be non-empty'),
      err(`${P}["team"]`, 'tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be "*"'),
      err(`${P}["zone"]`, 'tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be "*"'),
    ]);
  });

  it('checks restrictions after requirements', () => {
    expect(check({ constraints: { dataplaneProxy: { restrictions: [{ tags: {} }], requirements: [{}] } } })).toEqual([
      err('constraints.dataplaneProxy.requirements[0].tags', 'must have at least one tag'),
      err('constraints.dataplaneProxy.restrictions[0].tags', 'must have at least one tag'),
    ]);
  });

  it('Z1: zoneEgress needs mTLS, reported at field mtls', () => {
    const vs = validateMesh(mesh({ routing: { zoneEgress: true } }));
    expect(brief(vs)).toEqual([err('mtls', 'has to be set when zoneEgress enabled')]);
    expect(vs[0]!.path).toEqual(['routing', 'zoneEgress']);
    expect(check({ routing: { zoneEgress: true }, mtls: { backends: [{ name: 'ca', type: 'builtin' }] } })).toEqual([
      err('mtls', 'has to be set when zoneEgress enabled'),
    ]);
    expect(check({ routing: { zoneEgress: false } })).toEqual([]);
  });

  it('keeps the section order mtls, logging, tracing, metrics, constraints, zone egress, then create checks', () => {
    const spec = {
      routing: { zoneEgress: true },
      constraints: { dataplaneProxy: { requirements: [{}] } },
      metrics: { backends: [{ name: 'p', type: 'x' }] },
      tracing: { backends: [{ name: 't', type: 'x' }] },
      logging: { backends: [{ name: 'l', type: 'x' }] },
      mtls: { backends: [{ name: 'c', type: 'foo', dpCert: {} }] },
    };
    expect(errorsOnly(spec).map((v) => v.field)).toEqual([
      'mtls.dpcert.rotation.expiration',
      'logging.backends[0].type',
      'tracing.backends[0].type',
      'metrics.backends[0].type',
      'constraints.dataplaneProxy.requirements[0].tags',
      'mtls',
      'mtls.backends[0].type',
    ]);
  });
});

describe('validateMesh: create-time checks (C1, C2)', () => {
  it('C1: name longer than 63 characters', () => {
    const name = 'a'.repeat(64);
    expect(check({}, name)).toEqual([
      err('name', 'cannot be longer than 63 characters'),
      warn(
        'name',
        `Invalid Mesh resource name: '${name}'. It does not conform to the DNS format (RFC 1035). This is deprecated. Errors: must be no more than 63 characters`,
      ),
    ]);
    expect(check({}, 'a'.repeat(63))).toEqual([]);
  });

  it('C2: an unknown CA type is an error and stops the CA checks', () => {
    const spec = { mtls: { backends: [{ name: 'a', type: 'foo' }, { name: 'B', type: 'builtin' }] } };
    expect(errorsOnly(spec)).toEqual([
      err('mtls.backends', 'cannot have more than 1 backends'),
      err('mtls.backends[0].type', 'could not find installed plugin for this type'),
    ]);
    expect(errorsOnly({ mtls: { backends: [{ name: 'a' }] } })).toEqual([err('mtls.backends[0].type', 'could not find installed plugin for this type')]);
  });

  it('C2: Kong Mesh CA types are a warning, with a free conf', () => {
    for (const type of ['vault', 'acmpca', 'certmanager']) {
      expect(check({ mtls: { enabledBackend: 'v', backends: [{ name: 'v', type, conf: { anything: { goes: 1 } } }] } })).toEqual([
        warn(
          'mtls.backends[0].type',
          `"${type}" is a Kong Mesh CA backend: Kuma OSS 2.14 rejects it with "could not find installed plugin for this type"; only a Kong Mesh control plane accepts it`,
        ),
      ]);
    }
  });

  it('C2 builtin: the backend name must make a lowercase DNS name, at the doubled path', () => {
    const vs = validateMesh(mesh({ mtls: { backends: [{ name: 'CA-1', type: 'builtin' }] } }));
    expect(brief(vs)).toEqual([err('mtls.backends[0].conf.mtls.backends.name', '"CA-1" name must be valid dns name')]);
    expect(vs[0]!.path).toEqual(['mtls', 'backends', 0, 'name']);
    for (const name of ['ca..x', 'ca x', 'ca/1', 'a'.repeat(48)]) {
      expect(errorsOnly({ mtls: { backends: [{ name, type: 'builtin' }] } }), name).toEqual([
        err('mtls.backends[0].conf.mtls.backends.name', `"${name}" name must be valid dns name`),
      ]);
    }
    for (const name of ['ca_1', 'ca-1.sub', 'a'.repeat(47), '']) {
      expect(errorsOnly({ mtls: { backends: [{ name, type: 'builtin' }] } }), name).toEqual([]);
    }
  });

  it('C2 builtin: too long a secret name', () => {
    const name = Array.from({ length: 5 }, () => 'b'.repeat(47)).join('.');
    expect(errorsOnly({ mtls: { backends: [{ name, type: 'builtin' }] } })).toEqual([
      err('mtls.backends[0].conf.mtls.backends.name', 'Backend name is too long. Max length: 255'),
      err('mtls.backends[0].conf.mtls.backends.name', `"${name}" name must be valid dns name`),
    ]);
  });

  it('C2 builtin: a conf that does not convert', () => {
    expect(errorsOnly({ mtls: { backends: [{ name: 'ca', type: 'builtin', conf: { caCert: { RSAbits: 'abc' } } }] } })).toEqual([
      err('mtls.backends[0].conf', "could not convert backend config: invalid character 'a' looking for beginning of value"),
    ]);
  });

  it('C2 builtin: caCert.expiration and RSAbits that would fail CA generation', () => {
    expect(errorsOnly({ mtls: { backends: [{ name: 'ca', type: 'builtin', conf: { caCert: { RSAbits: 512, expiration: '1h30m' } } }] } })).toEqual([
      err(
        'mtls.backends[0].conf.caCert.expiration',
        'must be a duration such as 10y, 52w, 365d or 8760h (digits and one unit: y, w, d, h, m, s or ms); Kuma stores the Mesh and then fails to generate the CA',
      ),
      err(
        'mtls.backends[0].conf.caCert.RSAbits',
        'must be 0 (meaning 2048) or at least 1024: Go refuses to generate smaller RSA keys, so Kuma stores the Mesh and then fails to generate the CA',
      ),
    ]);
    expect(errorsOnly({ mtls: { backends: [{ name: 'ca', type: 'builtin', conf: { caCert: { RSAbits: '0', expiration: '' } } }] } })).toEqual([]);
  });

  it('C2: skipValidation skips the conf checks but not the type check', () => {
    expect(errorsOnly({ mtls: { skipValidation: true, backends: [{ name: 'CA', type: 'builtin', conf: { caCert: { RSAbits: 1 } } }] } })).toEqual([]);
    expect(errorsOnly({ mtls: { skipValidation: true, backends: [{ name: 'p', type: 'provided' }] } })).toEqual([]);
    expect(errorsOnly({ mtls: { skipValidation: true, backends: [{ name: 'x', type: 'nope' }] } })).toEqual([
      err('mtls.backends[0].type', 'could not find installed plugin for this type'),
    ]);
  });

  it('C2 provided: cert and key have to be defined', () => {
    const expected = [err('mtls.backends[0].conf.cert', 'has to be defined'), err('mtls.backends[0].conf.key', 'has to be defined')];
    expect(check({ mtls: { backends: [{ name: 'p', type: 'provided' }] } })).toEqual(expected);
    expect(check({ mtls: { backends: [{ name: 'p', type: 'provided', conf: { cert: null } }] } })).toEqual(expected);
  });

  it('C2 provided: data source rules', () => {
    const provided = (cert: unknown, key: unknown) => errorsOnly({ mtls: { backends: [{ name: 'p', type: 'provided', conf: { cert, key } }] } });
    expect(provided({}, { secret: null })).toEqual([
      err('mtls.backends[0].conf.cert', 'data source has to be chosen. Available sources: secret, file, inline'),
      err('mtls.backends[0].conf.key', 'data source has to be chosen. Available sources: secret, file, inline'),
    ]);
    expect(provided({ secret: '' }, { file: '' })).toEqual([
      err('mtls.backends[0].conf.cert.secret', 'cannot be empty'),
      err('mtls.backends[0].conf.key.file', 'cannot be empty'),
    ]);
    expect(provided({ inline: '' }, { inlineString: '' })).toEqual([err('mtls.backends[0].conf.cert.inline', 'cannot be empty')]);
    expect(provided({ secret: 'ca-cert' }, { inline: 'LS0tLS1CRUdJTg==' })).toEqual([]);
    // several members: the last one in declaration order is the one Kuma uses
    expect(provided({ secret: '', inlineString: 'pem' }, { file: '/k.pem' })).toEqual([]);
  });

  it('C2 provided: a conf that does not convert', () => {
    expect(errorsOnly({ mtls: { backends: [{ name: 'p', type: 'provided', conf: { cert: { secret: 5 } } }] } })).toEqual([
      err('mtls.backends[0].conf', 'could not convert backend config: json: cannot unmarshal number into Go value of type string'),
    ]);
  });
});

describe('validateMesh: warnings', () => {
  const DNS1035 =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

  it('warns about a name that is not an RFC 1035 label, with Kuma\'s text', () => {
    expect(check({}, 'aa.a')).toEqual([
      warn('name', `Invalid Mesh resource name: 'aa.a'. It does not conform to the DNS format (RFC 1035). This is deprecated. Errors: ${DNS1035}`),
    ]);
    expect(check({}, '1mesh')).toHaveLength(1);
    expect(check({}, 'team-a')).toEqual([]);
  });

  it('checks the kuma.io/display-name label instead of the name when set', () => {
    const vs = validateMesh({ type: 'Mesh', name: 'team-a', labels: { 'kuma.io/display-name': 'team.a' } });
    expect(brief(vs)).toEqual([
      warn('name', `Invalid Mesh resource name: 'team.a'. It does not conform to the DNS format (RFC 1035). This is deprecated. Errors: ${DNS1035}`),
    ]);
    expect(vs[0]!.path).toEqual(['labels', 'kuma.io/display-name']);
    expect(check({ labels: { 'kuma.io/display-name': 'fine' } }, 'aa.a')).toEqual([]);
  });

  it('warns about the legacy sections and locality-aware load balancing', () => {
    expect(check({ logging: {}, tracing: {}, metrics: {}, routing: { localityAwareLoadBalancing: true } })).toEqual([
      LOGGING_DEPRECATED,
      TRACING_DEPRECATED,
      METRICS_DEPRECATED,
      warn(
        'routing.localityAwareLoadBalancing',
        'deprecated: locality-aware load balancing is configured with the MeshLoadBalancingStrategy policy; Kuma 3.0 drops this field',
      ),
    ]);
    expect(check({ routing: { localityAwareLoadBalancing: false } })).toEqual([]);
  });

  it('explains the rsaBits trap on builtin backends', () => {
    expect(check({ mtls: { backends: [{ name: 'ca', type: 'builtin', conf: { caCert: { rsaBits: 4096 } } }] } })).toEqual([
      warn(
        'mtls.backends[0].conf.caCert.rsaBits',
        'Kuma reads the key size only from "RSAbits" (capital RSA, lower-case bits); "rsaBits" is ignored and the CA key gets the default 2048 bits',
      ),
    ]);
  });
});

describe('checkMeshUpdate (U1)', () => {
  const m = (enabledBackend: string) => mesh({ mtls: { enabledBackend, backends: [{ name: 'a', type: 'builtin' }, { name: 'b', type: 'builtin' }] } });

  it('forbids changing the CA while mTLS stays enabled', () => {
    expect(brief(checkMeshUpdate(m('a'), m('b')))).toEqual([
      err('mtls.enabledBackend', 'Changing CA when mTLS is enabled is forbidden. Disable mTLS first and then change the CA'),
    ]);
  });

  it('allows enabling, disabling and keeping the backend', () => {
    expect(checkMeshUpdate(m(''), m('a'))).toEqual([]);
    expect(checkMeshUpdate(m('a'), m(''))).toEqual([]);
    expect(checkMeshUpdate(m('a'), m('a'))).toEqual([]);
    expect(checkMeshUpdate(mesh({}), m('a'))).toEqual([]);
  });
});

describe('checkDataplaneMembership', () => {
  const withConstraints = (requirements: Doc[], restrictions: Doc[] = [], extra: Doc = {}) =>
    mesh({ constraints: { dataplaneProxy: { requirements: requirements.map((tags) => ({ tags })), restrictions: restrictions.map((tags) => ({ tags })) } }, ...extra });
  const dp = (...inbounds: Array<Doc | undefined>) => ({
    type: 'Dataplane',
    mesh: 'default',
    name: 'dp-1',
    networking: { address: '10.0.0.1', inbound: inbounds.map((tags, i) => ({ port: 8080 + i, ...(tags ? { tags } : {}) })) },
  });

  it('NotAllowed: the first inbound that fulfils no requirement', () => {
    const m = withConstraints([{ 'kuma.io/service': 'backend' }]);
    expect(checkDataplaneMembership(m, dp({ 'kuma.io/service': 'backend' }, { 'kuma.io/service': 'backend-api' }), '')).toBe(
      'dataplane cannot be a member of mesh "default" because its tags "kuma.io/service=backend-api" does not fulfill any requirements defined on the Mesh',
    );
  });

  it('Denied: restrictions win, reporting the first matching one; the zone tag is injected', () => {
    const m = withConstraints([], [{ 'kuma.io/zone': 'east' }]);
    expect(checkDataplaneMembership(m, dp({ 'kuma.io/service': 'backend', 'kuma.io/zone': 'west' }), 'east')).toBe(
      'dataplane cannot be a member of mesh "default" because its tags "kuma.io/service=backend kuma.io/zone=east" matches restricted tags "kuma.io/zone=east" defined on the Mesh',
    );
    expect(checkDataplaneMembership(m, dp({ 'kuma.io/service': 'backend', 'kuma.io/zone': 'east' }))).toBeNull();
  });

  it('wildcards need a non-empty value', () => {
    const m = withConstraints([{ 'kuma.io/service': 'backend', team: '*' }]);
    expect(checkDataplaneMembership(m, dp({ 'kuma.io/service': 'backend' }), '')).toBe(
      'dataplane cannot be a member of mesh "default" because its tags "kuma.io/service=backend" does not fulfill any requirements defined on the Mesh',
    );
    expect(checkDataplaneMembership(withConstraints([], [{ version: '*' }]), dp({ 'kuma.io/service': 'backend', version: 'v1' }), '')).toBe(
      'dataplane cannot be a member of mesh "default" because its tags "kuma.io/service=backend version=v1" matches restricted tags "version=*" defined on the Mesh',
    );
  });

  it('allows proxies whose every inbound fulfils a requirement', () => {
    const m = withConstraints(
      [{ 'kuma.io/service': 'backend', version: '*' }, { 'kuma.io/service': 'backend-api', version: '*' }],
      [{ 'kuma.io/service': 'web' }],
    );
    expect(
      checkDataplaneMembership(m, dp({ 'kuma.io/service': 'backend', version: 'v1' }, { 'kuma.io/service': 'backend-api', version: 'v2' }), 'east'),
    ).toBeNull();
    expect(checkDataplaneMembership(m, dp())).toBeNull();
    expect(checkDataplaneMembership(mesh({}), dp({ 'kuma.io/service': 'x' }))).toBeNull();
  });

  it('checks gateway tags after inbounds, with the zone injected', () => {
    const m = withConstraints([], [{ 'kuma.io/service': 'edge' }]);
    const gw = { type: 'Dataplane', mesh: 'default', name: 'gw', networking: { address: '10.0.0.2', gateway: { type: 'BUILTIN', tags: { 'kuma.io/service': 'edge' } } } };
    expect(checkDataplaneMembership(m, gw)).toBe(
      'dataplane cannot be a member of mesh "default" because its tags "kuma.io/service=edge kuma.io/zone=default" matches restricted tags "kuma.io/service=edge" defined on the Mesh',
    );
  });

  it('leaves tagless inbounds tagless in Exclusive mode', () => {
    const required = withConstraints([{ 'kuma.io/zone': '*' }]);
    expect(checkDataplaneMembership(required, dp(undefined))).toBeNull();
    const exclusive = withConstraints([{ 'kuma.io/zone': '*' }], [], { meshServices: { mode: 'Exclusive' } });
    expect(checkDataplaneMembership(exclusive, dp(undefined))).toBe(
      'dataplane cannot be a member of mesh "default" because its tags "" does not fulfill any requirements defined on the Mesh',
    );
  });
});

describe('Go emulations', () => {
  it('regexp.Compile errors', () => {
    const cases: Array<[string, string | null]> = [
      ['(', 'missing closing ): `(`'],
      ['a(b', 'missing closing ): `a(b`'],
      [')', 'unexpected ): `)`'],
      ['a)b', 'unexpected ): `a)b`'],
      ['[a', 'missing closing ]: `[a`'],
      ['x[]', 'missing closing ]: `[]`'],
      ['*a', 'missing argument to repetition operator: `*`'],
      ['a|*', 'missing argument to repetition operator: `*`'],
      ['(+?)', 'missing argument to repetition operator: `+?`'],
      ['a**', 'invalid nested repetition operator: `**`'],
      ['a++', 'invalid nested repetition operator: `++`'],
      ['a*?+', 'invalid nested repetition operator: `*?+`'],
      ['a{2}{3}', 'invalid nested repetition operator: `{2}{3}`'],
      ['a{2,1}', 'invalid repeat count: `{2,1}`'],
      ['a{1001}', 'invalid repeat count: `{1001}`'],
      ['(a{100}){20}', 'invalid repeat count: `{20}`'],
      ['(?=a)', 'invalid or unsupported Perl syntax: `(?=`'],
      ['(?!a)', 'invalid or unsupported Perl syntax: `(?!`'],
      ['(?>a)', 'invalid or unsupported Perl syntax: `(?>`'],
      ['(?<=a)b', 'invalid named capture: `(?<=a)b`'],
      ['(?<!a)b', 'invalid named capture: `(?<!a)b`'],
      ['(?P=n)', 'invalid or unsupported Perl syntax: `(?P`'],
      ['(?<a-b>x)', 'invalid named capture: `(?<a-b>`'],
      ['(?i', 'invalid or unsupported Perl syntax: `(?i`'],
      ['(a)\\1', 'invalid escape sequence: `\\1`'],
      ['\\8', 'invalid escape sequence: `\\8`'],
      ['\\Z', 'invalid escape sequence: `\\Z`'],
      ['\\C', 'invalid escape sequence: `\\C`'],
      ['[\\b]', 'invalid escape sequence: `\\b`'],
      ['\\xZ1', 'invalid escape sequence: `\\xZ1`'],
      ['\\x{}', 'invalid escape sequence: `\\x{}`'],
      ['a\\', 'trailing backslash at end of expression: ``'],
      ['[z-a]', 'invalid character class range: `z-a`'],
      ['[[:foo:]]', 'invalid character class range: `[:foo:]`'],
      ['\\p{Klingon}', 'invalid character class range: `\\p{Klingon}`'],
      ['\\pX', 'invalid character class range: `\\pX`'],
      ['a{,3}', null],
      ['a{', null],
      ['^*$', null],
      ['()*', null],
      ['(?i)abc', null],
      ['(?i:a|b)+', null],
      ['(?P<name>a)(?<other>b)', null],
      ['\\Qa.b*\\E+', null],
      ['\\x41\\x{263a}\\101\\0', null],
      ['[[:alpha:]\\d\\p{Greek}-]', null],
      ['\\pL\\p{^Lu}\\PN\\p{Han}', null],
      ['\\A\\bfoo\\B\\z', null],
      ['(a{10}){100}', null],
      ['(a{0}){5000}'.replace('5000', '999'), null],
      ['envoy_cluster_(upstream|downstream)_cx_.*', null],
    ];
    for (const [re, want] of cases) {
      expect(goRegexpError(re), re).toBe(want === null ? null : `error parsing regexp: ${want}`);
    }
  });

  it('url.ParseRequestURI and URL.Port', () => {
    expect(goParseRequestURI('http://a:1/x')).toEqual({ host: 'a:1' });
    expect(goUrlPort('a:1')).toBe('1');
    expect(goUrlPort('[::1]:9411')).toBe('9411');
    expect(goUrlPort('[::1]')).toBe('');
    expect(goParseRequestURI('mailto:x')).toEqual({ host: '' });
    expect(goParseRequestURI('http://a:1/x?q=1#frag')).toEqual({ host: 'a:1' });
    expect(goParseRequestURI('http://a:1#frag')).toBeNull();
    expect(goParseRequestURI('')).toBeNull();
    expect(goParseRequestURI('http://[::1/')).toBeNull();
    expect(goParseRequestURI('http://u{ser@a:1/')).toBeNull();
  });

  it('net.SplitHostPort', () => {
    expect(goSplitHostPort('a:1')).toEqual({ host: 'a', port: '1' });
    expect(goSplitHostPort('[::1]:80')).toEqual({ host: '::1', port: '80' });
    expect(goSplitHostPort(':80')).toEqual({ host: '', port: '80' });
    expect(goSplitHostPort('a')).toBeNull();
    expect(goSplitHostPort('::1')).toBeNull();
    expect(goSplitHostPort('[a]:1]')).toBeNull();
  });
});
