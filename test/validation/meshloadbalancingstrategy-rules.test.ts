import { describe, expect, it } from 'vitest';
import { E, runRules, W } from '../helpers/policy-rules.js';

const lbs = (spec: string) => runRules('MeshLoadBalancingStrategy', spec);
const ONLY_HASH = 'field is not allowed when targetRef.kind is MeshHTTPRoute, only hashPolicies is supported';
const MES =
  'kind MeshExternalService is only allowed with targetRef.kind: Mesh as it is configured on the Zone Egress and shared by all clients in the mesh';

describe('MeshLoadBalancingStrategy rules (Kuma 2.14.3)', () => {
  it("accepts an empty or absent to (Kuma's \"empty 'to' allowed as override\")", () => {
    expect(lbs('targetRef: {kind: Mesh}')).toEqual([]);
    expect(lbs('targetRef: {kind: Mesh}\nto: []')).toEqual([]);
    expect(lbs('{}')).toEqual([]);
  });

  it('refuses a MeshExternalService in to twice: not a supported kind, and only with a Mesh top level', () => {
    expect(lbs('targetRef: {kind: Mesh}\nto: [{targetRef: {kind: MeshExternalService, name: e}, default: {}}]')).toEqual([
      E('spec.to[0].targetRef.kind', "value 'MeshExternalService' is not supported"),
    ]);
    expect(lbs('targetRef: {kind: Dataplane}\nto: [{targetRef: {kind: MeshExternalService, name: e}, default: {}}]')).toEqual([
      E('spec.to[0].targetRef.kind', "value 'MeshExternalService' is not supported"),
      E('spec.to[0].targetRef.kind', MES),
    ]);
  });

  it('under a MeshGateway: only Mesh when loadBalancer is set (message names the top-level kind), no MeshHTTPRoute', () => {
    expect(lbs('targetRef: {kind: MeshGateway, name: gw}\nto: [{targetRef: {kind: MeshService, name: b}, default: {loadBalancer: {type: RoundRobin}}}]')).toEqual([
      E('spec.to[0].targetRef.kind', "value 'MeshGateway' is not supported, only Mesh is allowed if loadBalancer is set"),
    ]);
    expect(lbs('targetRef: {kind: MeshGateway, name: gw}\nto: [{targetRef: {kind: MeshHTTPRoute, name: r}, default: {}}]')).toEqual([
      E('spec.to[0].targetRef.kind', "value 'MeshHTTPRoute' is not supported"),
    ]);
    expect(lbs('targetRef: {kind: MeshGateway, name: gw, tags: {listener: a}}\nto: [{targetRef: {kind: MeshService, name: b}, default: {localityAwareness: {disabled: true}}}]')).toEqual([]);
  });

  it('a MeshHTTPRoute in to allows only hashPolicies', () => {
    expect(
      lbs('to: [{targetRef: {kind: MeshHTTPRoute, name: r}, default: {hashPolicies: [{type: Header}], loadBalancer: {type: RoundRobin}, localityAwareness: {disabled: true}}}]'),
    ).toEqual([
      E('spec.to[0].default.hashPolicies[0].header', 'must be defined'),
      E('spec.to[0].default.loadBalancer', ONLY_HASH),
      E('spec.to[0].default.localityAwareness', ONLY_HASH),
    ]);
  });

  it('hashPolicies: the section of each type must be set; a cookie path is absolute', () => {
    expect(
      lbs(`
to:
- targetRef: {kind: Mesh}
  default:
    hashPolicies:
    - {type: Header}
    - {type: Cookie}
    - {type: Cookie, cookie: {name: c, path: relative}}
    - {type: QueryParameter}
    - {type: FilterState}
    - {type: Connection}
    - {type: SourceIP}
    - {type: Header, header: {name: x}}
`),
    ).toEqual([
      E('spec.to[0].default.hashPolicies[0].header', 'must be defined'),
      E('spec.to[0].default.hashPolicies[1].cookie', 'must be defined'),
      E('spec.to[0].default.hashPolicies[2].cookie.path', 'must be an absolute path'),
      E('spec.to[0].default.hashPolicies[3].queryParameter', 'must be defined'),
      E('spec.to[0].default.hashPolicies[4].filterState', 'must be defined'),
      E('spec.to[0].default.hashPolicies[5].connection', 'must be defined'),
      E('spec.to[0].default.hashPolicies[6].connection', 'must be defined'),
    ]);
  });

  it('loadBalancer: ring hash and maglev hash policies, least request bias, hash policies at both levels', () => {
    expect(
      lbs(`
to:
- targetRef: {kind: Mesh}
  default:
    loadBalancer: {type: RingHash, ringHash: {hashPolicies: [{type: Cookie}]}}
    hashPolicies: [{type: Connection, connection: {sourceIP: true}}]
- targetRef: {kind: Mesh}
  default:
    loadBalancer: {type: Maglev, maglev: {hashPolicies: [{type: SourceIP}]}}
- targetRef: {kind: Mesh}
  default:
    loadBalancer: {type: LeastRequest, leastRequest: {activeRequestBias: "-0.5"}}
- targetRef: {kind: Mesh}
  default:
    loadBalancer: {type: LeastRequest, leastRequest: {activeRequestBias: "x"}}
`),
    ).toEqual([
      E('spec.to[0].default.loadBalancer.ringHash.hashPolicies[0].cookie', 'must be defined'),
      E('spec.to[0].default.loadBalancer.ringHash.hashPolicies', 'hashPolicies already specified in the root level'),
      E('spec.to[1].default.loadBalancer.maglev.hashPolicies[0].connection', 'must be defined'),
      E('spec.to[2].default.loadBalancer.leastRequest.activeRequestBias', 'must be greater or equal then: 0'),
      E('spec.to[3].default.loadBalancer.leastRequest.activeRequestBias', 'string must be a valid number'),
      W(
        'spec.to[0].default.loadBalancer.ringHash.hashPolicies',
        "configuration 'spec.to[0].default.loadBalancer.ringHash.hashPolicies' is deprecated, use 'spec.to[0].default.hashPolicies' instead",
      ),
      W(
        'spec.to[1].default.loadBalancer.maglev.hashPolicies',
        "configuration 'spec.to[1].default.loadBalancer.maglev.hashPolicies' is deprecated, use 'spec.to[1].default.hashPolicies' instead",
      ),
      W(
        'spec.to[1].default.loadBalancer.maglev.hashPolicies[0].type',
        "SourceIP type for 'spec.to[1].default.loadBalancer.maglev.hashPolicies[0].type' is deprecated, use Connection instead",
      ),
    ]);
  });

  it('localityAwareness: affinity tags, cross-zone failover, failover threshold', () => {
    expect(
      lbs(`
to:
- targetRef: {kind: MeshService, labels: {app: b}}
  default:
    localityAwareness:
      localZone:
        affinityTags: [{key: ""}, {key: k8s.io/node, weight: 0}]
      crossZone:
        failover:
        - from: {zones: []}
          to: {type: Any, zones: [a]}
        - from: {zones: [""]}
          to: {type: Only}
        - to: {type: Sometimes}
        failoverThreshold: {percentage: 0}
`),
    ).toEqual([
      E('spec.to[0].default.localityAwareness.localZone.affinityTags[0].key', 'must not be empty'),
      E('spec.to[0].default.localityAwareness.localZone.affinityTags[1].weight', 'must be greater than 0'),
      E('spec.to[0].default.localityAwareness.localZone.affinityTags', 'all or none affinity tags should have weight'),
      E('spec.to[0].default.localityAwareness.crossZone', 'must not be set: MeshService traffic is local'),
      E('spec.to[0].default.localityAwareness.crossZone.failover[0].from.zones', 'must not be empty'),
      E('spec.to[0].default.localityAwareness.crossZone.failover[0].to.zones', 'must be empty when type is Any'),
      E('spec.to[0].default.localityAwareness.crossZone.failover[1].from.zones[0]', 'must not be empty'),
      E('spec.to[0].default.localityAwareness.crossZone.failover[1].to.zones', 'must not be empty when type is Only'),
      E('spec.to[0].default.localityAwareness.crossZone.failover[2].to.type', 'unrecognized type'),
      E('spec.to[0].default.localityAwareness.crossZone.failoverThreshold.percentage', 'must be greater than 0'),
    ]);
    expect(lbs('to: [{targetRef: {kind: Mesh}, default: {localityAwareness: {crossZone: {failoverThreshold: {percentage: "101"}}}}}]')).toEqual([
      E('spec.to[0].default.localityAwareness.crossZone.failoverThreshold.percentage', 'must be in inclusive range [0.0, 100.0]'),
    ]);
  });
});
