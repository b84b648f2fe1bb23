import { describe, expect, it } from 'vitest';
import { CONSUMER, E, runRules, W } from '../helpers/policy-rules.js';

const route = (spec: string, labels?: Record<string, string>) => runRules('MeshHTTPRoute', spec, labels);
const DNS =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('MeshHTTPRoute rules (Kuma 2.14.3)', () => {
  it('matches, backendRefs and hostnames, in Kuma\'s order', () => {
    expect(
      route(`
targetRef: {kind: Mesh}
to:
- targetRef: {kind: MeshService, name: backend}
  hostnames: [example.com]
  rules:
  - matches:
    - path: {type: PathPrefix, value: "api/"}
      queryParams: [{type: Exact, name: a, value: "1"}, {type: Exact, name: a, value: "2"}]
      headers: [{type: Present, name: x, value: "y"}, {name: z, value: "v"}]
    - path: {type: Exact, value: "a"}
    - path: {type: PathPrefix, value: "/"}
    default:
      backendRefs: [{kind: MeshGateway, name: gw}]
`),
    ).toEqual([
      E('spec.to[0].rules[0].matches[0].path.value', 'does not need a trailing slash because only a `/`-separated prefix or an entire path is matched'),
      E('spec.to[0].rules[0].matches[0].path.value', 'must be an absolute path'),
      E('spec.to[0].rules[0].matches[0].queryParams[1].name', 'multiple entries for name a'),
      E('spec.to[0].rules[0].matches[0].headers[0].value', 'must not be defined'),
      E('spec.to[0].rules[0].matches[1].path.value', 'must be an absolute path'),
      E('spec.to[0].rules[0].default.backendRefs[0].kind', "value 'MeshGateway' is not supported"),
      E('spec.to[0].hostnames', 'must not be defined'),
    ]);
  });

  it('under a MeshGateway: to is Mesh only, hostnames allowed, backendRefs needed unless a rule redirects', () => {
    expect(route('targetRef: {kind: MeshGateway, name: gw}\nto: [{targetRef: {kind: Mesh}, hostnames: [a.com], rules: [{matches: [{path: {type: Exact, value: /a}}], default: {}}]}]')).toEqual([
      E('spec.to[0].rules[0].default.backendRefs', 'must not be empty'),
    ]);
    expect(
      route('targetRef: {kind: MeshGateway, name: gw}\nto: [{targetRef: {kind: Mesh}, rules: [{matches: [], default: {filters: [{type: RequestRedirect, requestRedirect: {statusCode: 301}}]}}]}]'),
    ).toEqual([]);
    expect(route('targetRef: {kind: MeshGateway, name: gw}\nto: [{targetRef: {kind: MeshService, name: b}, rules: []}]')).toEqual([
      E('spec.to[0].targetRef.kind', "value 'MeshService' is not supported"),
    ]);
  });

  it('top-level kinds depend on the policy role; to allows MeshService, MeshExternalService, MeshMultiZoneService', () => {
    expect(route('targetRef: {kind: MeshGateway, name: gw, tags: {listener: a}}\nto: []')).toEqual([]);
    expect(route('targetRef: {kind: MeshGateway, name: gw}\nto: []', CONSUMER)).toEqual([E('spec.targetRef.kind', "value 'MeshGateway' is not supported")]);
    expect(route('to: [{targetRef: {kind: Mesh}, rules: []}, {targetRef: {kind: MeshExternalService, name: e}, rules: []}]')).toEqual([
      E('spec.to[0].targetRef.kind', "value 'Mesh' is not supported"),
    ]);
    expect(route('targetRef: {kind: MeshService, name: s}\nto: []')).toEqual([
      W('spec.targetRef.kind', "MeshService value for 'targetRef.kind' is deprecated, use Dataplane with labels instead"),
    ]);
  });

  it('backendRefs: kinds, the unresolved-backend name, a port for MeshMultiZoneService', () => {
    expect(
      route(`
to:
- targetRef: {kind: MeshService, name: b}
  rules:
  - matches: []
    default:
      backendRefs:
      - {kind: MeshService, name: kuma.io/unresolved-backend}
      - {kind: MeshService, name: other/name}
      - {kind: MeshMultiZoneService, name: m}
      - {kind: MeshMultiZoneService, name: m, port: 80}
      - {kind: MeshServiceSubset, name: s, tags: {version: v1}}
`),
    ).toEqual([
      E('spec.to[0].rules[0].default.backendRefs[1].name', "invalid characters: must consist of lower case alphanumeric characters, '-', '.' and '_'."),
      E('spec.to[0].rules[0].default.backendRefs[2].port', 'must be defined with kind MeshMultiZoneService'),
    ]);
  });

  it('filters: each type needs its section; header modifiers; redirects and rewrites; mirrors', () => {
    expect(
      route(`
targetRef: {kind: Mesh}
to:
- targetRef: {kind: MeshService, name: b}
  rules:
  - matches: [{path: {type: Exact, value: /x}}]
    default:
      backendRefs: [{kind: MeshService, name: b}]
      filters:
      - type: RequestHeaderModifier
      - type: ResponseHeaderModifier
        responseHeaderModifier: {}
      - type: RequestHeaderModifier
        requestHeaderModifier:
          set: [{name: a, value: "1"}, {name: a, value: "2"}]
          add: [{name: b, value: "1"}]
          remove: [b, c]
      - type: RequestRedirect
        requestRedirect: {hostname: 10.0.0.1, path: {type: ReplacePrefixMatch, replacePrefixMatch: /y}}
      - type: URLRewrite
        urlRewrite: {hostname: Example.com, hostToBackendHostname: true}
      - type: RequestMirror
        requestMirror: {backendRef: {kind: MeshExternalService, name: e}}
      - type: URLRewrite
      - type: RequestMirror
`),
    ).toEqual([
      E('spec.to[0].rules[0].default.filters[0].requestHeaderModifier', 'must be defined'),
      E('spec.to[0].rules[0].default.filters[1].responseHeaderModifier', 'must have at least one defined: set, add, remove'),
      E('spec.to[0].rules[0].default.filters[2].requestHeaderModifier.set[1].name', 'duplicate header name'),
      // `remove` holds bare names: Kuma's field has a `.name` the document does not have.
      E('spec.to[0].rules[0].default.filters[2].requestHeaderModifier.remove[0].name', 'duplicate header name', [
        'spec', 'to', 0, 'rules', 0, 'default', 'filters', 2, 'requestHeaderModifier', 'remove', 0,
      ]),
      E('spec.to[0].rules[0].default.filters[3].requestRedirect.path.replacePrefixMatch', 'can only appear if all matches match a path prefix'),
      E('spec.to[0].rules[0].default.filters[3].requestRedirect.hostname', 'cannot be an IP address'),
      E('spec.to[0].rules[0].default.filters[4].urlRewrite.hostname', DNS),
      E('spec.to[0].rules[0].default.filters[4].urlRewrite.hostToBackendHostname', 'can only be set with MeshGateway'),
      E('spec.to[0].rules[0].default.filters[4].urlRewrite.hostToBackendHostname', 'cannot be set together with hostname'),
      E('spec.to[0].rules[0].default.filters[5].requestMirror.backendRef.kind', "value 'MeshExternalService' is not supported"),
      E('spec.to[0].rules[0].default.filters[6].urlRewrite', 'must be defined'),
      E('spec.to[0].rules[0].default.filters[7].requestMirror', 'must be defined'),
    ]);
  });

  it('replacePrefixMatch is fine when every match is a path prefix (and with no match at all)', () => {
    const rewrite = '{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}}';
    expect(route(`to: [{targetRef: {kind: MeshService, name: b}, rules: [{matches: [{path: {type: PathPrefix, value: /a}}], default: {filters: [${rewrite}]}}]}]`)).toEqual([]);
    expect(route(`to: [{targetRef: {kind: MeshService, name: b}, rules: [{matches: [], default: {filters: [${rewrite}]}}]}]`)).toEqual([]);
    expect(route(`to: [{targetRef: {kind: MeshService, name: b}, rules: [{matches: [{method: GET}], default: {filters: [${rewrite}]}}]}]`)).toEqual([
      E('spec.to[0].rules[0].default.filters[0].urlRewrite.path.replacePrefixMatch', 'can only appear if all matches match a path prefix'),
    ]);
  });

  it('hostnames that are IP addresses, also with leading zeros or IPv6', () => {
    for (const ip of ['1.2.3.4', '010.001.1.1', '::1', '2001:db8::1']) {
      expect(route(`to: [{targetRef: {kind: MeshService, name: b}, rules: [{matches: [], default: {filters: [{type: RequestRedirect, requestRedirect: {hostname: "${ip}"}}]}}]}]`), ip).toEqual([
        E('spec.to[0].rules[0].default.filters[0].requestRedirect.hostname', 'cannot be an IP address'),
      ]);
    }
    expect(route('to: [{targetRef: {kind: MeshService, name: b}, rules: [{matches: [], default: {filters: [{type: RequestRedirect, requestRedirect: {hostname: "1.2.3.256"}}]}}]}]')).toEqual([]);
  });
});
