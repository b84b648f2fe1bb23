import { describe, expect, it } from 'vitest';
import { E, runRules, W } from '../helpers/policy-rules.js';

const mtp = (spec: string) => runRules('MeshTrafficPermission', spec);
const FROM_DEPRECATED = W('spec.from', "'from' field is deprecated and will be removed in 3.0, use 'rules' with MeshIdentity (spiffeId) instead");

describe('MeshTrafficPermission rules (Kuma 2.14.3)', () => {
  it('from or rules, not both; actions; from kinds', () => {
    expect(mtp('targetRef: {kind: Mesh}\nfrom: [{targetRef: {kind: Mesh}, default: {action: Allow}}]')).toEqual([FROM_DEPRECATED]);
    expect(mtp('targetRef: {kind: Mesh}')).toEqual([E('spec', "at least one of 'from' or 'rules' has to be defined")]);
    expect(
      mtp('from: [{targetRef: {kind: MeshGateway, name: g}, default: {}}, {targetRef: {kind: MeshService, name: s}, default: {action: Deny}}]\nrules: [{default: {}}, {default: {allow: [{spiffeID: {type: Exact, value: "x"}}]}}]'),
    ).toEqual([
      E('spec', "field 'from' must be empty when 'rules' is defined"),
      E('spec.rules[0]', "at least one of 'allow', 'allowWithShadowDeny', 'deny' has to be defined"),
      E('spec.rules[1].allow[0].spiffeID', 'must be a valid Spiffe ID: scheme is missing or invalid', ['spec', 'rules', 1, 'default', 'allow', 0, 'spiffeID']),
      E('spec.from[0].targetRef.kind', "value 'MeshGateway' is not supported"),
      E('spec.from[0].default.action', 'must be defined'),
      FROM_DEPRECATED,
      W('spec.from[1].targetRef.kind', "MeshService value for 'from[].targetRef.kind' is deprecated, use MeshSubset with 'kuma.io/service' instead"),
    ]);
  });

  it("rule matches get Kuma's ValidateMatch only: no at-least-one or spiffeID type rule; a Prefix ID parses like any other", () => {
    expect(mtp('targetRef: {kind: Dataplane}\nrules: [{default: {deny: [{}, {spiffeID: {value: "spiffe://td/ns"}}]}}]')).toEqual([]);
    expect(mtp('rules: [{default: {allow: [{spiffeID: {type: Prefix, value: "spiffe://default.zone-1.mesh.local/ns/kuma-demo/"}}]}}]')).toEqual([
      E('spec.rules[0].allow[0].spiffeID', 'must be a valid Spiffe ID: path cannot have a trailing slash', ['spec', 'rules', 0, 'default', 'allow', 0, 'spiffeID']),
    ]);
    expect(mtp('rules: [{default: {allowWithShadowDeny: [{sni: {value: ""}}]}}]')).toEqual([
      E('spec.rules[0].allowWithShadowDeny[0].sni.type', 'must be set', ['spec', 'rules', 0, 'default', 'allowWithShadowDeny', 0, 'sni', 'type']),
      E('spec.rules[0].allowWithShadowDeny[0].sni.value', 'must be set', ['spec', 'rules', 0, 'default', 'allowWithShadowDeny', 0, 'sni', 'value']),
    ]);
  });
});
