import { describe, expect, it } from 'vitest';
import { CONSUMER, E, runRules, W } from '../helpers/policy-rules.js';

const fi = (spec: string, labels?: Record<string, string>) => runRules('MeshFaultInjection', spec, labels);
const FROM_DEPRECATED = W('spec.from', "'from' field is deprecated, use 'rules' with SPIFFE-based 'matches' instead");
const ABORT = 'default: {http: [{abort: {httpStatus: 500, percentage: 50}}]}';

describe('MeshFaultInjection rules (Kuma 2.14.3)', () => {
  it('from is not for gateways, to only for gateways', () => {
    expect(fi(`targetRef: {kind: Dataplane, labels: {app: a}}\nfrom: [{targetRef: {kind: MeshService, name: b}, ${ABORT}}]`)).toEqual([FROM_DEPRECATED]);
    expect(fi(`targetRef: {kind: Mesh}\nfrom: [{targetRef: {kind: Mesh}, ${ABORT}}]`)).toEqual([
      E('spec.from', 'must not be defined when the scope includes a Gateway, select only proxyType Sidecar or select only gateways and use spec.to'),
      FROM_DEPRECATED,
    ]);
    expect(fi(`targetRef: {kind: Mesh, proxyTypes: [Sidecar]}\nto: [{targetRef: {kind: Mesh}, ${ABORT}}]`)).toEqual([E('spec.to', 'must not be defined')]);
    expect(fi(`targetRef: {kind: MeshGateway, name: gw}\nto: [{targetRef: {kind: MeshService, name: b}, ${ABORT}}]`)).toEqual([
      E('spec.to[0].targetRef.kind', "value 'MeshService' is not supported"),
    ]);
    expect(fi(`targetRef: {kind: MeshGateway, name: gw}\nto: [{targetRef: {kind: Mesh}, ${ABORT}}]`, CONSUMER)).toEqual([
      E('spec.targetRef.kind', "value 'MeshGateway' is not supported"),
    ]);
  });

  it('rules: from must be empty next to them; matches as Kuma\'s ValidateMatch checks them (nothing more)', () => {
    expect(
      fi(`
targetRef: {kind: Dataplane}
from: [{targetRef: {kind: Mesh}, ${ABORT}}]
rules:
- matches:
  - spiffeID: {type: Exact, value: "not-valid"}
  - sni: {type: Exact, value: "Bad_Host"}
  - {}
  ${ABORT}
`),
    ).toEqual([
      E('spec', "field 'from' must be empty when 'rules' is defined"),
      E('spec.rules[0].matches[0].spiffeID', 'must be a valid Spiffe ID: scheme is missing or invalid'),
      E(
        'spec.rules[0].matches[1].sni.value',
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ),
      FROM_DEPRECATED,
    ]);
  });

  it('faults: Kuma names them http.<kind>[i] while the document has http[i].<kind>', () => {
    const at = (i: number, kind: string, f: string) => ['spec', 'rules', 0, 'default', 'http', i, kind, f];
    expect(
      fi(`
targetRef: {kind: Dataplane}
rules:
- default:
    http:
    - abort: {httpStatus: 99, percentage: 100.5}
    - delay: {value: -1s, percentage: "abc"}
    - responseBandwidth: {limit: "", percentage: -1}
    - responseBandwidth: {limit: 10 kbps, percentage: 0}
    - responseBandwidth: {limit: 10mbps, percentage: 1}
    - abort: {httpStatus: 599, percentage: 0}
      delay: {value: 0s, percentage: 100}
`),
    ).toEqual([
      E('spec.rules[0].default.http.abort[0].httpStatus', 'must be in inclusive range [100, 599]', at(0, 'abort', 'httpStatus')),
      E('spec.rules[0].default.http.abort[0].percentage', 'must be in inclusive range [0.0, 100.0]', at(0, 'abort', 'percentage')),
      E('spec.rules[0].default.http.delay[1].value', 'must not be negative when defined', at(1, 'delay', 'value')),
      E('spec.rules[0].default.http.delay[1].percentage', 'string must be a valid number', at(1, 'delay', 'percentage')),
      E('spec.rules[0].default.http.responseBandwidth[2].limit', 'must be defined', at(2, 'responseBandwidth', 'limit')),
      E('spec.rules[0].default.http.responseBandwidth[2].percentage', 'must be in inclusive range [0.0, 100.0]', at(2, 'responseBandwidth', 'percentage')),
      E('spec.rules[0].default.http.responseBandwidth[4].limit', 'must be in kbps/Mbps/Gbps units', at(4, 'responseBandwidth', 'limit')),
    ]);
  });

  it('reports only duration decode errors when a delay fails to decode', () => {
    expect(fi('targetRef: {kind: Nope}\nrules: [{default: {http: [{abort: {httpStatus: 1, percentage: 1}}, {delay: {value: 5 s, percentage: 1}}]}}]')).toEqual([
      E('spec.rules[0].default.http[1].delay.value', 'time: unknown unit " s" in duration "5 s"'),
    ]);
  });
});
