import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { RESOURCE_TYPES, typeByName, typeByCliName, typeByPath, suggestTypeNames } from '../src/lib/resources/registry.js';

describe('resource type registry', () => {
  it('serves every Kuma 2.14 type with its API path and scope', () => {
    const mesh = typeByName('Mesh')!;
    expect(mesh).toMatchObject({ path: 'meshes', scope: 'Global', shape: 'flat', shortName: 'm', singular: 'mesh', plural: 'meshes' });
    expect(mesh.columns).toEqual(['NAME', 'mTLS', 'LOCALITY', 'ZONEEGRESS', 'AGE']);
    expect(typeByName('MeshTimeout')).toMatchObject({ path: 'meshtimeouts', scope: 'Mesh', shape: 'spec', shortName: 'mt', category: 'policy' });
    expect(typeByName('Dataplane')!.columns).toEqual(['MESH', 'NAME', 'TAGS', 'ADDRESS', 'AGE']);
    expect(typeByName('MeshGateway')!.columns).toEqual(['MESH', 'NAME', 'AGE']);
    expect(typeByName('Zone')!.columns).toEqual(['NAME', 'AGE']);
    expect(typeByName('MeshInsight')).toMatchObject({ path: 'mesh-insights', readOnly: true, cli: false });
    expect(typeByName('Secret')).toMatchObject({ adminOnly: true, shortName: '' });
  });

  it('has irregular plurals and aliases as kumactl spells them', () => {
    expect(typeByCliName('meshretries')!.name).toBe('MeshRetry');
    expect(typeByCliName('meshtlses')!.name).toBe('MeshTLS');
    expect(typeByCliName('meshloadbalancingstrategies')!.name).toBe('MeshLoadBalancingStrategy');
    expect(typeByCliName('meshproxypatches')!.name).toBe('MeshProxyPatch');
    expect(typeByCliName('meshidentities')!.name).toBe('MeshIdentity');
    expect(typeByCliName('meshzoneaddresses')!.name).toBe('MeshZoneAddress');
    expect(typeByCliName('global-secret')!.name).toBe('GlobalSecret');
    expect(typeByCliName('zone-ingresses')!.name).toBe('ZoneIngress');
    expect(typeByCliName('traffic-permissions')!.path).toBe('traffic-permissions');
    expect(typeByCliName('healthchecks')!.path).toBe('health-checks');
    expect(typeByPath('global-secrets')!.name).toBe('GlobalSecret');
  });

  it('marks the legacy 2.x policies deprecated and flat', () => {
    for (const name of ['TrafficRoute', 'TrafficPermission', 'CircuitBreaker', 'Retry', 'Timeout', 'ProxyTemplate', 'VirtualOutbound']) {
      const t = typeByName(name)!;
      expect(t.deprecated, name).toMatch(/legacy policy/);
      expect(t.shape).toBe('flat');
      expect(t.policy?.isTargetRef).toBe(false);
    }
    expect(typeByName('MeshTimeout')!.deprecated).toBeUndefined();
  });

  it('accepts exactly the 49 names kumactl 2.14 delete accepts', () => {
    const deleteNames = `circuit-breaker, dataplane, external-service, fault-injection, global-secret, globalsecret, healthcheck, hostnamegenerator,
      mesh, meshaccesslog, meshcircuitbreaker, meshexternalservice, meshfaultinjection, meshgateway, meshgatewayroute, meshhealthcheck, meshhttproute,
      meshidentity, meshloadbalancingstrategy, meshmetric, meshmultizoneservice, meshopentelemetrybackend, meshpassthrough, meshproxypatch,
      meshratelimit, meshretry, meshservice, meshtcproute, meshtimeout, meshtls, meshtrace, meshtrafficpermission, meshtrust, meshzoneaddress,
      proxytemplate, rate-limit, retry, secret, timeout, traffic-log, traffic-permission, traffic-route, traffic-trace, virtual-outbound, workload,
      zone, zone-ingress, zoneegress, zoneingress`.split(/[\s,]+/).filter(Boolean);
    expect(deleteNames).toHaveLength(49);
    for (const n of deleteNames) expect(typeByCliName(n), n).toBeDefined();
    const singulars = RESOURCE_TYPES.filter((t) => t.cli).map((t) => t.singular);
    expect(singulars.filter((n) => !deleteNames.includes(n))).toEqual([]);
  });

  it('has a schema for every type a user can write', () => {
    for (const t of RESOURCE_TYPES.filter((x) => !x.readOnly)) {
      const file = t.name === 'Mesh' ? '../schemas/Mesh.json' : `../schemas/generated/${t.name}.json`;
      expect(existsSync(new URL(file, import.meta.url)), t.name).toBe(true);
    }
  });

  it('suggests the type a typo meant', () => {
    expect(suggestTypeNames('Meshtimeout')).toEqual(['MeshTimeout']);
    expect(suggestTypeNames('MeshTimout')).toContain('MeshTimeout');
  });
});
