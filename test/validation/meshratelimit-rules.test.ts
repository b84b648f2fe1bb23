import { describe, expect, it } from 'vitest';
import { CONSUMER, E, runRules, W } from '../helpers/policy-rules.js';

const rl = (spec: string, labels?: Record<string, string>) => runRules('MeshRateLimit', spec, labels);
const FROM_DEPRECATED = W('spec.from', "'from' field is deprecated, use 'rules' instead");
const LOCAL = 'default: {local: {http: {requestRate: {num: 1, interval: 1s}}}}';

describe('MeshRateLimit rules (Kuma 2.14.3)', () => {
  it('rules, from and to against the top-level scope', () => {
    expect(rl(`targetRef: {kind: Mesh, proxyTypes: [Sidecar]}\nfrom: [{targetRef: {kind: Mesh}, ${LOCAL}}]`)).toEqual([FROM_DEPRECATED]);
    expect(rl(`targetRef: {kind: Mesh}\nrules: [{${LOCAL}}]`)).toEqual([E('spec.rules', 'must not be defined')]);
    expect(rl(`targetRef: {kind: MeshHTTPRoute, name: r}\nrules: [{${LOCAL}}]`)).toEqual([
      E('spec.rules', 'must not be defined'),
      W('spec.targetRef.kind', "MeshHTTPRoute value for 'targetRef.kind' is deprecated, use MeshHTTPRoute in spec.to[].targetRef"),
    ]);
    expect(rl(`targetRef: {kind: Mesh}\nfrom: [{targetRef: {kind: Mesh}, ${LOCAL}}]`)).toEqual([
      E('spec.from', 'must not be defined when the scope includes a Gateway, select only proxyType Sidecar or select only gateways and use spec.to'),
      FROM_DEPRECATED,
    ]);
    expect(rl(`targetRef: {kind: Dataplane}\nto: [{targetRef: {kind: Mesh}, ${LOCAL}}]`)).toEqual([E('spec.to', 'must not be defined')]);
    expect(rl(`targetRef: {kind: MeshGateway, name: gw}\nto: [{targetRef: {kind: MeshService, name: s}, ${LOCAL}}]`, CONSUMER)).toEqual([
      E('spec.targetRef.kind', "value 'MeshGateway' is not supported"),
      E('spec.to[0].targetRef.kind', "value 'MeshService' is not supported"),
    ]);
  });

  it('rules next to to/from are refused before anything else', () => {
    expect(rl(`targetRef: {kind: Dataplane}\nrules: [{${LOCAL}}]\nfrom: [{targetRef: {kind: Mesh}, ${LOCAL}}]`)).toEqual([
      E('spec', "fields 'to' and 'from' must be empty when 'rules' is defined"),
      FROM_DEPRECATED,
    ]);
  });

  it('the local section, then its http and tcp parts', () => {
    expect(rl('targetRef: {kind: Dataplane}\nrules: [{default: {}}, {default: {local: {}}}, {default: {local: {http: {}, tcp: {}}}}]')).toEqual([
      E('spec.rules[0].default.local', 'must be defined'),
      E('spec.rules[1].default.local', 'must have at least one defined: tcp, http'),
      E('spec.rules[2].default.local.http', 'must have at least one defined: disabled, requestRate, onRateLimit'),
      E('spec.rules[2].default.local.tcp', 'must have at least one defined: disabled, connectionRate'),
    ]);
  });

  it('rates: num above 0 and interval above 50ms; the onRateLimit status above 0', () => {
    expect(
      rl(`
targetRef: {kind: Dataplane}
rules:
- default:
    local:
      http: {requestRate: {num: 0, interval: 50ms}, onRateLimit: {status: 0}}
      tcp: {connectionRate: {}}
`),
    ).toEqual([
      E('spec.rules[0].default.local.http.requestRate.num', 'must be greater than 0'),
      E('spec.rules[0].default.local.http.requestRate.interval', 'must be greater than: 50ms'),
      E('spec.rules[0].default.local.http.onRateLimit.status', 'must be greater than 0'),
      E('spec.rules[0].default.local.tcp.connectionRate.num', 'must be greater than 0'),
      E('spec.rules[0].default.local.tcp.connectionRate.interval', 'must be greater than: 50ms'),
      W('spec.rules[0].default.local.http.onRateLimit.status', "'spec.rules[0].default.local.http.requestRate.status' must be 400 or higher. Please update your configuration."),
    ]);
    expect(rl('targetRef: {kind: Dataplane}\nrules: [{default: {local: {tcp: {connectionRate: {num: 5, interval: 51ms}}}}}]')).toEqual([]);
  });

  it('matches, and no tcp limit when a match names a SPIFFE ID', () => {
    expect(
      rl(`
targetRef: {kind: Dataplane}
rules:
- matches:
  - spiffeID: {type: Exact, value: "spiffe://td/ns/a"}
  - {}
  - sni: {type: Exact, value: a.b}
  default: {local: {tcp: {disabled: true}}}
`),
    ).toEqual([
      E('spec.rules[0].matches[1]', "must specify at least one of 'spiffeID' or 'sni'"),
      E('spec.rules[0].default.local.tcp', "can't be specified when matches contain spiffeID because this field cannot be conditioned on source identity"),
    ]);
  });

  it('reports only duration decode errors when an interval fails to decode', () => {
    expect(rl('targetRef: {kind: Nope}\nrules: [{default: {local: {http: {requestRate: {num: 0, interval: 1 second}}}}}]')).toEqual([
      E('spec.rules[0].default.local.http.requestRate.interval', 'time: unknown unit " second" in duration "1 second"'),
    ]);
  });
});
