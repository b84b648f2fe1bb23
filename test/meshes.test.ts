import { describe, it, expect } from 'vitest';
import { normalise, type NormalisedResource } from '../src/lib/resources/kubernetes.js';
import { resolveMesh, workloadMeshes } from '../src/lib/meshes/resolve.js';
import type { Workload, Namespace } from '../src/lib/resources/kubernetes.js';

const res = (v: unknown) => normalise(v) as NormalisedResource;

describe('Kubernetes-style documents', () => {
  it('turns a Kuma CRD into the Universal resource, mesh from the kuma.io/mesh label', () => {
    const n = res({
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'MeshTimeout',
      metadata: { name: 't1', namespace: 'kuma-system', labels: { 'kuma.io/mesh': 'team-a', app: 'x' } },
      spec: { targetRef: { kind: 'Mesh' } },
    });
    expect(n.kind).toBe('resource');
    expect(n.value).toEqual({ type: 'MeshTimeout', name: 't1', mesh: 'team-a', labels: { 'kuma.io/mesh': 'team-a', app: 'x' }, spec: { targetRef: { kind: 'Mesh' } } });
    expect(n.toSource(['spec', 'targetRef', 'kind'])).toEqual(['spec', 'targetRef', 'kind']);
    expect(n.toSource(['name'])).toEqual(['metadata', 'name']);
    expect(n.toSource(['mesh'])).toEqual(['metadata', 'labels', 'kuma.io/mesh']);
  });

  it('flattens the spec of flat types (Mesh) and maps paths back under spec', () => {
    const n = res({ apiVersion: 'kuma.io/v1alpha1', kind: 'Mesh', metadata: { name: 'm' }, spec: { mtls: { enabledBackend: 'ca' } } });
    expect(n.value).toEqual({ type: 'Mesh', name: 'm', mtls: { enabledBackend: 'ca' } });
    expect(n.toSource(['mtls', 'enabledBackend'])).toEqual(['spec', 'mtls', 'enabledBackend']);
    expect(n.toSource(['type'])).toEqual(['kind']);
  });

  it('reads the legacy policies\' top-level mesh property', () => {
    const n = res({ apiVersion: 'kuma.io/v1alpha1', kind: 'TrafficRoute', mesh: 'legacy', metadata: { name: 'r' }, spec: { sources: [] } });
    expect(n.value.mesh).toBe('legacy');
    expect(n.declaredMeshes).toEqual([{ mesh: 'legacy', sourcePath: ['mesh'], via: 'mesh' }]);
  });

  it('reports unknown envelope keys and a wrong apiVersion', () => {
    const n = res({ apiVersion: 'kuma.io/v1beta1', kind: 'MeshRetry', metadata: { name: 'r', lables: {} }, sepc: {} });
    expect(n.problems.map((p) => [p.field, p.message])).toEqual([
      ['apiVersion', 'unsupported apiVersion "kuma.io/v1beta1": Kuma 2.14 serves kuma.io/v1alpha1'],
      ['sepc', 'unknown field "sepc"'],
      ['metadata.lables', 'unknown field "lables"'],
    ]);
  });

  it('is not a Kuma resource when the kind is unknown', () => {
    const n = normalise({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    expect(n).toEqual({ kind: 'unusable', problems: [{ severity: 'error', field: 'kind', message: 'v1 ConfigMap is not a Kuma resource; only Kuma resources can be applied', sourcePath: ['kind'] }] });
  });

  it('reads an object with apiVersion as Kubernetes even with a `type` of its own (a v1 Secret)', () => {
    const opaque = normalise({ apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: 's' }, data: {} });
    expect(opaque).toMatchObject({ kind: 'unusable', problems: [{ field: 'kind', message: expect.stringContaining('v1 Secret is not a Kuma resource') }] });
    const kuma = normalise({ apiVersion: 'v1', kind: 'Secret', type: 'system.kuma.io/secret', metadata: { name: 's', labels: { 'kuma.io/mesh': 'm' } }, data: { value: 'eA==' } });
    expect(kuma).toMatchObject({ kind: 'resource', value: { type: 'Secret', name: 's', mesh: 'm' } });
  });

  it('names an unknown Universal type and suggests the right spelling', () => {
    const n = normalise({ type: 'Meshtimeout', name: 'x' });
    expect(n).toMatchObject({ kind: 'unusable', problems: [{ field: 'type', message: 'invalid resource type "Meshtimeout" (did you mean "MeshTimeout"?)' }] });
  });

  it('reads workloads and the mesh on their pod template', () => {
    const w = normalise({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { template: { metadata: { annotations: { 'kuma.io/mesh': 'team-a' } } } },
    });
    expect(w).toEqual({ kind: 'workload', workloadKind: 'Deployment', name: 'web', namespace: 'shop', mesh: 'team-a', meshPath: ['spec', 'template', 'metadata', 'annotations', 'kuma.io/mesh'] });
  });
});

describe('mesh resolution', () => {
  const policy = (extra: Record<string, unknown> = {}) => res({ type: 'MeshTimeout', name: 't', spec: {}, ...extra });

  it('takes the document\'s mesh first', () => {
    expect(resolveMesh(policy({ mesh: 'a' }), { contextMesh: 'c' })).toEqual({ mesh: 'a', source: 'document', problems: [] });
  });

  it('then --mesh, then the context default, then `default` for spec-wrapped types', () => {
    expect(resolveMesh(policy(), { flagMesh: 'f', contextMesh: 'c' })).toMatchObject({ mesh: 'f', source: 'flag' });
    expect(resolveMesh(policy(), { contextMesh: 'c' })).toMatchObject({ mesh: 'c', source: 'context' });
    expect(resolveMesh(policy(), {})).toMatchObject({ mesh: 'default', source: 'default' });
  });

  it('refuses a flat type without a mesh, as kumactl does', () => {
    const r = resolveMesh(res({ type: 'Dataplane', name: 'dp' }), {});
    expect(r.mesh).toBeUndefined();
    expect(r.problems).toEqual([{ severity: 'error', field: 'mesh', message: 'cannot be empty (name the mesh with "mesh:" in the document or with --mesh)' }]);
  });

  it('refuses a --mesh that contradicts the document', () => {
    const r = resolveMesh(policy({ mesh: 'a' }), { flagMesh: 'b' });
    expect(r.problems[0]!.message).toBe('the document belongs to mesh "a" but --mesh says "b"; drop --mesh or change the document');
  });

  it('gives global types no mesh, and warns about a stray mesh field', () => {
    const r = resolveMesh(res({ type: 'Mesh', name: 'm', mesh: 'x' }), { flagMesh: 'f' });
    expect(r.mesh).toBeUndefined();
    expect(r.problems).toEqual([{ severity: 'warning', field: 'mesh', message: 'ignored: Mesh is a global resource and belongs to no mesh', sourcePath: ['mesh'] }]);
  });

  it('leaves a Kubernetes document whose label and mesh property disagree to the label rule (reported once)', () => {
    const n = res({ apiVersion: 'kuma.io/v1alpha1', kind: 'TrafficRoute', mesh: 'a', metadata: { name: 'r', labels: { 'kuma.io/mesh': 'b' } }, spec: {} });
    expect(resolveMesh(n, {})).toEqual({ mesh: 'a', source: 'document', problems: [] });
  });

  it('places workloads by pod template, then namespace, then default; flags mixed namespaces', () => {
    const w = (name: string, namespace: string, mesh?: string): Workload => ({ kind: 'workload', workloadKind: 'Deployment', name, namespace, ...(mesh ? { mesh } : {}) });
    const ns: Namespace[] = [{ kind: 'namespace', name: 'shop', mesh: 'team-a' }];
    const m = workloadMeshes([w('a', 'shop'), w('b', 'shop', 'team-b'), w('c', 'other')], ns);
    expect(m.map((x) => [x.workload.name, x.mesh, x.conflict])).toEqual([
      ['a', 'team-a', undefined],
      ['b', 'team-b', 'namespace "shop" holds workloads of more than one mesh ("team-a", "team-b")'],
      ['c', 'default', undefined],
    ]);
  });
});
