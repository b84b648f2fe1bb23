import { describe, expect, it } from 'vitest';
import { CONSUMER, E, runRules, W } from '../helpers/policy-rules.js';

const tcp = (spec: string, labels?: Record<string, string>) => runRules('MeshTCPRoute', spec, labels);

describe('MeshTCPRoute rules (Kuma 2.14.3)', () => {
  it('every rule needs backendRefs; their kinds; a port for MeshMultiZoneService', () => {
    expect(
      tcp(`
to:
- targetRef: {kind: MeshService, name: b}
  rules:
  - default: {}
  - default: {backendRefs: []}
  - default:
      backendRefs:
      - {kind: Mesh}
      - {kind: MeshMultiZoneService, name: m}
      - {kind: MeshServiceSubset, name: s, tags: {version: v1}}
      - {kind: MeshExternalService, name: e}
`),
    ).toEqual([
      E('spec.to[0].rules[0].default.backendRefs', 'must be defined'),
      E('spec.to[0].rules[1].default.backendRefs', 'must be defined'),
      E('spec.to[0].rules[2].default.backendRefs[0].kind', "value 'Mesh' is not supported"),
      E('spec.to[0].rules[2].default.backendRefs[1].port', 'must be defined with kind MeshMultiZoneService'),
    ]);
  });

  it('to kinds depend on the top level; top-level kinds on the policy role', () => {
    expect(tcp('targetRef: {kind: MeshGateway, name: gw, tags: {port: "8080"}}\nto: [{targetRef: {kind: Mesh}, rules: []}]')).toEqual([]);
    expect(tcp('targetRef: {kind: MeshGateway, name: gw}\nto: [{targetRef: {kind: MeshService, name: b}, rules: []}]')).toEqual([
      E('spec.to[0].targetRef.kind', "value 'MeshService' is not supported"),
    ]);
    expect(tcp('to: [{targetRef: {kind: Mesh}, rules: []}, {targetRef: {kind: MeshMultiZoneService, name: m}, rules: []}]')).toEqual([
      E('spec.to[0].targetRef.kind', "value 'Mesh' is not supported"),
    ]);
    expect(tcp('targetRef: {kind: MeshGateway, name: gw}\nto: []', CONSUMER)).toEqual([E('spec.targetRef.kind', "value 'MeshGateway' is not supported")]);
    expect(tcp('targetRef: {kind: MeshServiceSubset, name: s}\nto: []')).toEqual([
      W('spec.targetRef.kind', "MeshServiceSubset value for 'targetRef.kind' is deprecated, use Dataplane with labels instead"),
    ]);
  });
});
