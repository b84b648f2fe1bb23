import { describe, expect, it } from 'vitest';
import { validateResource } from '../../src/lib/validation/index.js';
import { typeByName } from '../../src/lib/resources/registry.js';
import { goTemplateParseError } from '../../src/lib/go/template.js';
import { createBuiltinCa } from '../../src/lib/control-plane/pki.js';

/*
 * The rules of Kuma 2.14.3's zone proxies and new resource types, through validateResource as validate,
 * apply and the local control plane run them (schema first, then the type's Validate(), then the meta).
 * Kuma's own unit-test tables are replayed by kuma-cases.test.ts; these are the cases a user meets.
 */

const errors = (typeName: string, doc: Record<string, unknown>) =>
  validateResource(typeByName(typeName)!, doc, { strictness: 'warn' })
    .filter((v) => v.severity === 'error')
    .map(({ field, message }) => ({ field, message }));
const v = (field: string, message: string) => ({ field, message });
const spec = (type: string, name: string, s: unknown, labels?: Record<string, string>) => ({ type, name, mesh: 'default', ...(labels ? { labels } : {}), spec: s });

describe('ZoneIngress and ZoneEgress', () => {
  it("check ports and addresses with Kuma's fields (an address is reported at networking.address.address)", () => {
    expect(errors('ZoneIngress', { type: 'ZoneIngress', name: 'zi', networking: { address: '0.0.0.0', advertisedAddress: 'example.com', port: 10001, advertisedPort: 0 } })).toEqual([
      v('networking.advertisedPort', 'has to be defined with advertisedAddress'),
      v('networking.address.address', 'must not be 0.0.0.0 or ::'),
    ]);
    expect(errors('ZoneIngress', { type: 'ZoneIngress', name: 'zi', networking: { address: '127.0.0.1', port: 10001, admin: { port: 10001 } }, availableServices: [{ tags: { version: 'v1' } }] })).toEqual([
      v('networking.admin.port', 'must differ from port'),
      v('availableService[0].tags', 'mandatory tag "kuma.io/service" is missing'),
    ]);
    expect(errors('ZoneEgress', { type: 'ZoneEgress', name: 'ze', networking: { address: '192.168.0.1', port: 0 } })).toEqual([v('networking.port', 'port must be in the range [1, 65535]')]);
    expect(errors('ZoneEgress', { type: 'ZoneEgress', name: 'ze', networking: { address: '192.168.0.1', port: 10002 } })).toEqual([]);
  });
});

describe('MeshService, MeshExternalService, MeshMultiZoneService, Workload', () => {
  it('limit names to 63 characters (MeshService, MeshExternalService) and 253 (Workload)', () => {
    const long = 'a'.repeat(64);
    expect(errors('MeshService', spec('MeshService', long, {}))).toEqual([v('name', 'must not be longer than 63 characters')]);
    expect(errors('MeshService', spec('MeshService', 'a'.repeat(63), {}))).toEqual([]);
    const mes = { match: { type: 'HostnameGenerator', port: 80, protocol: 'http' }, endpoints: [{ address: '1.1.1.1', port: 80 }] };
    expect(errors('MeshExternalService', spec('MeshExternalService', long, mes))).toEqual([v('name', 'must not be longer than 63 characters')]);
    // Workload's own rule, then the rule of every name
    expect(errors('Workload', spec('Workload', 'a'.repeat(254), {}))).toEqual([v('name', 'must not be longer than 253 characters'), v('name', 'value length must less or equal 253')]);
  });

  it('MeshService: one kind of selector at most', () => {
    expect(errors('MeshService', spec('MeshService', 'redis', { selector: { dataplaneTags: { app: 'redis' }, dataplaneRef: { name: 'redis-1' } } }))).toEqual([
      v('spec.selector', 'must specify only one of: dataplaneTags, dataplaneRef, or dataplaneLabels'),
    ]);
  });

  it('MeshExternalService: TLS versions in order, client certificate and key together', () => {
    const base = { match: { port: 443, protocol: 'tcp' }, endpoints: [{ address: 'example.com', port: 443 }] };
    expect(errors('MeshExternalService', spec('MeshExternalService', 'ext', { ...base, tls: { enabled: true, version: { min: 'TLS13', max: 'TLS12' }, verification: { clientKey: { secret: 'k' } } } }))).toEqual([
      v('spec.tls.version.min', 'min version must be lower than max'),
      v('spec.tls.verification.clientCert', 'must be defined when clientKey is defined'),
    ]);
  });

  it('MeshMultiZoneService: a selector and ports; an absent appProtocol is the default tcp', () => {
    expect(errors('MeshMultiZoneService', spec('MeshMultiZoneService', 'mz', { selector: { meshService: { matchLabels: {} } }, ports: [{ port: 80, name: '' }] }))).toEqual([
      v('spec.selector.meshService.matchLabels', 'cannot be empty'),
      v('spec.ports[0].name', 'must not be empty'),
    ]);
    expect(errors('MeshMultiZoneService', spec('MeshMultiZoneService', 'mz', { selector: { meshService: { matchLabels: { app: 'x' } } }, ports: [{ port: 80 }] }))).toEqual([]);
  });
});

describe('MeshTrust and MeshIdentity', () => {
  it('MeshTrust: a PEM certificate in each bundle, a trust domain', async () => {
    const ca = await createBuiltinCa('trust', {});
    expect(errors('MeshTrust', spec('MeshTrust', 't', { trustDomain: 'example.local', caBundles: [{ type: 'Pem', pem: { value: ca.certPem } }] }))).toEqual([]);
    expect(errors('MeshTrust', spec('MeshTrust', 't', { trustDomain: 'example.local', caBundles: [{ type: 'Pem', pem: { value: ca.keyPem } }] }))).toEqual([
      v('spec.caBundles[0].pem.value', 'provided certificate has incorrect format'),
    ]);
  });

  it('MeshIdentity: SPIFFE ID templates must parse as Go templates (with the label function)', () => {
    const id = (trustDomain: string, path: string) => spec('MeshIdentity', 'id', { spiffeID: { trustDomain, path }, provider: { type: 'Bundled', bundled: { autogenerate: { enabled: true } } } });
    expect(errors('MeshIdentity', id('{{ .Mesh }}.{{ .Zone }}.mesh.local', '/ns/{{ .Namespace }}/sa/{{ label "app" }}'))).toEqual([]);
    expect(errors('MeshIdentity', id('{{ .Mesh|1 }}.mesh.local', '/ns/{{ .Namespace|invalid }}'))).toEqual([
      v('spec.spiffeID.trustDomain', "couldn't parse template: template: :1: non executable command in pipeline stage 2"),
      v('spec.spiffeID.path', 'couldn\'t parse template: template: :1: function "invalid" not defined'),
    ]);
  });

  it('MeshIdentity: a bundled CA is either autogenerated or given, from a valid data source', () => {
    const bundled = (b: unknown) => spec('MeshIdentity', 'id', { provider: { type: 'Bundled', bundled: b } });
    expect(errors('MeshIdentity', bundled({ autogenerate: { enabled: false } }))).toEqual([v('spec.provider.bundled.ca', 'must be defined')]);
    expect(errors('MeshIdentity', bundled({ ca: { certificate: { type: 'File', file: { path: 'relative/cert.pem' } }, privateKey: { type: 'EnvVar', envVar: { name: 'KEY' } } } }))).toEqual([
      v('spec.provider.bundled.ca.certificate.file.path', 'file path must be absolute: relative/cert.pem'),
    ]);
  });
});

describe('go template parse errors', () => {
  it("answer Go's texts for the common mistakes and accept the rest", () => {
    expect(goTemplateParseError('plain text')).toBeNull();
    expect(goTemplateParseError('{{ .A | printf "%s" }}')).toBeNull();
    expect(goTemplateParseError('{{/* a comment */}}x')).toBeNull();
    expect(goTemplateParseError('a\n{{ .A')).toBe('template: :2: unclosed action');
    expect(goTemplateParseError('{{ .A | "x" }}')).toBe('template: :1: non executable command in pipeline stage 2');
    expect(goTemplateParseError('{{ nope .A }}')).toBe('template: :1: function "nope" not defined');
    expect(goTemplateParseError('{{ label "app" }}', ['label'])).toBeNull();
  });
});

describe('a provided CA written inline', () => {
  it('is checked as a key pair offline, with the plugin\'s messages', async () => {
    const ca = await createBuiltinCa('pki', {});
    const mesh = (cert: string, key: string) => ({
      type: 'Mesh',
      name: 'pki',
      mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'provided', conf: { cert: { inlineString: cert }, key: { inlineString: key } } }] },
    });
    expect(errors('Mesh', mesh(ca.certPem, ca.keyPem))).toEqual([]);
    const other = await createBuiltinCa('other', {});
    expect(errors('Mesh', mesh(ca.certPem, other.keyPem))).toEqual([v('mtls.backends[0].conf.cert', 'not a valid TLS key pair: tls: private key does not match public key')]);
  });
});
