import { describe, it, expect } from 'vitest';
import { parse } from 'yaml';
import type { Violation } from '../../src/lib/validation/types.js';
import { rulesFor } from '../../src/lib/validation/rules/index.js';
import { validateJsonPatchBlock } from '../../src/lib/validation/rules/jsonpatch.js';
import { Loc } from '../../src/lib/validation/rules/policy-common.js';
import { isGoCIDR } from '../../src/lib/go/net.js';
import { isGovalidatorFilePath, isGovalidatorURL } from '../../src/lib/go/govalidator.js';
import { goJsonDecodeError } from '../../src/lib/go/json.js';
import { loadCaseFiles } from '../helpers/kuma-cases.js';

/*
 * MeshAccessLog, MeshTrace, MeshMetric, MeshProxyPatch (with the JSON patch checks), MeshPassthrough,
 * MeshOpenTelemetryBackend and HostnameGenerator against Kuma 2.14.3's validators.
 */

const TYPES = ['MeshAccessLog', 'MeshTrace', 'MeshMetric', 'MeshProxyPatch', 'MeshPassthrough', 'MeshOpenTelemetryBackend', 'HostnameGenerator'];

const E = (field: string, message: string): { field: string; message: string } => ({ field, message });
const errors = (vs: Violation[]) => vs.filter((v) => v.severity === 'error').map((v) => E(v.field, v.message));

function run(type: string, specYaml: string, labels?: Record<string, string>): Violation[] {
  return rulesFor(type)!({ type, name: 'p', mesh: 'default', ...(labels ? { labels } : {}), spec: parse(specYaml) as unknown });
}

describe("Kuma's own validator tests, through the rules alone (Kuma's Validate())", () => {
  for (const type of TYPES) {
    it(`${type}: every case gives exactly Kuma's violations, in Kuma's order`, () => {
      const [file] = loadCaseFiles(type);
      expect(file!.cases.length).toBeGreaterThan(0);
      for (const c of file!.cases) {
        expect(errors(rulesFor(type)!(structuredClone(c.document))), `${type} :: ${c.name}`).toEqual(c.violations);
      }
    });
  }
});

describe('JSON patch blocks (Kuma jsonpatch validators test)', () => {
  const check = (blocks: string[]) => errors(validateJsonPatchBlock(blocks.map((b) => parse(b) as unknown), Loc.of('jsonPatches')));

  it('accepts add, replace, remove, copy and move with the fields each needs', () => {
    expect(check(['op: add\npath: /a/b/c\nvalue: d', 'op: add\npath: /foo\nvalue: [{bar: yes, baz: true}]', 'op: replace\npath: /foo\nvalue: {bar: a}'])).toEqual([]);
    expect(check(['op: remove\npath: /a/b/c', 'op: remove\npath: /foo/-'])).toEqual([]);
    expect(check(['op: copy\nfrom: /a/b/c\npath: /a/b/d', 'op: move\nfrom: /foo/-\npath: /bar/-'])).toEqual([]);
  });

  it('reports an empty block, unknown ops, misplaced or missing value and from, and removing the root', () => {
    expect(check([])).toEqual([E('jsonPatches', 'must not be empty')]);
    expect(check(['op: unsupported_operation\npath: ""', 'op: another_one\npath: "/"'])).toEqual([
      E('jsonPatches[0].op', '"op" must be one of ["add", "remove", "replace", "move", "copy"]'),
      E('jsonPatches[1].op', '"op" must be one of ["add", "remove", "replace", "move", "copy"]'),
    ]);
    expect(check(['op: remove\npath: /a\nvalue: foo', 'op: copy\nfrom: /d\npath: /a\nvalue: {foo: foo}', 'op: move\nfrom: /d\npath: /a\nvalue: [{a: foo}]'])).toEqual([
      E('jsonPatches[0].value', '"value" is allowed only when "op" is one of ["add", "replace"]'),
      E('jsonPatches[1].value', '"value" is allowed only when "op" is one of ["add", "replace"]'),
      E('jsonPatches[2].value', '"value" is allowed only when "op" is one of ["add", "replace"]'),
    ]);
    expect(check(['op: add\npath: /a/b/c', 'op: replace\npath: ""'])).toEqual([
      E('jsonPatches[0].value', '"value" must not be empty when "op" is one of ["add", "replace"]'),
      E('jsonPatches[1].value', '"value" must not be empty when "op" is one of ["add", "replace"]'),
    ]);
    expect(check(['op: add\npath: /a\nfrom: /\nvalue: foo', 'op: replace\npath: /a\nfrom: ""\nvalue: {}', 'op: remove\npath: /a\nfrom: /d'])).toEqual([
      E('jsonPatches[0].from', '"from" is allowed only when "op" is one of ["move", "copy"]'),
      E('jsonPatches[1].from', '"from" is allowed only when "op" is one of ["move", "copy"]'),
      E('jsonPatches[2].from', '"from" is allowed only when "op" is one of ["move", "copy"]'),
    ]);
    expect(check(['op: copy\npath: /a/b/c', 'op: move\npath: ""'])).toEqual([
      E('jsonPatches[0].from', '"from" must not be empty when "op" is one of ["move", "copy"]'),
      E('jsonPatches[1].from', '"from" must not be empty when "op" is one of ["move", "copy"]'),
    ]);
    expect(check(['op: remove\npath: ""', 'op: remove\npath: "/"'])).toEqual([
      E('jsonPatches[0].path', 'root path cannot be removed'),
      E('jsonPatches[1].path', 'root path cannot be removed'),
    ]);
    // a JSON null value is a value (json.RawMessage "null"); a missing path is reported
    expect(check(['op: add\npath: /a\nvalue: null', 'op: add\nvalue: 1'])).toEqual([E('jsonPatches[1].path', 'must be defined')]);
  });

  it('MeshProxyPatch reports the patch findings under the modification', () => {
    expect(errors(run('MeshProxyPatch', 'default: {appendModifications: [{cluster: {operation: Patch, jsonPatches: [{op: move, path: /a}]}}]}'))).toEqual([
      E('spec.default.appendModifications[0].cluster.jsonPatches[0].from', '"from" must not be empty when "op" is one of ["move", "copy"]'),
    ]);
  });
});

describe('MeshProxyPatch: native Envoy values', () => {
  const mod = (m: string) => errors(run('MeshProxyPatch', `default: {appendModifications: [${m}]}`));
  it('reports what decoding the value says', () => {
    expect(mod('{cluster: {operation: Add, value: "[1, 2]"}}')).toEqual([
      E('spec.default.appendModifications[0].cluster.value', 'native Envoy resource is not valid: json: cannot unmarshal array into Go value of type map[string]json.RawMessage'),
    ]);
    expect(mod('{listener: {operation: Patch, value: "{\\"a\\" 1}"}}')).toEqual([
      E('spec.default.appendModifications[0].listener.value', "native Envoy resource is not valid: invalid character '1' after object key"),
    ]);
    expect(mod('{cluster: {operation: Add, value: "name: xyz\\nconnectTimeout: 5s"}}')).toEqual([]);
  });
  it("runs an added cluster's own checks: a name, a positive connect timeout", () => {
    expect(mod('{cluster: {operation: Add, value: "connectTimeout: 5s"}}')).toEqual([
      E('spec.default.appendModifications[0].cluster.value', 'native Envoy resource is not valid: invalid Cluster.Name: value length must be at least 1 runes'),
    ]);
    expect(mod('{cluster: {operation: Add, value: "name: c\\nconnect_timeout: 0s"}}')).toEqual([
      E('spec.default.appendModifications[0].cluster.value', 'native Envoy resource is not valid: invalid Cluster.ConnectTimeout: value must be greater than 0s'),
    ]);
    // a listener has no required name
    expect(mod('{listener: {operation: Add, value: "address: {socketAddress: {portValue: 80}}"}}')).toEqual([]);
  });
  it('requires the name of an added filter and a virtual host with domains', () => {
    expect(mod('{httpFilter: {operation: AddFirst, value: "typedConfig: {}"}}')).toEqual([
      E('spec.default.appendModifications[0].httpFilter.value', 'native Envoy resource is not valid: invalid HttpFilter.Name: value length must be at least 1 runes'),
    ]);
    expect(mod('{networkFilter: {operation: AddLast, value: "{}"}}')).toEqual([
      E('spec.default.appendModifications[0].networkFilter.value', 'native Envoy resource is not valid: invalid Filter.Name: value length must be at least 1 runes'),
    ]);
    expect(mod('{virtualHost: {operation: Add, value: "name: vh"}}')).toEqual([
      E('spec.default.appendModifications[0].virtualHost.value', 'native Envoy resource is not valid: invalid VirtualHost.Domains: value must contain at least 1 item(s)'),
    ]);
    // a patch is only decoded, never validated as a whole message
    expect(mod('{httpFilter: {operation: Patch, match: {name: f}, value: "typedConfig: {}"}}')).toEqual([]);
  });
});

describe('MeshAccessLog: rule matches', () => {
  it("checks each match as Kuma's ValidateMatch does (SPIFFE ID, SNI), nothing more", () => {
    expect(errors(run('MeshAccessLog', 'rules: [{matches: [{spiffeID: {type: Whatever, value: foo}}, {sni: {value: "A_b"}}, {}], default: {backends: []}}]'))).toEqual([
      E('spec.rules[0].matches[0].spiffeID', 'must be a valid Spiffe ID: scheme is missing or invalid'),
      E('spec.rules[0].matches[1].sni.type', 'must be set'),
      E(
        'spec.rules[0].matches[1].sni.value',
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ),
    ]);
  });
});

describe('MeshMetric: Kuma names and document locations', () => {
  it("reports applications and backends under Kuma's names and points at the document's port", () => {
    const vs = run('MeshMetric', 'default: {applications: [{port: 0}], backends: [{type: Prometheus, prometheus: {port: 70000}}]}').filter((v) => v.severity === 'error');
    expect(vs).toEqual([
      { severity: 'error', field: 'spec.default.applications.application[0]', message: 'port must be a valid (1-65535)', path: ['spec', 'default', 'applications', 0, 'port'] },
      { severity: 'error', field: 'spec.default.backends.backend[0].port', message: 'port must be a valid (1-65535)', path: ['spec', 'default', 'backends', 0, 'prometheus', 'port'] },
    ]);
  });
  it('warns about an inline OpenTelemetry endpoint', () => {
    const vs = run('MeshMetric', 'targetRef: {kind: MeshService, name: s}\ndefault: {backends: [{type: OpenTelemetry, openTelemetry: {endpoint: "otel:4317"}}]}');
    expect(vs.filter((v) => v.severity === 'warning').map((v) => v.message)).toEqual([
      'openTelemetry.endpoint is deprecated, use openTelemetry.backendRef with a MeshOpenTelemetryBackend resource instead',
      "MeshService value for 'targetRef.kind' is deprecated, use Dataplane with labels instead",
    ]);
  });
});

describe('MeshTrace: Datadog URL parts', () => {
  const dd = (url: string) => errors(run('MeshTrace', `default: {backends: [{type: Datadog, datadog: {url: "${url}"}}]}`));
  it('refuses user info and a query, accepts http://host:port', () => {
    expect(dd('http://intake:8126')).toEqual([]);
    expect(dd('http://u@intake:8126')).toEqual([E('spec.default.backends[0].datadog.url', 'user must not be defined')]);
    expect(dd('http://intake:8126?a=b')).toEqual([E('spec.default.backends[0].datadog.url', 'query must not be defined')]);
    expect(dd('http://intake:0')).toEqual([E('spec.default.backends[0].datadog.url', 'port must be a valid (1-65535)')]);
  });
});

describe('HostnameGenerator: Go templates', () => {
  const tpl = (t: string) => errors(run('HostnameGenerator', `template: ${JSON.stringify(t)}\nselector: {meshService: {}}`));
  it('reports parse and render errors as Go does', () => {
    expect(tpl('{{ .Name }.mesh')).toEqual([E('spec.template', 'couldn\'t parse template: template: :1: unexpected "}" in operand')]);
    expect(tpl('x.{{ .Name')).toEqual([E('spec.template', "couldn't parse template: template: :1: unclosed action")]);
    expect(tpl('x.{{ .Name\n')).toEqual([E('spec.template', "couldn't parse template: template: :2: unclosed action started at :1")]);
    expect(tpl('{{ constructor }}.mesh')).toEqual([E('spec.template', 'couldn\'t parse template: template: :1: function "constructor" not defined')]);
    expect(tpl('{{ [ }}')).toEqual([E('spec.template', 'couldn\'t parse template: template: :1: unexpected "[" in command')]);
    expect(tpl('{{ foo }}.mesh')).toEqual([E('spec.template', 'couldn\'t parse template: template: :1: function "foo" not defined')]);
    expect(tpl('{{ }}.mesh')).toEqual([E('spec.template', "couldn't parse template: template: :1: missing value for command")]);
    expect(tpl('x.{{ .Port }}')).toEqual([
      E(
        'spec.template',
        'couldn\'t render template with stub values: template: :1:5: executing "" at <.Port>: can\'t evaluate field Port in type struct { Name string; DisplayName string; Namespace string; Mesh string; Zone string }',
      ),
    ]);
  });
  it('renders fields, label, literals, comments and trim markers', () => {
    expect(tpl('{{ .Name }}.{{ label "app" }}.{{ "x" }}.{{/* c */}}mesh')).toEqual([]);
    expect(tpl('{{ .Name -}} . {{- .Mesh }}')).toEqual([]);
    expect(tpl('{{ .Name }} .mesh')).toEqual([
      E(
        'spec.template',
        `template renders to "name .mesh" which is not a valid DNS name: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      ),
    ]);
  });
  it('accepts templates beyond the emulated subset rather than guess', () => {
    expect(tpl('{{ if .Name }}{{ .Name }}{{ end }}.mesh')).toEqual([]);
    expect(tpl('{{ .Name | printf "%s" }}.mesh')).toEqual([]);
  });
});

describe('Go library checks the rules use', () => {
  it('govalidator.IsURL', () => {
    for (const ok of ['127.0.0.1:5000', 'google.com', 'http://logs.com', 'otel:4317', 'http://jaeger:9411/api/v2/spans']) expect(isGovalidatorURL(ok), ok).toBe(true);
    for (const bad of ['not_valid_url', 'a.b', '', '.example.com', 'http://', 'foo']) expect(isGovalidatorURL(bad), bad).toBe(false);
  });
  it('govalidator.IsFilePath, net.ParseCIDR', () => {
    expect(isGovalidatorFilePath('/tmp/logs.txt')).toBe(true);
    expect(isGovalidatorFilePath('C:\\logs\\a.txt')).toBe(true);
    expect(isGovalidatorFilePath('#not_valid')).toBe(false);
    expect(isGovalidatorFilePath('relative/path')).toBe(false);
    expect(isGoCIDR('10.0.0.0/8')).toBe(true);
    expect(isGoCIDR('::1/128')).toBe(true);
    expect(isGoCIDR('1.2.3.4')).toBe(false);
    expect(isGoCIDR('1.2.3.4/33')).toBe(false);
  });
  it('encoding/json decode errors', () => {
    expect(goJsonDecodeError('{')).toBe('unexpected EOF');
    expect(goJsonDecodeError('')).toBe('EOF');
    expect(goJsonDecodeError('{"a" 1}')).toBe("invalid character '1' after object key");
    expect(goJsonDecodeError('[1 2]')).toBe("invalid character '2' after array element");
    expect(goJsonDecodeError('{} trailing')).toBeNull();
  });
});

describe('MeshPassthrough and MeshOpenTelemetryBackend', () => {
  it('MeshPassthrough: a wildcard domain needs a port for layer 7 protocols', () => {
    expect(errors(run('MeshPassthrough', 'default: {appendMatch: [{type: Domain, value: "*.example.com", protocol: http}]}'))).toEqual([
      E('spec.default.appendMatch[0].port', "wildcard domains doesn't work for all ports and layer 7 protocol"),
    ]);
    expect(errors(run('MeshPassthrough', 'default: {appendMatch: [{type: CIDR, value: "10.0.0.0/8", port: 80, protocol: tcp}]}'))).toEqual([]);
  });
  it('MeshOpenTelemetryBackend: a path is only for the http protocol; a negative port is out of range', () => {
    expect(errors(run('MeshOpenTelemetryBackend', 'endpoint: {address: otel, port: -1, path: /v1}'))).toEqual([
      E('spec.endpoint.port', 'port must be a valid (1-65535)'),
      E('spec.endpoint.path', 'must not be set when protocol is grpc'),
    ]);
    expect(errors(run('MeshOpenTelemetryBackend', 'endpoint: {address: otel, port: 4318, path: "v1#x"}\nprotocol: http'))).toEqual([
      E('spec.endpoint.path', 'must start with /'),
      E('spec.endpoint.path', 'must not contain query or fragment'),
    ]);
  });
});
