import { readFileSync, readdirSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { addKumaFormats } from '../../src/lib/validation/formats.js';
import { validateMesh } from '../../src/lib/validation/rules/mesh.js';

type Doc = Record<string, unknown>;

const SCHEMA = JSON.parse(readFileSync(new URL('../../schemas/Mesh.json', import.meta.url), 'utf8')) as Doc;
const FIXTURES = new URL('../fixtures/mesh/', import.meta.url);

let validate: ValidateFunction;

beforeAll(() => {
  const ajv = new Ajv({ strict: true, allErrors: true });
  addKumaFormats(ajv);
  validate = ajv.compile(SCHEMA);
});

/** The informative ajv errors (without the if/then wrappers), as `keyword instancePath [param]`. */
function schemaErrors(doc: unknown): string[] {
  if (validate(doc)) return [];
  return (validate.errors ?? [])
    .filter((e: ErrorObject) => e.keyword !== 'if')
    .map((e: ErrorObject) => {
      const extra = e.keyword === 'additionalProperties' ? ` ${(e.params as { additionalProperty: string }).additionalProperty}` : '';
      return `${e.keyword} ${e.instancePath}${extra}`;
    });
}

const mesh = (spec: Doc): Doc => ({ type: 'Mesh', name: 'default', ...spec });
const builtin = (extra: Doc = {}) => mesh({ mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin', ...extra }] } });

function readFixture(file: URL): { doc: Doc; schema: string[]; expect: string[] } {
  const text = readFileSync(file, 'utf8');
  const header = text.split('\n').filter((l) => l.startsWith('# '));
  return {
    doc: parse(text) as Doc,
    schema: header.filter((l) => l.startsWith('# schema: ')).map((l) => l.slice('# schema: '.length)),
    expect: header.filter((l) => l.startsWith('# expect: ')).map((l) => l.slice('# expect: '.length)),
  };
}

describe('schemas/Mesh.json', () => {
  it('compiles with ajv in strict mode and has the kuma:Mesh id', () => {
    expect(SCHEMA.$id).toBe('kuma:Mesh');
    expect(typeof validate).toBe('function');
  });

  it('accepts a complete valid mesh', () => {
    const { doc } = readFixture(new URL('valid/full-builtin.yaml', FIXTURES));
    expect(schemaErrors(doc)).toEqual([]);
    expect(schemaErrors({ ...doc, mesh: 'ignored', kri: 'kri_m____team-a_', creationTime: '2025-01-02T03:04:05Z', modificationTime: '2025-01-02T03:04:05.123+02:00' })).toEqual([]);
  });

  it('requires type Mesh and a name', () => {
    expect(schemaErrors({ type: 'Mesh' })).toEqual(['required ']);
    expect(schemaErrors({ type: 'Dataplane', name: 'x' })).toEqual(['enum /type']);
  });

  it('rejects typos with additionalProperties', () => {
    expect(schemaErrors(mesh({ mtls: { enabledBakend: 'ca-1' } }))).toEqual(['additionalProperties /mtls enabledBakend']);
    expect(schemaErrors(builtin({ conf: { caCert: { rsaBits: 4096 } } }))).toEqual(['additionalProperties /mtls/backends/0/conf/caCert rsaBits']);
    expect(schemaErrors({ type: 'Mesh', name: 'x', spec: { mtls: {} } })).toEqual(['additionalProperties  spec']);
    expect(schemaErrors(mesh({ tracing: { backends: [{ name: 'z', type: 'zipkin', conf: { urll: 'http://z:1' } }] } }))).toEqual([
      'additionalProperties /tracing/backends/0/conf urll',
    ]);
    expect(schemaErrors(mesh({ metrics: { backends: [{ name: 'p', type: 'prometheus', conf: { envoy: { filterregex: 'x' } } }] } }))).toEqual([
      'additionalProperties /metrics/backends/0/conf/envoy filterregex',
    ]);
  });

  it('keeps conf open for CA types it does not model and for unknown backend types', () => {
    for (const type of ['vault', 'acmpca', 'certmanager', 'whatever']) {
      expect(schemaErrors(mesh({ mtls: { backends: [{ name: 'x', type, conf: { fromCp: { address: 'https://vault:8200' } } }] } })), type).toEqual([]);
    }
    expect(schemaErrors(mesh({ logging: { backends: [{ name: 'x', type: 'syslog', conf: { anything: 1 } }] } }))).toEqual([]);
    expect(schemaErrors(mesh({ mtls: { backends: [{ name: 'x', type: 'vault', conf: 'str' }] } }))).toEqual(['type /mtls/backends/0/conf']);
  });

  it('enums: case-sensitive names or their numbers', () => {
    expect(schemaErrors(builtin({ mode: 'strict' }))).toEqual(['enum /mtls/backends/0/mode']);
    expect(schemaErrors(builtin({ mode: 'STRICT' }))).toEqual([]);
    expect(schemaErrors(builtin({ mode: 1 }))).toEqual([]);
    expect(schemaErrors(mesh({ meshServices: { mode: 'exclusive' } }))).toEqual(['enum /meshServices/mode']);
    expect(schemaErrors(mesh({ meshServices: { mode: 3 } }))).toEqual([]);
    expect(schemaErrors(mesh({ metrics: { backends: [{ name: 'p', type: 'prometheus', conf: { tls: { mode: 'providedTLS' } } }] } }))).toEqual([]);
    expect(schemaErrors(mesh({ metrics: { backends: [{ name: 'p', type: 'prometheus', conf: { tls: { mode: 'ProvidedTLS' } } }] } }))).toEqual([
      'enum /metrics/backends/0/conf/tls/mode',
    ]);
  });

  it('uint32: an integer or a quoted integer', () => {
    expect(schemaErrors(builtin({ conf: { caCert: { RSAbits: '2048' } } }))).toEqual([]);
    expect(schemaErrors(builtin({ conf: { caCert: { RSAbits: 2048 } } }))).toEqual([]);
    expect(schemaErrors(builtin({ conf: { caCert: { RSAbits: -1 } } }))).toContain('anyOf /mtls/backends/0/conf/caCert/RSAbits');
    expect(schemaErrors(builtin({ conf: { caCert: { RSAbits: '2k' } } }))).toContain('anyOf /mtls/backends/0/conf/caCert/RSAbits');
    expect(schemaErrors(mesh({ metrics: { backends: [{ name: 'p', type: 'prometheus', conf: { port: 1.5 } }] } }))).toContain(
      'anyOf /metrics/backends/0/conf/port',
    );
  });

  it('Duration fields: Go duration strings only', () => {
    expect(schemaErrors(builtin({ dpCert: { rotation: { expiration: '1d' }, requestTimeout: 5 } }))).toEqual(['type /mtls/backends/0/dpCert/requestTimeout']);
    for (const requestTimeout of ['10s', '1.5s', '500ms', '1m30s', '1h', '0', '-1s', '2µs', '.5s']) {
      expect(schemaErrors(builtin({ rootChain: { requestTimeout } })), requestTimeout).toEqual([]);
    }
    for (const requestTimeout of ['1d', '10', '', 's', '1h 30m']) {
      expect(schemaErrors(builtin({ rootChain: { requestTimeout } })), requestTimeout).toEqual(['pattern /mtls/backends/0/rootChain/requestTimeout']);
    }
  });

  it('DoubleValue sampling: numbers, numeric strings, NaN and Infinity', () => {
    const t = (sampling: unknown) => schemaErrors(mesh({ tracing: { backends: [{ name: 'z', type: 'zipkin', sampling, conf: { url: 'http://z:1' } }] } }));
    for (const s of [50, '50', '1e2', 'NaN', 'Infinity', '-Infinity', null]) expect(t(s), String(s)).toEqual([]);
    expect(t('fifty')).toContain('anyOf /tracing/backends/0/sampling');
    expect(t(true)).toContain('anyOf /tracing/backends/0/sampling');
  });

  it('null means unset anywhere a field may be left out', () => {
    expect(
      schemaErrors(
        mesh({
          labels: null,
          mtls: { enabledBackend: null, skipValidation: null, backends: [{ name: 'ca', type: 'builtin', dpCert: null, conf: null, mode: null }] },
          logging: null,
          tracing: { defaultBackend: null, backends: null },
          networking: { outbound: { passthrough: null } },
          routing: null,
          constraints: { dataplaneProxy: { requirements: null } },
          skipCreatingInitialPolicies: null,
          meshServices: { mode: null },
        }),
      ),
    ).toEqual([]);
  });

  it('types of the envelope and maps', () => {
    expect(schemaErrors(mesh({ labels: { team: 5 } }))).toEqual(['type /labels/team']);
    expect(schemaErrors(mesh({ creationTime: 'yesterday' }))).toEqual(['format /creationTime']);
    expect(schemaErrors(mesh({ constraints: { dataplaneProxy: { requirements: [{ tags: { version: 1 } }] } } }))).toEqual([
      'type /constraints/dataplaneProxy/requirements/0/tags/version',
    ]);
    expect(schemaErrors(mesh({ routing: { zoneEgress: 'yes' } }))).toEqual(['type /routing/zoneEgress']);
  });

  it('mtls: several backends pass the schema (rule M1 reports them, with Kuma\'s message); DataSource: one source', () => {
    expect(schemaErrors(mesh({ mtls: { backends: [{ name: 'a', type: 'builtin' }, { name: 'b', type: 'builtin' }] } }))).toEqual([]);
    const provided = (cert: unknown) => schemaErrors(mesh({ mtls: { backends: [{ name: 'p', type: 'provided', conf: { cert, key: { secret: 'k' } } }] } }));
    expect(provided({ secret: 'a', file: '/b' })).toEqual(['maxProperties /mtls/backends/0/conf/cert']);
    expect(provided({ inline: 'LS0tLS1CRUdJTg==' })).toEqual([]);
    expect(provided({ inline: 'not base64!' })).toEqual(['pattern /mtls/backends/0/conf/cert/inline']);
    expect(provided({ inlineString: '-----BEGIN CERTIFICATE-----\n' })).toEqual([]);
    expect(provided({ path: '/x' })).toEqual(['additionalProperties /mtls/backends/0/conf/cert path']);
  });
});

describe('mesh YAML fixtures', () => {
  const valid = readdirSync(new URL('valid/', FIXTURES)).filter((f) => f.endsWith('.yaml'));
  const invalid = readdirSync(new URL('invalid/', FIXTURES)).filter((f) => f.endsWith('.yaml'));

  it('has fixtures on both sides', () => {
    expect(valid.length).toBeGreaterThanOrEqual(3);
    expect(invalid.length).toBeGreaterThanOrEqual(20);
  });

  it.each(valid)('valid/%s passes the schema and the rules', (file) => {
    const { doc } = readFixture(new URL(`valid/${file}`, FIXTURES));
    expect(schemaErrors(doc)).toEqual([]);
    expect(validateMesh(doc).filter((v) => v.severity === 'error')).toEqual([]);
  });

  it.each(invalid)('invalid/%s fails as its header says', (file) => {
    const fx = readFixture(new URL(`invalid/${file}`, FIXTURES));
    expect(fx.schema.length + fx.expect.length).toBeGreaterThan(0);
    if (fx.schema.length === 0) expect(schemaErrors(fx.doc)).toEqual([]);
    else for (const s of fx.schema) expect(schemaErrors(fx.doc)).toContain(s);
    const errors = validateMesh(fx.doc)
      .filter((v) => v.severity === 'error')
      .map((v) => `${v.field}: ${v.message}`);
    expect(errors).toEqual(fx.expect);
  });
});
