import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifests, type LoadOptions } from '../src/lib/manifest/load.js';
import { KUBERNETES_ONLY_KINDS } from '../src/lib/resources/kubernetes.js';

/*
 * Kubernetes-style documents as kuma-cp on Kubernetes reads them, and Kubernetes objects that are not
 * Universal resources: workloads, and Kuma's Kubernetes-only kinds.
 */

let dir: string;
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kumactl-k8s-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function load(text: string, options: Partial<LoadOptions> = {}) {
  const file = join(dir, `in-${++n}.yaml`);
  writeFileSync(file, text);
  const result = await loadManifests([file], { strictness: 'strict', ...options });
  const findings = result.findings.map((f) => `${f.line}:${f.column} ${f.severity} ${f.field ? `${f.field}: ` : ''}${f.message}${f.hint ? `; ${f.hint}` : ''}`);
  return { ...result, file, lines: findings };
}

const containerPatch = `apiVersion: kuma.io/v1alpha1
kind: ContainerPatch
metadata:
  name: disable-reuse-port
  namespace: kuma-system
spec:
  sidecarPatch:
  - op: add
    path: /env/-
    value: '{"name": "KUMA_X", "value": "false"}'
`;

describe('Kubernetes-style Kuma resources', () => {
  it('read a missing spec as the empty one the webhook fills in', async () => {
    const head = 'apiVersion: kuma.io/v1alpha1\nkind: MeshPassthrough\nmetadata:\n  name: empty\n  namespace: kuma-system\n  labels:\n    kuma.io/mesh: team-a\n';
    const r = await load(head);
    expect(r.lines).toEqual([]);
    expect(r.resources.map((x) => x.value)).toEqual([{ type: 'MeshPassthrough', name: 'empty', mesh: 'team-a', labels: { 'kuma.io/mesh': 'team-a' }, spec: {} }]);
    expect((await load(`${head}spec:\n`)).lines).toEqual([]);
    // then Kuma's rules judge the empty spec, as they would `spec: {}`
    const mtp = 'apiVersion: kuma.io/v1alpha1\nkind: MeshTrafficPermission\nmetadata:\n  name: empty\n';
    expect((await load(mtp)).lines).toEqual(["1:1 error spec: at least one of 'from' or 'rules' has to be defined"]);
    expect((await load(`${mtp}spec: {}\n`)).lines).toEqual(["5:1 error spec: at least one of 'from' or 'rules' has to be defined"]);
    // a spec's own required fields are still required (HostnameGenerator needs a template)
    const hg = await load('apiVersion: kuma.io/v1alpha1\nkind: HostnameGenerator\nmetadata:\n  name: h\n  namespace: kuma-system\n');
    expect(hg.lines).toEqual(['1:1 error spec.template: in body is required']);
  });

  it('do not get the Universal API\'s kuma.io/mesh label rule when global (HostnameGenerator)', async () => {
    const k8s = await load(`apiVersion: kuma.io/v1alpha1
kind: HostnameGenerator
metadata:
  name: local-mesh-external-service
  namespace: kuma-system
  labels:
    kuma.io/mesh: default
spec:
  selector:
    meshExternalService:
      matchLabels:
        kuma.io/origin: zone
  template: "{{ .DisplayName }}.extsvc.mesh.local"
`);
    expect(k8s.lines).toEqual([]);
    // the Universal API keeps the rule
    const universal = await load('type: HostnameGenerator\nname: h\nlabels:\n  kuma.io/mesh: default\nspec:\n  selector:\n    meshService:\n      matchLabels:\n        team: a\n  template: "{{ .DisplayName }}.mesh"\n');
    expect(universal.lines).toEqual(['4:3 error labels["kuma.io/mesh"]: kuma.io/mesh label must not differ from mesh set on resource']);
  });
});

describe('Kuma\'s Kubernetes-only kinds', () => {
  it('are the CRDs without a Universal type, each with a schema generated from its CRD', () => {
    const index = JSON.parse(readFileSync(new URL('../schemas/kubernetes/index.json', import.meta.url), 'utf8')) as { kinds: Record<string, unknown> };
    expect([...KUBERNETES_ONLY_KINDS.keys()].sort()).toEqual(Object.keys(index.kinds).sort());
    expect([...KUBERNETES_ONLY_KINDS.keys()].sort()).toEqual(['ContainerPatch', 'MeshGatewayConfig', 'MeshGatewayInstance']);
    expect(readdirSync(new URL('../schemas/kubernetes/', import.meta.url)).sort()).toEqual(['ContainerPatch.json', 'MeshGatewayConfig.json', 'MeshGatewayInstance.json', 'index.json']);
  });

  it('validate: a valid one is a note, not an error', async () => {
    const r = await load(containerPatch);
    expect(r.lines).toEqual(['1:1 info Kubernetes-only: kuma-cp on Kubernetes reads this ContainerPatch; a Universal control plane has no such resource']);
    expect(r.resources).toEqual([]);
    expect(r.kubernetesOnly.map((k) => [k.kind, k.namespace, k.name, k.line])).toEqual([['ContainerPatch', 'kuma-system', 'disable-reuse-port', 1]]);
    // Kuma's docs' gateway examples
    const gateway = await load(`apiVersion: kuma.io/v1alpha1
kind: MeshGatewayConfig
metadata:
  name: edge-config
spec:
  crossMesh: false
  serviceType: NodePort
  resources:
    limits:
      cpu: 500m
      memory: 256Mi
    requests:
      cpu: 100
---
apiVersion: kuma.io/v1alpha1
kind: MeshGatewayInstance
metadata:
  name: edge-gateway
  namespace: default
spec:
  replicas: 1
  serviceType: LoadBalancer
  tags:
    custom.io/gateway: edge-gateway
`);
    expect(gateway.lines.filter((l) => !l.includes(' info '))).toEqual([]);
    expect(gateway.kubernetesOnly.map((k) => [k.kind, k.namespace, k.name])).toEqual([
      ['MeshGatewayConfig', undefined, 'edge-config'],
      ['MeshGatewayInstance', 'default', 'edge-gateway'],
    ]);
  });

  it('validate: checked against the CRD schema, findings in place, unknown fields by --validate', async () => {
    const bad = containerPatch.replace('op: add', 'op: ad').replace('path: /env/-', 'path: /env/-\n    valeu: x');
    const strict = await load(bad);
    expect(strict.lines).toEqual([
      '1:1 info Kubernetes-only: kuma-cp on Kubernetes reads this ContainerPatch; a Universal control plane has no such resource',
      '8:5 error spec.sidecarPatch[0].op: in body should be one of [add remove replace move copy]; did you mean "add"?',
      expect.stringMatching(/^10:5 error spec\.sidecarPatch\[0\]\.valeu: unknown field "valeu"/),
    ]);
    const warn = await load(bad, { strictness: 'warn' });
    expect(warn.lines.slice(1)).toEqual([
      '8:5 error spec.sidecarPatch[0].op: in body should be one of [add remove replace move copy]; did you mean "add"?',
      expect.stringMatching(/^10:5 warning spec\.sidecarPatch\[0\]\.valeu: unknown field "valeu"/),
    ]);
    expect((await load(bad, { strictness: 'ignore' })).lines.slice(1)).toEqual([
      '8:5 error spec.sidecarPatch[0].op: in body should be one of [add remove replace move copy]; did you mean "add"?',
    ]);
    const gateway = await load('apiVersion: kuma.io/v1alpha1\nkind: MeshGatewayInstance\nmetadata:\n  name: edge\n  namespace: shop\nspec:\n  replicas: 0\n  serviceType: LoadBalancer\n  tags:\n    kuma.io/service: edge\n');
    expect(gateway.lines.slice(1)).toEqual(['7:3 error spec.replicas: in body should be greater than or equal to 1']);
    const noName = await load('apiVersion: kuma.io/v1alpha1\nkind: MeshGatewayConfig\nmetadata: {}\nspec: {}\n');
    expect(noName.lines.slice(1)).toEqual(['3:1 error metadata.name: is required']);
  });

  it('validate: a MeshGatewayInstance gets the tag rules of Kuma\'s webhook (no kuma.io/service: Kuma sets it)', async () => {
    const r = await load('apiVersion: kuma.io/v1alpha1\nkind: MeshGatewayInstance\nmetadata:\n  name: edge\n  namespace: shop\nspec:\n  replicas: 1\n  serviceType: LoadBalancer\n  tags:\n    kuma.io/service: edge_shop_svc\n    team: "a b"\n');
    expect(r.lines.slice(1)).toEqual([
      '9:3 error spec.tags: "kuma.io/service" must not be defined',
      '11:5 error spec.tags["team"]: tag value must consist of alphanumeric characters, dots, dashes and underscores',
    ]);
  });

  it('apply: an error naming them as Kubernetes-only', async () => {
    const r = await load(containerPatch, { forControlPlane: true });
    expect(r.lines).toEqual([
      '1:1 error ContainerPatch is a Kubernetes-only Kuma kind: a Universal control plane has no such resource; apply it with kubectl to a Kubernetes cluster running Kuma',
    ]);
  });
});

describe('Kubernetes workloads', () => {
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    metadata:
      annotations:
        kuma.io/mesh: team-a
`;

  it('validate: which mesh it joins', async () => {
    const r = await load(deployment);
    expect(r.lines).toEqual(['10:9 info joins mesh "team-a"']);
  });

  it('apply: an error saying what it is and how to apply it', async () => {
    const r = await load(deployment, { forControlPlane: true });
    expect(r.lines).toEqual(['1:1 error Deployment "shop/web" is a Kubernetes workload that joins mesh "team-a": apply it with kubectl, not with kumactl']);
    const ns = await load('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    kuma.io/sidecar-injection: enabled\n', { forControlPlane: true });
    expect(ns.lines).toEqual(['1:1 error Namespace "shop" is a Kubernetes object: apply it with kubectl, not with kumactl']);
  });
});
