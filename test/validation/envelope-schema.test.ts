import { describe, it, expect } from 'vitest';
import { checkMeta, checkLabels } from '../../src/lib/validation/envelope.js';
import { checkSchema, fieldOf, loadSchema } from '../../src/lib/validation/schema.js';
import { parseField } from '../../src/lib/validation/field-path.js';
import { validateResource } from '../../src/lib/validation/index.js';
import { typeByName } from '../../src/lib/resources/registry.js';

const mt = typeByName('MeshTimeout')!;
const dp = typeByName('Dataplane')!;

describe('meta rules (name, mesh)', () => {
  it('uses Kuma\'s messages for names', () => {
    expect(checkMeta(mt, 'Bad_Name', 'default')).toEqual([
      {
        severity: 'error',
        field: 'name',
        message: "invalid characters. A lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
      },
    ]);
    expect(checkMeta(mt, 'x'.repeat(254), 'default')[0]!.message).toBe('value length must less or equal 253');
    expect(checkMeta(mt, '', 'default')[0]!.message).toBe('cannot be empty');
  });

  it('allows underscores in mesh names (Kuma\'s legacy charset) but not uppercase', () => {
    expect(checkMeta(dp, 'dp', 'team_a')).toEqual([]);
    expect(checkMeta(dp, 'dp', 'Team')).toEqual([
      { severity: 'error', field: 'mesh', message: "invalid characters. Valid characters are numbers, lowercase latin letters and '-', '_', '.' symbols." },
    ]);
  });

  it('refuses "." and ".." as a mesh: Kuma\'s charset allows them, but in a URL they name another resource', () => {
    expect(checkMeta(dp, 'dp', '..')).toEqual([{ severity: 'error', field: 'mesh', message: 'cannot be "..": no mesh can have this name' }]);
    expect(checkMeta(mt, 't', '.')).toEqual([{ severity: 'error', field: 'mesh', message: 'cannot be ".": no mesh can have this name' }]);
    expect(checkMeta(mt, 't', 'a..b')).toEqual([]);
  });
});

describe('label rules', () => {
  it('checks keys and values with the Kubernetes messages Kuma returns', () => {
    const v = checkLabels({ 'bad key!': 'ok', good: 'not ok!', 'kuma.io/origin': 'elsewhere' }, 'default');
    expect(v.map((x) => x.field)).toEqual(['labels["bad key!"]', 'labels["good"]', 'labels["kuma.io/origin"]']);
    expect(v[0]!.message).toBe(
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    );
    expect(v[2]!.message).toBe('unknown resource origin "elsewhere"');
  });

  it('refuses a kuma.io/mesh label that differs from the resource\'s mesh', () => {
    const found = checkLabels({ 'kuma.io/mesh': 'b' }, 'a');
    expect(found).toEqual([{ severity: 'error', field: 'labels["kuma.io/mesh"]', message: 'kuma.io/mesh label must not differ from mesh set on resource' }]);
    // the field string names the place in the document (a path is attached only where it does not)
    expect(parseField(found[0]!.field)).toEqual(['labels', 'kuma.io/mesh']);
  });

  it('does not check the kuma.io/mesh label where Kuma\'s Universal API does not: global origin, Kubernetes-style documents', () => {
    expect(checkLabels({ 'kuma.io/mesh': 'b', 'kuma.io/origin': 'global' }, 'a')).toEqual([]);
    expect(checkLabels({ 'kuma.io/mesh': 'default' }, undefined, false)).toEqual([]);
    expect(checkLabels({ 'kuma.io/mesh': 'b', 'kuma.io/origin': 'zone' }, 'a')).toHaveLength(1);
  });
});

describe('schema findings', () => {
  it('writes map entries as ["key"] and properties as .name, read off the schema', () => {
    const schema = loadSchema('Mesh')!;
    expect(fieldOf(schema, ['constraints', 'dataplaneProxy', 'requirements', 0, 'tags', 'version'])).toBe('constraints.dataplaneProxy.requirements[0].tags["version"]');
    expect(fieldOf(schema, ['labels', 'app'])).toBe('labels["app"]');
    expect(fieldOf(loadSchema('MeshTimeout')!, ['spec', 'to', 0, 'default', 'http', 'requestTimeout'])).toBe('spec.to[0].default.http.requestTimeout');
  });

  it('uses kube-openapi wording for wrong types and enums, and suggests fixes', () => {
    const doc = { type: 'MeshTimeout', name: 't', mesh: 'default', spec: { to: [{ targetRef: { kind: 'MeshServce', name: 's' }, default: { idleTimeout: 5 } }] } };
    const r = checkSchema('MeshTimeout', doc, 'strict');
    expect(r.shapeInvalid).toBe(true);
    expect(r.violations.map((v) => `${v.field}: ${v.message}`)).toEqual([
      'spec.to[0].default.idleTimeout: in body must be of type string: "number"',
      'spec.to[0].targetRef.kind: in body should be one of [Mesh MeshSubset MeshGateway MeshService MeshExternalService MeshMultiZoneService MeshServiceSubset MeshHTTPRoute Dataplane]',
    ]);
    // the suggestion is ours, kept apart from Kuma's text
    expect(r.violations.map((v) => v.hint)).toEqual([undefined, 'did you mean "MeshService"?']);
  });

  it('writes map keys and anyOf failures of spec-wrapped types as kube-openapi does in kuma-cp', () => {
    const route = { type: 'MeshTCPRoute', name: 'r', mesh: 'default', spec: { targetRef: { kind: 'MeshGateway', name: 'g', tags: { port: 8080 } }, to: [{ targetRef: { kind: 'Mesh' }, rules: [{ default: { backendRefs: [{ kind: 'MeshService', name: 'b', port: 80 }] } }] }] } };
    expect(checkSchema('MeshTCPRoute', route, 'warn').violations.map((v) => `${v.field}: ${v.message}`)).toEqual(['spec.targetRef.tags.port: in body must be of type string: "number"']);
    const mirror = { percentage: true, backendRef: { kind: 'MeshService', name: 'x', port: 80 } };
    const http = { type: 'MeshHTTPRoute', name: 'r', mesh: 'default', spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'MeshService', name: 'b' }, rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], default: { filters: [{ type: 'RequestMirror', requestMirror: mirror }] } }] }] } };
    const at = 'spec.to[0].rules[0].default.filters[0].requestMirror.percentage';
    expect(checkSchema('MeshHTTPRoute', http, 'warn').violations.map((v) => `${v.field}: ${v.message}`)).toEqual([
      `: "${at}" must validate at least one schema (anyOf)`,
      `${at}: in body must be of type integer: "boolean"`,
    ]);
  });

  it('converts YAML 1.1 booleans so the rules see them, as an error in strict mode and a warning otherwise', () => {
    const strictDoc: Record<string, unknown> = { type: 'Mesh', name: 'm', routing: { zoneEgress: 'yes' } };
    const strict = validateResource(typeByName('Mesh')!, strictDoc, { strictness: 'strict' });
    expect(strict.map((v) => [v.severity, v.field])).toEqual([
      ['error', 'routing.zoneEgress'],
      ['error', 'mtls'], // Z1: zone egress needs mTLS, found because the value was read as true
    ]);
    const lenientDoc: Record<string, unknown> = { type: 'Mesh', name: 'm', networking: { outbound: { passthrough: 'off' } } };
    const lenient = validateResource(typeByName('Mesh')!, lenientDoc, { strictness: 'warn' });
    expect(lenient.map((v) => [v.severity, v.message])).toEqual([['warning', '"off" is a boolean only in YAML 1.1 (kumactl reads false); write false']]);
    expect(lenientDoc.networking).toEqual({ outbound: { passthrough: false } });
  });

  it('lists the first thousand schema problems of a resource and counts the rest', () => {
    const doc: Record<string, unknown> = { type: 'Mesh', name: 'm' };
    for (let i = 0; i < 5000; i++) doc[`field${i}`] = 'v';
    const strict = checkSchema('Mesh', doc, 'strict');
    expect(strict.violations).toHaveLength(1001);
    expect(strict.violations[1000]).toEqual({ severity: 'error', field: '', message: 'and 4000 more schema problems in this resource, not listed', path: [] });
    expect(strict.shapeInvalid).toBe(false);
    expect(checkSchema('Mesh', doc, 'warn').violations[1000]!.severity).toBe('warning');
    expect(checkSchema('Mesh', doc, 'ignore').violations).toEqual([]);
  });

  it('reports a problem for each of 150,000 labels without overflowing the stack', () => {
    const labels: Record<string, string> = {};
    for (let i = 0; i < 150_000; i++) labels[`k${i}`] = 'not valid!';
    const v = validateResource(typeByName('Mesh')!, { type: 'Mesh', name: 'm', labels }, { strictness: 'strict' });
    expect(v).toHaveLength(150_000);
  });

  // a value of 5 MB against short candidates: an edit distance over it would take minutes (hang guard)
  it('suggests no fix for a value far longer than every candidate', { timeout: 120_000 }, () => {
    const doc = { type: 'Mesh', name: 'm', meshServices: { mode: 'E'.repeat(5_000_000) } };
    const [v] = checkSchema('Mesh', doc, 'strict').violations;
    expect(v!.message).toBe('in body should be one of [Disabled Everywhere ReachableBackends Exclusive 0 1 2 3]');
  });

  it('refuses the types only the control plane writes', () => {
    expect(validateResource(typeByName('MeshInsight')!, { type: 'MeshInsight', name: 'x' }, { strictness: 'strict' })).toEqual([
      { severity: 'error', field: 'type', message: 'MeshInsight is computed by the control plane and cannot be created or changed' },
    ]);
  });

  it('warns about legacy policies', () => {
    const v = validateResource(typeByName('TrafficRoute')!, { type: 'TrafficRoute', name: 'r', mesh: 'default', sources: [{ match: { 'kuma.io/service': '*' } }], destinations: [{ match: { 'kuma.io/service': '*' } }], conf: { destination: { 'kuma.io/service': '*' } } }, { strictness: 'strict' });
    expect(v).toEqual([{ severity: 'warning', field: 'type', message: expect.stringMatching(/^TrafficRoute is a Kuma 2.x legacy policy, removed in Kuma 3.0/) }]);
  });
});

describe('null in a flat (protobuf-decoded) resource', () => {
  it('reads as Kuma\'s decoder reads it: an empty tag value, an unset field', () => {
    const doc: Record<string, unknown> = {
      type: 'Dataplane',
      name: 'dp-1',
      mesh: 'default',
      networking: { address: '192.168.0.1', admin: null, inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web', version: null } }] },
    };
    const found = validateResource(dp, doc, { strictness: 'strict' });
    expect(found.filter((v) => v.severity === 'error').map((v) => `${v.field}: ${v.message}`)).toEqual(['networking.inbound[0].tags["version"]: tag value must be non-empty']);
    // the document now holds what kuma-cp would store
    expect(doc.networking).toEqual({ address: '192.168.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web', version: '' } }] });
  });
});
