import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifests } from '../../src/lib/manifest/load.js';
import { startTestControlPlane, type TestControlPlane } from '../helpers/cp.js';
import { typeByName } from '../../src/lib/resources/registry.js';
import { validateResource, type Violation } from '../../src/lib/validation/index.js';
import { executeGoTemplate } from '../../src/lib/go/template.js';
import { goJsonDecode } from '../../src/lib/go/json.js';
import { q } from '../../src/lib/validation/rules/legacy/common.js';
import { expectationOf, loadCaseFiles, loadExceptions } from '../helpers/kuma-cases.js';

/**
 * The legacy (Kuma 2.x) types' rules: Kuma's own validator tests give the exact list of violations,
 * in Kuma's order, with Kuma's field paths and texts; the rest tests what those cases do not reach.
 */
const LEGACY = [
  'TrafficRoute',
  'TrafficPermission',
  'TrafficLog',
  'TrafficTrace',
  'HealthCheck',
  'CircuitBreaker',
  'FaultInjection',
  'Retry',
  'Timeout',
  'RateLimit',
  'VirtualOutbound',
  'ProxyTemplate',
  'ExternalService',
  'MeshGateway',
  'MeshGatewayRoute',
];

// these Go tests compare with ConsistOf (any order); all others compare the YAML of the whole list
const UNORDERED = new Set(['MeshGateway', 'MeshGatewayRoute']);

function errors(doc: Record<string, unknown>): Array<{ field: string; message: string }> {
  const copy = structuredClone(doc);
  return validateResource(typeByName(String(copy.type))!, copy, { strictness: 'warn' })
    .filter((v: Violation) => v.severity === 'error')
    .map((v) => ({ field: v.field, message: v.message }));
}

const byText = (a: { field: string; message: string }, b: { field: string; message: string }) =>
  `${a.field}\u0000${a.message}` < `${b.field}\u0000${b.message}` ? -1 : 1;

describe("legacy types agree exactly with Kuma's validator tests", () => {
  const exceptions = loadExceptions();
  for (const type of LEGACY) {
    const [file] = loadCaseFiles(type);
    it(`${type}: every case, every violation, in Kuma's order`, () => {
      expect(file!.cases.length).toBeGreaterThan(2);
      for (const c of file!.cases) {
        const want = expectationOf(file!, c, exceptions);
        const got = errors(c.document);
        const expected = want.valid ? [] : want.violations;
        if (UNORDERED.has(type)) expect([...got].sort(byText), c.name).toEqual([...expected].sort(byText));
        else expect(got, c.name).toEqual(expected);
      }
    });
  }
});

const doc = (type: string, rest: Record<string, unknown>) => ({ type, name: 'n', mesh: 'default', ...rest });
const service = (s: string) => [{ match: { 'kuma.io/service': s } }];

describe('legacy rules beyond the Go cases', () => {
  it('read snake_case proto names and report them with Kuma\'s camelCase field path, located in the document', () => {
    const v = validateResource(
      typeByName('TrafficRoute')!,
      doc('TrafficRoute', { sources: service('a'), destinations: service('b'), conf: { destination: { 'kuma.io/service': 'b' }, load_balancer: { least_request: { choice_count: 1 } } } }),
      { strictness: 'warn' },
    ).filter((x) => x.severity === 'error');
    expect(v).toEqual([
      {
        severity: 'error',
        field: 'conf.loadBalancer.leastRequest.choiceCount',
        message: 'value must be greater than or equal to 2',
        path: ['conf', 'load_balancer', 'least_request', 'choice_count'],
      },
    ]);
  });

  it('read a tag left empty in YAML (null) as an empty tag value, as kuma-cp does', () => {
    expect(errors(doc('TrafficPermission', { sources: [{ match: { 'kuma.io/service': null } }], destinations: service('b') }))).toEqual([
      { field: 'sources[0].match["kuma.io/service"]', message: 'tag value must be non-empty' },
    ]);
  });

  it('accept a valid document of every legacy type', () => {
    const valid: Record<string, unknown>[] = [
      doc('TrafficRoute', { sources: service('a'), destinations: service('*'), conf: { split: [{ weight: 10, destination: { 'kuma.io/service': 'b' } }] } }),
      doc('Timeout', { sources: service('a'), destinations: service('*'), conf: { connectTimeout: '5s', http: { requestTimeout: '1s' } } }),
      doc('Retry', { sources: service('a'), destinations: service('*'), conf: { grpc: { retryOn: ['cancelled', 'internal'], numRetries: 3 } } }),
      doc('VirtualOutbound', {
        selectors: service('*'),
        conf: { host: '{{.svc}}.{{.version}}.mesh', port: '{{.port}}', parameters: [{ name: 'svc', tagKey: 'kuma.io/service' }, { name: 'version' }, { name: 'port', tagKey: 'port' }] },
      }),
      doc('ExternalService', { networking: { address: 'httpbin.org:443', tls: { enabled: true, caCert: { inline: 'Y2VydA==' } } }, tags: { 'kuma.io/service': 'httpbin', 'kuma.io/protocol': 'http' } }),
      doc('MeshGatewayRoute', {
        selectors: service('edge'),
        conf: { http: { rules: [{ matches: [{ path: { match: 'PREFIX', value: '/api' } }], filters: [{ rewrite: { replacePrefixMatch: '/' } }], backends: [{ destination: { 'kuma.io/service': 'api' } }] }] } },
      }),
    ];
    for (const d of valid) expect(errors(d), String(d.type)).toEqual([]);
  });

  it('number the MeshGatewayRoute filters the way Kuma does when a host rewrite is skipped', () => {
    const e = errors(
      doc('MeshGatewayRoute', {
        selectors: service('edge'),
        conf: {
          http: {
            rules: [
              {
                matches: [{ path: { match: 'EXACT', value: '/x' } }],
                filters: [{ rewrite: { hostToBackendHostname: true } }, { requestHeader: { set: [{ name: 'Host', value: 'h' }] } }, { rewrite: { replacePrefixMatch: '/' } }],
                backends: [{ destination: { 'kuma.io/service': 'api' } }],
              },
            ],
          },
        },
      }),
    );
    expect(e).toEqual([
      { field: 'conf.http.rules[0].filters[0].request_header.set[0]', message: "cannot modify 'Host' header, when route has set 'rewrite.host_to_backend_hostname' option" },
      { field: 'conf.http.rules[0].filters[1].rewrite.replacePrefixMatch', message: 'cannot be used without a match on path prefix' },
    ]);
  });

  it('check native Envoy resources of a ProxyTemplate: YAML, JSON syntax, the Any type and required names', () => {
    const pt = (conf: Record<string, unknown>) => doc('ProxyTemplate', { selectors: service('a'), conf });
    expect(errors(pt({ resources: [{ name: 'r', version: 'v', resource: 'name: x' }] }))).toEqual([
      { field: 'conf.resources[0].resource', message: "native Envoy resource is not valid: Any JSON doesn't have '@type'" },
    ]);
    expect(errors(pt({ resources: [{ name: 'r', version: 'v', resource: "'@type': type.googleapis.com/foo.Bar" }] }))).toEqual([
      { field: 'conf.resources[0].resource', message: 'native Envoy resource is not valid: could not resolve Any message type: type.googleapis.com/foo.Bar' },
    ]);
    expect(errors(pt({ modifications: [{ virtualHost: { operation: 'add', value: 'name: vh' } }, { httpFilter: { operation: 'addFirst', value: '{"name": 1 ]' } }] }))).toEqual([
      { field: 'conf.modifications[0].virtualHost.value', message: 'native Envoy resource is not valid: invalid VirtualHost.Domains: value must contain at least 1 item(s)' },
      { field: 'conf.modifications[1].httpFilter.value', message: "native Envoy resource is not valid: invalid character ']' after object key:value pair" },
    ]);
  });
});

describe("Go's text/template, as VirtualOutbound uses it", () => {
  const data = new Map([
    ['service', 'dummy'],
    ['port', '1'],
  ]);
  it('renders fields, missing keys, literals, if/else and trim markers as Go does', () => {
    expect(executeGoTemplate('{{.service}}.mesh', data)).toEqual({ ok: true, output: 'dummy.mesh' });
    expect(executeGoTemplate('{{.nope}}', data)).toEqual({ ok: true, output: '<no value>' });
    expect(executeGoTemplate('a {{- "b" -}} c{{if .port}}!{{else}}?{{end}}', data)).toEqual({ ok: true, output: 'abc!' });
    // fmt.Sprint puts a space between operands only when neither is a string
    expect(executeGoTemplate('{{/* note */}}{{print .port 2}}-{{print 1 2}}', data)).toEqual({ ok: true, output: '12-1 2' });
  });
  it("gives Go's parse and execution errors", () => {
    expect(executeGoTemplate('foo.{{mesh', data)).toEqual({ ok: false, stage: 'parse', error: 'template: :1: function "mesh" not defined' });
    expect(executeGoTemplate('{{.service', data)).toEqual({ ok: false, stage: 'parse', error: 'template: :1: unclosed action' });
    expect(executeGoTemplate('{{end}}', data)).toEqual({ ok: false, stage: 'parse', error: 'template: :1: unexpected {{end}}' });
    expect(executeGoTemplate('{{if .a}}', data)).toEqual({ ok: false, stage: 'parse', error: 'template: :1: unexpected EOF' });
    expect(executeGoTemplate('{{}}', data)).toEqual({ ok: false, stage: 'parse', error: 'template: :1: missing value for command' });
    expect(executeGoTemplate('{{$x}}', data)).toEqual({ ok: false, stage: 'parse', error: 'template: :1: undefined variable "$x"' });
    expect(executeGoTemplate('x{{.service.name}}', data)).toEqual({
      ok: false,
      stage: 'exec',
      error: 'template: :1:11: executing "" at <.service.name>: can\'t evaluate field name in type string',
    });
  });
  it('draws no conclusion from what it does not run', () => {
    expect(executeGoTemplate('{{range .}}{{.}}{{end}}', data)).toEqual({ ok: 'unknown' });
  });
});

describe("encoding/json's errors for a resource that is not YAML", () => {
  it('names the unexpected character and its context, or the early end', () => {
    expect(goJsonDecode('{')).toEqual({ ok: false, error: 'unexpected EOF' });
    expect(goJsonDecode('  ')).toEqual({ ok: false, error: 'EOF' });
    expect(goJsonDecode('{"a" 1}')).toEqual({ ok: false, error: "invalid character '1' after object key" });
    expect(goJsonDecode('[1,]')).toEqual({ ok: false, error: "invalid character ']' looking for beginning of value" });
    expect(goJsonDecode('tru')).toEqual({ ok: false, error: 'unexpected EOF' });
    expect(goJsonDecode('nul!')).toEqual({ ok: false, error: "invalid character '!' in literal null (expecting 'l')" });
    expect(goJsonDecode('{"a":1} trailing')).toEqual({ ok: true, value: { a: 1 } });
  });
});

describe('legacy rules where users meet them', () => {
  const routeYaml = [
    'type: TrafficRoute',
    'name: route',
    'mesh: default',
    'sources:',
    '- match:',
    '    kuma.io/service:',
    'destinations:',
    '- match:',
    '    kuma.io/service: backend',
    'conf:',
    '  load_balancer:',
    '    ring_hash:',
    '      hash_function: SHA',
    '  destination:',
    '    kuma.io/service: backend',
    '',
  ].join('\n');

  let dir: string;
  let cp: TestControlPlane;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'legacy-rules-'));
    cp = await startTestControlPlane('memory');
  }, 60_000);
  afterAll(async () => {
    await cp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('validate and apply report an empty tag and a bad hash function with their lines, in Kuma\'s words', async () => {
    const file = join(dir, 'route.yaml');
    writeFileSync(file, routeYaml);
    const r = await loadManifests([file], { strictness: 'strict' });
    const errs = r.findings.filter((f) => f.severity === 'error').map((f) => [f.line, f.column, f.field, f.message]);
    expect(errs).toEqual([
      [6, 5, 'sources[0].match["kuma.io/service"]', 'tag value must be non-empty'],
      [13, 7, 'conf.loadBalancer.ringHash.hashFunction', 'must have a valid hash function'],
    ]);
  });

  it('the local control plane refuses the same document with Kuma\'s invalid_parameters', async () => {
    const doc = {
      type: 'TrafficRoute',
      name: 'route',
      mesh: 'default',
      sources: [{ match: { 'kuma.io/service': null } }],
      destinations: service('backend'),
      conf: { load_balancer: { ring_hash: { hash_function: 'SHA' } }, destination: { 'kuma.io/service': 'backend' } },
    };
    const res = await cp.call('PUT', '/meshes/default/traffic-routes/route', doc);
    expect(res.status).toBe(400);
    expect(res.json.invalid_parameters).toEqual([
      { field: 'sources[0].match["kuma.io/service"]', reason: 'tag value must be non-empty' },
      { field: 'conf.loadBalancer.ringHash.hashFunction', reason: 'must have a valid hash function' },
    ]);
    const fixed = structuredClone(doc);
    fixed.sources[0]!.match['kuma.io/service'] = 'web';
    fixed.conf.load_balancer.ring_hash.hash_function = 'XX_HASH';
    expect((await cp.call('PUT', '/meshes/default/traffic-routes/route', fixed)).status).toBeLessThan(300);
  });

  it('the local control plane keeps a RateLimit on an external service to kuma.io/service destinations, both ways round', async () => {
    await cp.put('/meshes/rl-es', { type: 'Mesh', name: 'rl-es' });
    const es = (service: string) => ({ type: 'ExternalService', mesh: 'rl-es', name: service, networking: { address: `${service}.org:443` }, tags: { 'kuma.io/service': service } });
    const rl = (name: string, match: Record<string, string>) => ({
      type: 'RateLimit',
      mesh: 'rl-es',
      name,
      sources: service('*'),
      destinations: [{ match }],
      conf: { http: { requests: 10, interval: '1s' } },
    });
    expect((await cp.call('PUT', '/meshes/rl-es/external-services/httpbin', es('httpbin'))).status).toBe(201);
    const refused = await cp.call('PUT', '/meshes/rl-es/rate-limits/rl', rl('rl', { 'kuma.io/service': 'httpbin', version: 'v1' }));
    expect(refused.status).toBe(400);
    expect(refused.json.title).toBe('Failed to create a resource');
    expect(refused.json.invalid_parameters).toEqual([{ field: 'ratelimit', reason: 'RateLimit applied to external service only supports kuma.io/service as destination match' }]);
    // a RateLimit on an internal service may use any tags; then an ExternalService it would reach is refused
    expect((await cp.call('PUT', '/meshes/rl-es/rate-limits/rl', rl('rl', { 'kuma.io/service': 'web', version: 'v1' }))).status).toBe(201);
    const late = await cp.call('PUT', '/meshes/rl-es/external-services/web', es('web'));
    expect(late.status).toBe(400);
    expect(late.json.title).toBe('Failed to create a resource');
    expect(late.json.invalid_parameters).toEqual([{ field: 'externalservice', reason: "ExternalService would match RateLimit 'rl' which includes incompatible destination matches" }]);
  });
});

describe("Go's %q in messages", () => {
  it('keeps printable text and escapes the rest as strconv.Quote does', () => {
    expect(q('kuma.io/zone')).toBe('"kuma.io/zone"');
    expect(q('é "x" \\')).toBe('"é \\"x\\" \\\\"');
    expect(q('a\u0007b\u000bc\u001fd\u007f')).toBe('"a\\ab\\vc\\x1fd\\x7f"');
    expect(q('nbsp\u00a0zw\u200b')).toBe('"nbsp\\u00a0zw\\u200b"');
  });
  it('is what an unknown destination tag is reported with', () => {
    expect(errors(doc('TrafficLog', { sources: service('a'), destinations: [{ match: { 'kuma.io/service': 'b', 'v\u00a0x': 'y' } }] }))).toContainEqual({
      field: 'destinations[0].match["v\\u00a0x"]',
      message: 'tag "v\\u00a0x" is not allowed',
    });
  });
});
