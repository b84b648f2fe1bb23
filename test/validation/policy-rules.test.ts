import { describe, it, expect } from 'vitest';
import { parse } from 'yaml';
import { Loc } from '../../src/lib/validation/rules/loc.js';
import type { Violation } from '../../src/lib/validation/types.js';
import { validateTargetRef, type TargetRefOpts } from '../../src/lib/validation/rules/targetref.js';
import { validateMeshTimeout } from '../../src/lib/validation/rules/meshtimeout.js';
import { validateMeshRetry } from '../../src/lib/validation/rules/meshretry.js';
import { validateMeshCircuitBreaker } from '../../src/lib/validation/rules/meshcircuitbreaker.js';
import { spiffeIdProblem } from '../../src/lib/go/spiffe.js';

type Doc = Record<string, unknown>;

const E = (field: string, message: string, path?: Array<string | number>): Violation =>
  path ? { severity: 'error', field, message, path } : { severity: 'error', field, message };
const W = (field: string, message: string): Violation => ({ severity: 'warning', field, message });

function doc(type: string, specYaml: string, extra: Doc = {}): Doc {
  return { type, name: 'p', mesh: 'default', ...extra, spec: parse(specYaml) as unknown };
}

const mt = (specYaml: string, extra: Doc = {}) => validateMeshTimeout(doc('MeshTimeout', specYaml, extra));
const mr = (specYaml: string, extra: Doc = {}) => validateMeshRetry(doc('MeshRetry', specYaml, extra));
const mcb = (specYaml: string, extra: Doc = {}) => validateMeshCircuitBreaker(doc('MeshCircuitBreaker', specYaml, extra));

const FROM_DEPRECATED = W('spec.from', "'from' field is deprecated, use 'rules' instead");

// ---------------------------------------------------------------------------------------------------------------
describe('validateTargetRef (§7.1)', () => {
  const p = Loc.of('spec', 'targetRef');
  const all = ['Mesh', 'MeshSubset', 'MeshGateway', 'MeshService', 'MeshExternalService', 'MeshMultiZoneService', 'MeshServiceSubset', 'MeshHTTPRoute', 'Dataplane'];
  const o: TargetRefOpts = { allowedKinds: all, isInboundPolicy: false, gatewayListenerTagsAllowed: false };
  const tr = (y: string, opts: TargetRefOpts = o) => validateTargetRef(parse(y), p, opts);

  it('requires a kind and checks it against the position', () => {
    expect(tr('{}')).toEqual([E('spec.targetRef.kind', 'must be defined')]);
    expect(validateTargetRef(undefined, p, o)).toEqual([E('spec.targetRef.kind', 'must be defined')]);
    expect(tr('kind: MeshService\nname: x', { ...o, allowedKinds: ['Mesh'] })).toEqual([
      E('spec.targetRef.kind', "value 'MeshService' is not supported"),
    ]);
    expect(tr('kind: MeshService', { ...o, allowedKinds: ['Mesh'], supportedKindsError: 'custom text' })).toEqual([
      E('spec.targetRef.kind', 'custom text'),
    ]);
  });

  it('Mesh', () => {
    expect(tr('kind: Mesh')).toEqual([]);
    expect(tr('kind: Mesh\nproxyTypes: [Sidecar]')).toEqual([]);
    expect(
      tr('kind: Mesh\nname: a\nmesh: m\ntags: {a: b}\nlabels: {a: b}\nnamespace: ns\nsectionName: s\nproxyTypes: []'),
    ).toEqual([
      E('spec.targetRef.name', 'using name with kind Mesh is not yet supported'),
      E('spec.targetRef.mesh', 'must not be set with kind Mesh'),
      E('spec.targetRef.tags', 'must not be set with kind Mesh'),
      E('spec.targetRef.labels', 'must not be set with kind Mesh'),
      E('spec.targetRef.namespace', 'must not be set with kind Mesh'),
      E('spec.targetRef.sectionName', 'must not be set with kind Mesh'),
      E('spec.targetRef.proxyTypes', 'must be undefined or have at least one element'),
    ]);
  });

  it('Dataplane', () => {
    expect(tr('kind: Dataplane')).toEqual([]);
    expect(tr('kind: Dataplane\nlabels: {app: a}')).toEqual([]);
    expect(tr('kind: Dataplane\ntags: {a: b}\nmesh: m\nproxyTypes: [Sidecar]\nlabels: {app: a}\nname: n\nsectionName: http')).toEqual([
      E('spec.targetRef.tags', 'must not be set with kind Dataplane'),
      E('spec.targetRef.mesh', 'must not be set with kind Dataplane'),
      E('spec.targetRef.proxyTypes', 'must not be set with kind Dataplane'),
      E('spec.targetRef.labels', 'either labels or name and namespace must be specified'),
      E('spec.targetRef.sectionName', 'can only be used with inbound policies'),
    ]);
    expect(tr('kind: Dataplane\nlabels: {app: a}\nsectionName: http', { ...o, isInboundPolicy: true })).toEqual([]);
  });

  it('MeshSubset: tag charset, sorted keys', () => {
    expect(tr('kind: MeshSubset')).toEqual([]);
    expect(tr('kind: MeshSubset\ntags: {}')).toEqual([]);
    expect(tr('kind: MeshSubset\ntags: {kuma.io/zone: east, version: "v1:2"}')).toEqual([]);
    expect(tr('kind: MeshSubset\nname: n\nlabels: {a: b}\ntags: {z: "", "": v, "b*": x, c: "a/b", d: "*"}\nproxyTypes: []')).toEqual([
      E('spec.targetRef.name', 'must not be set with kind MeshSubset'),
      E('spec.targetRef.tags', 'tag name must be non-empty'),
      E('spec.targetRef.tags["b*"]', 'tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores'),
      E('spec.targetRef.tags["c"]', 'tag value must consist of alphanumeric characters, dots, dashes and underscores'),
      E('spec.targetRef.tags["d"]', 'tag value must consist of alphanumeric characters, dots, dashes and underscores'),
      E('spec.targetRef.tags["z"]', 'tag value must be non-empty'),
      E('spec.targetRef.labels', 'must not be set with kind MeshSubset'),
      E('spec.targetRef.proxyTypes', 'must be undefined or have at least one element'),
    ]);
  });

  it('MeshService and MeshHTTPRoute', () => {
    expect(tr('kind: MeshService\nname: backend_kuma-demo_svc_5000\nsectionName: http')).toEqual([]);
    expect(tr('kind: MeshService\nlabels: {kuma.io/display-name: backend}')).toEqual([]);
    expect(tr('kind: MeshService\nname: Backend\nmesh: m\ntags: {a: b}\nproxyTypes: [Sidecar]\nlabels: {a: b}')).toEqual([
      E('spec.targetRef.name', "invalid characters: must consist of lower case alphanumeric characters, '-', '.' and '_'."),
      E('spec.targetRef.mesh', 'must not be set with kind MeshService'),
      E('spec.targetRef.tags', 'must not be set with kind MeshService'),
      E('spec.targetRef.proxyTypes', 'must not be set with kind MeshService'),
      E('spec.targetRef.labels', 'either labels or name and namespace must be specified'),
    ]);
    expect(tr('kind: MeshService')).toEqual([E('spec.targetRef', 'name or labels must be set when kind is MeshService')]);
    expect(tr('kind: MeshHTTPRoute\nname: r\nsectionName: s')).toEqual([
      E('spec.targetRef.sectionName', 'must not be set with kind MeshHTTPRoute'),
    ]);
    expect(tr('kind: MeshHTTPRoute')).toEqual([E('spec.targetRef', 'name or labels must be set when kind is MeshHTTPRoute')]);
  });

  it('MeshServiceSubset and MeshGateway (selector tags, listener tags)', () => {
    expect(tr('kind: MeshServiceSubset\nname: backend\ntags: {version: "*"}')).toEqual([]);
    expect(tr('kind: MeshServiceSubset\nlabels: {a: b}\nsectionName: s\ntags: {version: "v@1"}')).toEqual([
      E('spec.targetRef.name', 'must be set when kind is MeshServiceSubset'),
      E('spec.targetRef.tags["version"]', 'tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be "*"'),
      E('spec.targetRef.labels', 'must not be set with kind MeshServiceSubset'),
      E('spec.targetRef.sectionName', 'must not be set with kind MeshServiceSubset'),
    ]);
    expect(tr('kind: MeshGateway\nname: edge\ntags: {listener: one}')).toEqual([
      E('spec.targetRef.tags', 'must not be set with kind MeshGateway'),
    ]);
    expect(tr('kind: MeshGateway\nname: edge\ntags: {listener: one}', { ...o, gatewayListenerTagsAllowed: true })).toEqual([]);
    // Kuma checks the tags as a selector before refusing them where listener tags are not allowed
    expect(tr('kind: MeshGateway\nname: edge\ntags: {listener: "a b"}')).toEqual([
      E('spec.targetRef.tags["listener"]', 'tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be "*"'),
      E('spec.targetRef.tags', 'must not be set with kind MeshGateway'),
    ]);
    expect(tr('kind: MeshGateway\nproxyTypes: [Gateway]')).toEqual([
      E('spec.targetRef.name', 'must be set when kind is MeshGateway'),
      E('spec.targetRef.proxyTypes', 'must not be set with kind MeshGateway'),
    ]);
  });

  it('MeshExternalService has its own wording; MeshMultiZoneService has no checks', () => {
    expect(tr('kind: MeshExternalService\nname: ext')).toEqual([]);
    expect(tr('kind: MeshExternalService')).toEqual([E('spec.targetRef', 'name or labels must be set when kind is MeshExternalService')]);
    expect(tr('kind: MeshExternalService\nname: ext\nlabels: {a: b}\nsectionName: s\ntags: {a: b}')).toEqual([
      E('spec.targetRef.tags', 'must not be set with kind MeshExternalService'),
      E('spec.targetRef.labels', 'either labels or name must be specified'),
      E('spec.targetRef.sectionName', 'must not be set with kind MeshExternalService'),
    ]);
    expect(tr('kind: MeshMultiZoneService\nname: "X!"\ntags: {a: b}\nmesh: m')).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('MeshTimeout (§7.2)', () => {
  it("accepts Kuma's two default timeout policies with only the 'from' deprecation warning", () => {
    expect(
      mt(`
targetRef: {kind: Mesh, proxyTypes: [Gateway]}
from:
- targetRef: {kind: Mesh}
  default:
    idleTimeout: 5m0s
    http: {streamIdleTimeout: 5s, requestHeadersTimeout: 500ms}
to:
- targetRef: {kind: Mesh}
  default:
    idleTimeout: 1h0m0s
    http: {streamIdleTimeout: 5s}
`),
    ).toEqual([FROM_DEPRECATED]);
    expect(
      mt(`
targetRef: {kind: Mesh, proxyTypes: [Sidecar]}
from:
- targetRef: {kind: Mesh}
  default:
    connectionTimeout: 10s
    idleTimeout: 2h0m0s
    http: {requestTimeout: 0s, streamIdleTimeout: 1h0m0s, maxStreamDuration: 0s}
to:
- targetRef: {kind: Mesh}
  default:
    connectionTimeout: 5s
    idleTimeout: 1h0m0s
    http: {requestTimeout: 15s, streamIdleTimeout: 30m0s}
`),
    ).toEqual([FROM_DEPRECATED]);
  });

  it('accepts rules with matches and a missing top-level targetRef', () => {
    expect(
      mt(`
rules:
- matches:
  - spiffeID: {type: Prefix, value: "spiffe://default.zone.mesh.local/ns"}
  - sni: {type: Exact, value: backend.mesh}
  default: {http: {requestTimeout: 10s}}
`),
    ).toEqual([]);
  });

  it('reports only duration decode errors when any duration fails to decode', () => {
    expect(
      mt(`
rules:
- default: {connectionTimeout: 10s}
to:
- targetRef: {kind: MeshGateway}
  default: {idleTimeout: five minutes, connectionTimeout: 5 minutes, http: {requestTimeout: 1d}}
`),
    ).toEqual([
      E('spec.to[0].default.connectionTimeout', 'time: unknown unit " minutes" in duration "5 minutes"'),
      E('spec.to[0].default.idleTimeout', 'time: invalid duration "five minutes"'),
      E('spec.to[0].default.http.requestTimeout', 'time: unknown unit "d" in duration "1d"'),
    ]);
  });

  it('rules vs to/from, and the at-least-one rule', () => {
    expect(mt('to: [{targetRef: {kind: Mesh}, default: {idleTimeout: 1s}}]\nrules: [{default: {idleTimeout: 1s}}]')).toEqual([
      E('spec', "fields 'to' and 'from' must be empty when 'rules' is defined"),
    ]);
    expect(mt('targetRef: {kind: Mesh}')).toEqual([E('spec', "at least one of 'from', 'to' or 'rules' has to be defined")]);
    expect(mt('to: []\nfrom: []\nrules: []')).toEqual([E('spec', "at least one of 'from', 'to' or 'rules' has to be defined")]);
  });

  it('top-level kinds depend on the policy role; listener tags only for system', () => {
    const gw = 'targetRef: {kind: MeshGateway, name: edge, tags: {listener: a}}\nto: [{targetRef: {kind: Mesh}, default: {idleTimeout: 1s}}]';
    expect(mt(gw)).toEqual([]);
    expect(mt(gw, { labels: { 'kuma.io/policy-role': 'producer' } })).toEqual([E('spec.targetRef.kind', "value 'MeshGateway' is not supported")]);
    expect(mt(gw, { labels: { 'kuma.io/policy-role': 'system' } })).toEqual([]);
  });

  it('from must not be defined with a MeshGateway/MeshHTTPRoute top level; from only allows Mesh', () => {
    expect(mt('targetRef: {kind: MeshGateway, name: gw}\nfrom: [{targetRef: {kind: MeshService, name: x}}]')).toEqual([
      E('spec.from', 'must not be defined'),
      FROM_DEPRECATED,
    ]);
    expect(mt('from: [{targetRef: {kind: MeshService, name: x}, default: {idleTimeout: 1s}}]')).toEqual([
      E('spec.from[0].targetRef.kind', "value 'MeshService' is not supported"),
      FROM_DEPRECATED,
    ]);
    expect(mt('from: [{default: {idleTimeout: 1s}}]')).toEqual([E('spec.from[0].targetRef.kind', 'must be defined'), FROM_DEPRECATED]);
  });

  it('to kinds depend on the top-level kind', () => {
    expect(
      mt('targetRef: {kind: MeshGateway, name: gw}\nto: [{targetRef: {kind: MeshService, name: b}, default: {idleTimeout: 1s}}, {targetRef: {kind: MeshExternalService, name: e}, default: {idleTimeout: 1s}}]'),
    ).toEqual([E('spec.to[0].targetRef.kind', "value 'MeshService' is not supported")]);
    expect(mt('to: [{targetRef: {kind: MeshSubset}, default: {idleTimeout: 1s}}]')).toEqual([
      E('spec.to[0].targetRef.kind', "value 'MeshSubset' is not supported"),
    ]);
  });

  it('Conf checks', () => {
    expect(mt('to: [{targetRef: {kind: Mesh}}, {targetRef: {kind: Mesh}, default: {}}]')).toEqual([
      E('spec.to[0].default', 'at least one timeout should be configured'),
      E('spec.to[1].default', 'at least one timeout should be configured'),
    ]);
    expect(
      mt(`
to:
- targetRef: {kind: Mesh}
  default:
    connectionTimeout: 0s
    idleTimeout: -1s
    http: {requestHeadersTimeout: -2s}
`),
    ).toEqual([
      E('spec.to[0].default.connectionTimeout', 'must be greater than zero when defined'),
      E('spec.to[0].default.idleTimeout', 'must not be negative when defined'),
      E('spec.to[0].default.http', 'at least one timeout in this section should be configured'),
      E('spec.to[0].default.http.requestHeadersTimeout', 'must not be negative when defined'),
    ]);
    expect(
      mt(
        'to: [{targetRef: {kind: Mesh}, default: {connectionTimeout: "-1s", http: {requestTimeout: -1s, streamIdleTimeout: -1s, maxStreamDuration: -1m, maxConnectionDuration: -1h}}}]',
      ),
    ).toEqual([
      E('spec.to[0].default.connectionTimeout', 'must be greater than zero when defined'),
      E('spec.to[0].default.http.requestTimeout', 'must not be negative when defined'),
      E('spec.to[0].default.http.streamIdleTimeout', 'must not be negative when defined'),
      E('spec.to[0].default.http.maxStreamDuration', 'must not be negative when defined'),
      E('spec.to[0].default.http.maxConnectionDuration', 'must not be negative when defined'),
    ]);
    expect(mt('to: [{targetRef: {kind: Mesh}, default: {idleTimeout: "0"}}]')).toEqual([]);
  });

  it('MeshHTTPRoute top level restricts Conf fields and is deprecated', () => {
    expect(
      mt(`
targetRef: {kind: MeshHTTPRoute, name: route}
to:
- targetRef: {kind: Mesh}
  default:
    connectionTimeout: 1s
    idleTimeout: 1s
    http: {requestTimeout: 1s, maxStreamDuration: 1s, maxConnectionDuration: 1s}
`),
    ).toEqual([
      E('spec.to[0].default.connectionTimeout', "can't be specified when top-level TargetRef is referencing MeshHTTPRoute"),
      E('spec.to[0].default.idleTimeout', "can't be specified when top-level TargetRef is referencing MeshHTTPRoute"),
      E('spec.to[0].default.http.maxStreamDuration', "can't be specified when top-level TargetRef is referencing MeshHTTPRoute"),
      E('spec.to[0].default.http.maxConnectionDuration', "can't be specified when top-level TargetRef is referencing MeshHTTPRoute"),
      W('spec.targetRef.kind', "MeshHTTPRoute value for 'targetRef.kind' is deprecated, use MeshHTTPRoute in spec.to[].targetRef"),
    ]);
  });

  it('warns about deprecated top-level kinds', () => {
    for (const kind of ['MeshService', 'MeshServiceSubset']) {
      expect(mt(`targetRef: {kind: ${kind}, name: b}\nto: [{targetRef: {kind: Mesh}, default: {idleTimeout: 1s}}]`)).toEqual([
        W('spec.targetRef.kind', `${kind} value for 'targetRef.kind' is deprecated, use Dataplane with labels instead`),
      ]);
    }
    expect(mt('targetRef: {kind: MeshSubset, tags: {a: b}}\nto: [{targetRef: {kind: Mesh}, default: {idleTimeout: 1s}}]')).toEqual([
      W('spec.targetRef.kind', "MeshSubset value for 'targetRef.kind' is deprecated, use Dataplane with labels instead"),
    ]);
  });

  it('Dataplane sectionName needs an inbound policy', () => {
    const tgt = 'targetRef: {kind: Dataplane, labels: {app: a}, sectionName: http}\n';
    expect(mt(`${tgt}to: [{targetRef: {kind: Mesh}, default: {idleTimeout: 1s}}]`)).toEqual([
      E('spec.targetRef.sectionName', 'can only be used with inbound policies'),
    ]);
    expect(mt(`${tgt}rules: [{default: {idleTimeout: 1s}}]`)).toEqual([]);
  });

  it('rule matches', () => {
    expect(
      mt(`
rules:
- matches:
  - spiffeID: {type: Regex, value: "http://x"}
  - sni: {type: Prefix, value: "Not_A_Host"}
  - {}
  - spiffeID: {value: "spiffe://td/a"}
    sni: {value: ""}
  default: {http: {requestTimeout: 1s}}
`),
    ).toEqual([
      E('spec.rules[0].matches[0].spiffeID', 'must be a valid Spiffe ID: scheme is missing or invalid'),
      E('spec.rules[0].matches[0].spiffeID.type', 'unrecognized type "Regex", supported values are: Exact, Prefix'),
      E('spec.rules[0].matches[1].sni.type', 'unrecognized type "Prefix", supported values are: Exact'),
      E(
        'spec.rules[0].matches[1].sni.value',
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ),
      E('spec.rules[0].matches[2]', "must specify at least one of 'spiffeID' or 'sni'"),
      E('spec.rules[0].matches[3].sni.type', 'must be set'),
      E('spec.rules[0].matches[3].sni.value', 'must be set'),
      E('spec.rules[0].matches[3].spiffeID.type', 'must be set'),
    ]);
  });

  it('fields that cannot be conditioned on source identity', () => {
    const msg = "can't be specified when matches contain spiffeID because this field cannot be conditioned on source identity";
    expect(
      mt(`
rules:
- matches: [{spiffeID: {type: Exact, value: "spiffe://td/ns/a"}}]
  default:
    connectionTimeout: 1s
    idleTimeout: 1s
    http: {requestTimeout: 1s, requestHeadersTimeout: 1s, maxStreamDuration: 1s, maxConnectionDuration: 1s}
`),
    ).toEqual([
      E('spec.rules[0].default.connectionTimeout', msg),
      E('spec.rules[0].default.idleTimeout', msg),
      E('spec.rules[0].default.http.requestHeadersTimeout', msg),
      E('spec.rules[0].default.http.maxStreamDuration', msg),
      E('spec.rules[0].default.http.maxConnectionDuration', msg),
    ]);
    expect(mt('rules: [{matches: [{sni: {type: Exact, value: a.b}}], default: {connectionTimeout: 1s}}]')).toEqual([]);
  });

  it('never throws on odd shapes', () => {
    expect(() => validateMeshTimeout({})).not.toThrow();
    expect(() => validateMeshTimeout({ spec: { to: 'x', from: [null, 3], rules: [{ matches: 'x', default: [] }] } })).not.toThrow();
  });
});

describe('SPIFFE IDs', () => {
  it('accepts valid IDs and rejects the rest', () => {
    expect(spiffeIdProblem('spiffe://example.org')).toBeUndefined();
    expect(spiffeIdProblem('spiffe://my-mesh.zone_1.mesh.local/ns/kuma-demo/sa/default')).toBeUndefined();
    for (const bad of [
      '',
      'spiffe:/x',
      'SPIFFE://x',
      'spiffe://',
      'spiffe:///path',
      'spiffe://Upper.org',
      'spiffe://td:8080/x',
      'spiffe://user@td/x',
      'spiffe://td/a//b',
      'spiffe://td/a/',
      'spiffe://td/./a',
      'spiffe://td/../a',
      'spiffe://td/a?x=1',
      'spiffe://td/a#f',
      'spiffe://td/a b',
    ]) {
      expect(spiffeIdProblem(bad), bad).toBeTypeOf('string');
    }
  });

  it("words each problem as go-spiffe v2.6.0 (Kuma 2.14.3's) does, first problem only", () => {
    const cases: Array<[string, string]> = [
      ['', 'cannot be empty'],
      ['SPIFFE://td', 'scheme is missing or invalid'],
      ['spiffe://', 'trust domain is missing'],
      ['spiffe:///a', 'trust domain is missing'],
      ['spiffe://Upper.org', 'trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores'],
      ['spiffe://td:8080/x', 'trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores'],
      ['spiffe://td/a//b', 'path cannot contain empty segments'],
      ['spiffe://td/a/', 'path cannot have a trailing slash'],
      ['spiffe://td/', 'path cannot have a trailing slash'],
      ['spiffe://td/./a', 'path cannot contain dot segments'],
      ['spiffe://td/a/..', 'path cannot contain dot segments'],
      ['spiffe://td/a b', 'path segment characters are limited to letters, numbers, dots, dashes, and underscores'],
      ['spiffe://td/é', 'path segment characters are limited to letters, numbers, dots, dashes, and underscores'],
    ];
    for (const [id, problem] of cases) expect(spiffeIdProblem(id), id).toBe(problem);
    // A Prefix match is parsed like any other ID: no trailing slash either.
    expect(spiffeIdProblem('spiffe://default.zone.mesh.local/ns/')).toBe('path cannot have a trailing slash');
    expect(spiffeIdProblem('spiffe://td/Ns_1/a-b.c')).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('MeshRetry (§7.3)', () => {
  const conf = (y: string) => mr(`to: [{targetRef: {kind: Mesh}, default: ${y}}]`);
  const P = (...rest: Array<string | number>) => ['spec', 'to', 0, 'default', ...rest];

  it("accepts Kuma's default retry policy", () => {
    expect(
      mr(`
targetRef: {kind: Mesh}
to:
- targetRef: {kind: Mesh}
  default:
    tcp: {maxConnectAttempt: 5}
    http: {numRetries: 5, perTryTimeout: 16s, backOff: {baseInterval: 25ms, maxInterval: 250ms}}
    grpc: {numRetries: 5, perTryTimeout: 16s, backOff: {baseInterval: 25ms, maxInterval: 250ms}}
`),
    ).toEqual([]);
  });

  it('has no "at least one to" rule', () => {
    expect(mr('to: []')).toEqual([]);
    expect(mr('targetRef: {kind: Mesh}')).toEqual([]);
  });

  it('reports default checks under an extra conf segment, with the real document path', () => {
    expect(conf('{}')).toEqual([E('spec.to[0].default.conf', "at least one of the 'tcp', 'http', 'grpc' must be specified", P())]);
    expect(mr('to: [{targetRef: {kind: Mesh}}]')).toEqual([
      E('spec.to[0].default.conf', "at least one of the 'tcp', 'http', 'grpc' must be specified", P()),
    ]);
    expect(conf('{tcp: {}}')).toEqual([E('spec.to[0].default.conf.tcp', 'must not be empty', P('tcp'))]);
    expect(conf('{tcp: {maxConnectAttempt: 0}}')).toEqual([
      E('spec.to[0].default.conf.tcp.maxConnectAttempt', 'must be greater than 0', P('tcp', 'maxConnectAttempt')),
    ]);
  });

  it('http and grpc sections', () => {
    expect(conf('{http: {}, grpc: {}}')).toEqual([
      E('spec.to[0].default.conf.http', 'must not be empty', P('http')),
      E('spec.to[0].default.conf.grpc', 'must not be empty', P('grpc')),
    ]);
    expect(conf('{http: {hostSelectionMaxAttempts: 3}}')).toEqual([E('spec.to[0].default.conf.http', 'must not be empty', P('http'))]);
    expect(conf('{http: {retryOn: []}, grpc: {numRetries: 0}}')).toEqual([]);
    expect(conf('{http: {backOff: {}}, grpc: {backOff: {}}}')).toEqual([
      E('spec.to[0].default.conf.http.backOff', 'must not be empty', P('http', 'backOff')),
      E('spec.to[0].default.conf.grpc.backOff', 'must not be empty', P('grpc', 'backOff')),
    ]);
  });

  it('rateLimitedBackOff', () => {
    expect(conf('{http: {rateLimitedBackOff: {maxInterval: 0s}}}')).toEqual([
      E('spec.to[0].default.conf.http.rateLimitedBackOff.maxInterval', 'must be defined and greater than zero', P('http', 'rateLimitedBackOff', 'maxInterval')),
      E('spec.to[0].default.conf.http.rateLimitedBackOff.resetHeaders', 'must be defined', P('http', 'rateLimitedBackOff', 'resetHeaders')),
    ]);
    expect(conf('{grpc: {rateLimitedBackOff: {resetHeaders: [{name: retry-after, format: Seconds}, {name: "", format: Seconds}]}}}')).toEqual([
      E('spec.to[0].default.conf.grpc.rateLimitedBackOff.resetHeaders[1].name', 'must be defined', P('grpc', 'rateLimitedBackOff', 'resetHeaders', 1, 'name')),
    ]);
  });

  it('retryOn: named conditions (case-sensitive) and registered status codes', () => {
    expect(conf('{http: {retryOn: ["5xx", GatewayError, Reset, HttpMethodGet, "409", "500", "503", "226", "451", "511"]}}')).toEqual([]);
    expect(conf('{http: {retryOn: ["5XX", reset, "123", "952", "509", abc]}, grpc: {retryOn: [Unavailable, unavailable]}}')).toEqual([
      E('spec.to[0].default.conf.http.retryOn[0]', "unknown item '5XX'", P('http', 'retryOn', 0)),
      E('spec.to[0].default.conf.http.retryOn[1]', "unknown item 'reset'", P('http', 'retryOn', 1)),
      E('spec.to[0].default.conf.http.retryOn[2]', "unknown item '123'", P('http', 'retryOn', 2)),
      E('spec.to[0].default.conf.http.retryOn[3]', "unknown item '952'", P('http', 'retryOn', 3)),
      E('spec.to[0].default.conf.http.retryOn[4]', "unknown item '509'", P('http', 'retryOn', 4)),
      E('spec.to[0].default.conf.http.retryOn[5]', "unknown item 'abc'", P('http', 'retryOn', 5)),
      E('spec.to[0].default.conf.grpc.retryOn[1]', "unknown item 'unavailable'", P('grpc', 'retryOn', 1)),
    ]);
  });

  it('hostSelection', () => {
    expect(
      conf(`{http: {hostSelection: [
        {predicate: OmitPreviousHosts},
        {predicate: OmitHostsWithTags},
        {predicate: OmitPreviousPriorities, updateFrequency: 0},
        {predicate: OmitPreviousPriorities},
        {predicate: Bogus}]}}`),
    ).toEqual([
      E('spec.to[0].default.conf.http.hostSelection[1].tags', 'must be defined', P('http', 'hostSelection', 1, 'tags')),
      E('spec.to[0].default.conf.http.hostSelection[2].updateFrequency', 'must be defined and greater than zero', P('http', 'hostSelection', 2, 'updateFrequency')),
      E('spec.to[0].default.conf.http.hostSelection[3].predicate', 'OmitPreviousPriorities must only be specified once', P('http', 'hostSelection', 3, 'predicate')),
      E('spec.to[0].default.conf.http.hostSelection[4].predicate', "unknown predicate type 'Bogus'", P('http', 'hostSelection', 4, 'predicate')),
    ]);
  });

  it('targetRef kinds', () => {
    expect(mr('targetRef: {kind: MeshGateway, name: gw}\nto: [{targetRef: {kind: MeshService, name: b}, default: {tcp: {maxConnectAttempt: 1}}}]')).toEqual([
      E('spec.to[0].targetRef.kind', "value 'MeshService' is not supported"),
    ]);
    expect(mr('targetRef: {kind: MeshHTTPRoute, name: r}\nto: []', { labels: { 'kuma.io/policy-role': 'consumer' } })).toEqual([
      E('spec.targetRef.kind', "value 'MeshHTTPRoute' is not supported"),
      W('spec.targetRef.kind', "MeshHTTPRoute value for 'targetRef.kind' is deprecated, use MeshHTTPRoute in spec.to[].targetRef"),
    ]);
    expect(mr('targetRef: {kind: Dataplane, sectionName: http}\nto: []')).toEqual([
      E('spec.targetRef.sectionName', 'can only be used with inbound policies'),
    ]);
  });

  it('duration decode errors come alone', () => {
    expect(mr('targetRef: {kind: Bogus}\nto: [{targetRef: {kind: Mesh}, default: {http: {perTryTimeout: 1d, backOff: {baseInterval: "25 ms"}}}}]')).toEqual([
      E('spec.to[0].default.http.perTryTimeout', 'time: unknown unit "d" in duration "1d"'),
      E('spec.to[0].default.http.backOff.baseInterval', 'time: unknown unit " ms" in duration "25 ms"'),
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('MeshCircuitBreaker (§7.4)', () => {
  it("accepts Kuma's default circuit breaker policy", () => {
    expect(
      mcb(`
targetRef: {kind: Mesh}
to:
- targetRef: {kind: Mesh}
  default:
    connectionLimits: {maxConnections: 1024, maxPendingRequests: 1024, maxRequests: 1024, maxRetries: 3}
`),
    ).toEqual([]);
  });

  it('at-least-one and rules vs to/from', () => {
    expect(mcb('targetRef: {kind: Mesh}')).toEqual([E('spec', "at least one of 'from', 'to' or 'rules' has to be defined")]);
    expect(mcb('rules: [{default: {connectionLimits: {}}}]\nto: [{targetRef: {kind: Mesh}, default: {connectionLimits: {}}}]')).toEqual([
      E('spec', "fields 'to' and 'from' must be empty when 'rules' is defined"),
    ]);
  });

  it('reports rules under spec.from[i] with the real spec.rules[i] path', () => {
    expect(mcb('rules: [{default: {connectionLimits: {}}}, {default: {}}, {default: {connectionLimits: {maxRetries: 0}}}]')).toEqual([
      E('spec.from[1].default', "at least one of: 'connectionLimits' or 'outlierDetection' should be configured", ['spec', 'rules', 1, 'default']),
      E('spec.from[2].default.connectionLimits.maxRetries', 'must be greater than 0', ['spec', 'rules', 2, 'default', 'connectionLimits', 'maxRetries']),
    ]);
  });

  it('targetRef kinds in every position', () => {
    expect(
      mcb(`
targetRef: {kind: MeshHTTPRoute, name: r}
from: [{targetRef: {kind: MeshService, name: a}, default: {connectionLimits: {}}}]
to: [{targetRef: {kind: MeshHTTPRoute, name: r}, default: {connectionLimits: {}}}]
`),
    ).toEqual([
      E('spec.targetRef.kind', "value 'MeshHTTPRoute' is not supported"),
      E('spec.from[0].targetRef.kind', "value 'MeshService' is not supported"),
      E('spec.to[0].targetRef.kind', "value 'MeshHTTPRoute' is not supported"),
      // Kuma's Deprecations(): the 'from' warning first, then the top-level kind.
      FROM_DEPRECATED,
      W('spec.targetRef.kind', "MeshHTTPRoute value for 'targetRef.kind' is deprecated, use MeshHTTPRoute in spec.to[].targetRef"),
    ]);
    expect(mcb('targetRef: {kind: MeshGateway, name: gw, tags: {listener: a}}\nto: [{targetRef: {kind: MeshMultiZoneService, name: m}, default: {connectionLimits: {}}}]')).toEqual([]);
  });

  it('connectionLimits', () => {
    expect(
      mcb('to: [{targetRef: {kind: Mesh}, default: {connectionLimits: {maxConnections: 0, maxConnectionPools: 0, maxPendingRequests: 0, maxRetries: 0, maxRequests: 0}}}]'),
    ).toEqual([
      E('spec.to[0].default.connectionLimits.maxConnections', 'must be greater than 0'),
      E('spec.to[0].default.connectionLimits.maxConnectionPools', 'must be greater than 0'),
      E('spec.to[0].default.connectionLimits.maxPendingRequests', 'must be greater than 0'),
      E('spec.to[0].default.connectionLimits.maxRetries', 'must be greater than 0'),
      E('spec.to[0].default.connectionLimits.maxRequests', 'must be greater than 0'),
    ]);
  });

  it('outlierDetection', () => {
    const od = (y: string) => mcb(`to: [{targetRef: {kind: Mesh}, default: {outlierDetection: ${y}}}]`);
    const p = 'spec.to[0].default.outlierDetection';
    expect(od('{disabled: true}')).toEqual([E(`${p}.detectors`, 'must be defined')]);
    expect(od('{detectors: {}}')).toEqual([
      E(`${p}.detectors`, 'must have at least one defined: totalFailures, gatewayFailures, localOriginFailures, successRate, failurePercentage'),
    ]);
    expect(od('{interval: 0s, baseEjectionTime: -1s, maxEjectionPercent: 101, healthyPanicThreshold: "50%", detectors: {totalFailures: {consecutive: 1}}}')).toEqual([
      E(`${p}.interval`, 'must be greater than zero when defined'),
      E(`${p}.baseEjectionTime`, 'must be greater than zero when defined'),
      E(`${p}.maxEjectionPercent`, 'must be in inclusive range [0, 100]'),
      E(`${p}.healthyPanicThreshold`, 'string must be a valid number'),
    ]);
    expect(od('{healthyPanicThreshold: 101, detectors: {totalFailures: {}}}')).toEqual([
      E(`${p}.healthyPanicThreshold`, 'must be in inclusive range [0.0, 100.0]'),
    ]);
    expect(od('{healthyPanicThreshold: "1.9", maxEjectionPercent: 100, detectors: {failurePercentage: {threshold: 0}}}')).toEqual([]);
    expect(
      od(`{detectors: {
        totalFailures: {consecutive: 0}, gatewayFailures: {consecutive: 0}, localOriginFailures: {consecutive: 0},
        successRate: {minimumHosts: 0, requestVolume: 0, standardDeviationFactor: "x"},
        failurePercentage: {minimumHosts: 0, requestVolume: 0, threshold: 101}}}`),
    ).toEqual([
      E(`${p}.detectors.totalFailures.consecutive`, 'must be greater than 0'),
      E(`${p}.detectors.gatewayFailures.consecutive`, 'must be greater than 0'),
      E(`${p}.detectors.localOriginFailures.consecutive`, 'must be greater than 0'),
      E(`${p}.detectors.successRate.minimumHosts`, 'must be greater than 0'),
      E(`${p}.detectors.successRate.requestVolume`, 'must be greater than 0'),
      E(`${p}.detectors.successRate.standardDeviationFactor`, 'invalid number'),
      E(`${p}.detectors.failurePercentage.minimumHosts`, 'must be greater than 0'),
      E(`${p}.detectors.failurePercentage.requestVolume`, 'must be greater than 0'),
      E(`${p}.detectors.failurePercentage.threshold`, 'must be in inclusive range [0, 100]'),
    ]);
    expect(od('{detectors: {successRate: {standardDeviationFactor: "0"}}}')).toEqual([
      E(`${p}.detectors.successRate.standardDeviationFactor`, 'must be greater than 0'),
    ]);
    expect(od('{detectors: {successRate: {standardDeviationFactor: "1.9"}}}')).toEqual([]);
  });

  it('from: deprecation warning and Conf checks; duration decode errors come alone', () => {
    expect(mcb('from: [{targetRef: {kind: Mesh}, default: {}}]')).toEqual([
      E('spec.from[0].default', "at least one of: 'connectionLimits' or 'outlierDetection' should be configured"),
      FROM_DEPRECATED,
    ]);
    expect(mcb('to: [{targetRef: {kind: Bogus}, default: {outlierDetection: {interval: 1d}}}]')).toEqual([
      E('spec.to[0].default.outlierDetection.interval', 'time: unknown unit "d" in duration "1d"'),
    ]);
  });
});
