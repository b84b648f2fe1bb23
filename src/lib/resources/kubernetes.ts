import { typeByName, suggestTypeNames, type ResourceType } from './registry.js';
import type { DocPath } from '../validation/types.js';
import { isRecord } from '../json.js';

/*
 * Kubernetes-style documents (`apiVersion: kuma.io/v1alpha1`, `kind`, `metadata`, `spec`) and their
 * Universal equivalent. Kuma's CRDs hold the same spec as the Universal resource; the envelope differs.
 */

export const KUMA_API_VERSION = 'kuma.io/v1alpha1';

/** A problem with a document's envelope, located by a path in the source document. */
export interface EnvelopeProblem {
  severity: 'error' | 'warning';
  field: string;
  message: string;
  sourcePath: DocPath;
  /** Unknown-field problems follow the --validate strictness. */
  unknownField?: boolean;
}

export interface NormalisedResource {
  kind: 'resource';
  type: ResourceType;
  /** The Universal document. */
  value: Record<string, unknown>;
  form: 'universal' | 'kubernetes';
  /** Where a path of the Universal document is in the source document. */
  toSource(path: DocPath): DocPath;
  /** The mesh the document names itself, with where it says so (source path). */
  declaredMeshes: Array<{ mesh: string; sourcePath: DocPath; via: 'mesh' | 'label' }>;
  problems: EnvelopeProblem[];
}

export interface Workload {
  kind: 'workload';
  workloadKind: string;
  name: string;
  namespace: string;
  /** The mesh named on the pod template (annotation or label `kuma.io/mesh`), if any. */
  mesh?: string;
  meshPath?: DocPath;
}

export interface Namespace {
  kind: 'namespace';
  name: string;
  mesh?: string;
}

export interface Unusable {
  kind: 'unusable';
  problems: EnvelopeProblem[];
}

/**
 * Kuma's kuma.io/v1alpha1 kinds that exist only as Kubernetes CRDs, with their CRD's scope; their schemas
 * are schemas/kubernetes/<Kind>.json (scripts/gen-k8s-schemas.mjs). No Universal control plane has them.
 */
export const KUBERNETES_ONLY_KINDS: ReadonlyMap<string, 'Namespaced' | 'Cluster'> = new Map([
  ['ContainerPatch', 'Namespaced'],
  ['MeshGatewayConfig', 'Cluster'],
  ['MeshGatewayInstance', 'Namespaced'],
]);

/** A document of one of Kuma's Kubernetes-only kinds, as written (nothing to convert). */
export interface KubernetesOnly {
  kind: 'kubernetes-only';
  k8sKind: string;
  name: string;
  /** For namespaced kinds (`default` when not given). */
  namespace?: string;
  value: Record<string, unknown>;
  problems: EnvelopeProblem[];
}

export type Normalised = NormalisedResource | Workload | Namespace | KubernetesOnly | Unusable;

const WORKLOAD_TEMPLATE: Record<string, DocPath> = {
  Deployment: ['spec', 'template', 'metadata'],
  StatefulSet: ['spec', 'template', 'metadata'],
  DaemonSet: ['spec', 'template', 'metadata'],
  ReplicaSet: ['spec', 'template', 'metadata'],
  ReplicationController: ['spec', 'template', 'metadata'],
  Job: ['spec', 'template', 'metadata'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
  Pod: ['metadata'],
};

const K8S_TOP_LEVEL = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status', 'mesh']);
const K8S_METADATA = new Set([
  'name', 'namespace', 'labels', 'annotations', 'generateName', 'uid', 'resourceVersion', 'generation',
  'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'ownerReferences', 'finalizers', 'managedFields', 'selfLink',
]);

const identity = (p: DocPath): DocPath => p;

/** Decide what a parsed document is, and turn Kuma resources into their Universal form. */
export function normalise(value: unknown): Normalised {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const what = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    return unusable('', `a resource is a mapping with "type" (Universal) or "apiVersion" and "kind" (Kubernetes), not ${what}`, []);
  }
  const doc = value as Record<string, unknown>;
  // a Kubernetes object may have a `type` of its own (a v1 Secret's `type: Opaque`); apiVersion decides
  if (doc.apiVersion !== undefined || (doc.type === undefined && doc.kind !== undefined)) return fromKubernetes(doc);
  return fromUniversal(doc);
}

function fromUniversal(doc: Record<string, unknown>): Normalised {
  const typeName = doc.type;
  if (typeof typeName !== 'string' || typeName === '') {
    const problem = typeName === undefined || typeName === ''
      ? 'is required: name the resource type, e.g. "type: MeshTimeout"'
      : `must be a string, not ${JSON.stringify(typeName)}`;
    return unusable('type', problem, ['type']);
  }
  const type = typeByName(typeName);
  if (!type) return unusable('type', unknownTypeMessage(typeName), ['type']);
  const declaredMeshes: NormalisedResource['declaredMeshes'] = [];
  if (typeof doc.mesh === 'string' && doc.mesh !== '') declaredMeshes.push({ mesh: doc.mesh, sourcePath: ['mesh'], via: 'mesh' });
  const labelMesh = meshLabel(doc.labels);
  if (labelMesh !== undefined) declaredMeshes.push({ mesh: labelMesh, sourcePath: ['labels', 'kuma.io/mesh'], via: 'label' });
  return { kind: 'resource', type, value: { ...doc }, form: 'universal', toSource: identity, declaredMeshes, problems: [] };
}

function fromKubernetes(doc: Record<string, unknown>): Normalised {
  const kind = doc.kind;
  const apiVersion = doc.apiVersion;
  if (typeof kind !== 'string' || kind === '') return unusable('kind', 'is required in a Kubernetes-style document', ['kind']);
  const metadata = isRecord(doc.metadata) ? doc.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : 'default';

  const templatePath = WORKLOAD_TEMPLATE[kind];
  if (templatePath && typeof apiVersion === 'string' && !apiVersion.startsWith('kuma.io/')) {
    const template = getPath(doc, templatePath);
    const meta = isRecord(template) ? template : {};
    const annotations = isRecord(meta.annotations) ? meta.annotations : {};
    const labels = isRecord(meta.labels) ? meta.labels : {};
    const workload: Workload = { kind: 'workload', workloadKind: kind, name, namespace };
    if (typeof annotations['kuma.io/mesh'] === 'string') {
      workload.mesh = annotations['kuma.io/mesh'] as string;
      workload.meshPath = [...templatePath, 'annotations', 'kuma.io/mesh'];
    } else if (typeof labels['kuma.io/mesh'] === 'string') {
      workload.mesh = labels['kuma.io/mesh'] as string;
      workload.meshPath = [...templatePath, 'labels', 'kuma.io/mesh'];
    }
    return workload;
  }
  if (kind === 'Namespace' && apiVersion === 'v1') {
    const annotations = isRecord(metadata.annotations) ? metadata.annotations : {};
    const mesh = annotations['kuma.io/mesh'] ?? meshLabel(metadata.labels);
    return typeof mesh === 'string' ? { kind: 'namespace', name, mesh } : { kind: 'namespace', name };
  }
  if (kind === 'Secret' && apiVersion === 'v1' && (doc.type === 'system.kuma.io/secret' || doc.type === 'system.kuma.io/global-secret')) {
    return kubernetesSecret(doc, metadata, name);
  }

  const k8sOnlyScope = KUBERNETES_ONLY_KINDS.get(kind);
  if (k8sOnlyScope && typeof apiVersion === 'string' && apiVersion.startsWith('kuma.io/')) {
    const problems = [...apiVersionProblems(apiVersion), ...metadataProblems(doc.metadata)];
    if (isRecord(doc.metadata) && (typeof metadata.name !== 'string' || metadata.name === '')) {
      problems.push({ severity: 'error', field: 'metadata.name', message: 'is required', sourcePath: ['metadata'] });
    }
    const only: KubernetesOnly = { kind: 'kubernetes-only', k8sKind: kind, name, value: doc, problems };
    if (k8sOnlyScope === 'Namespaced') only.namespace = namespace;
    return only;
  }

  const type = typeByName(kind);
  if (!type || typeof apiVersion !== 'string' || !apiVersion.startsWith('kuma.io/')) {
    const known = type ? ` (Kuma's ${kind} is apiVersion ${KUMA_API_VERSION})` : '';
    return unusable('kind', `${apiVersion ?? '(no apiVersion)'} ${kind} is not a Kuma resource${known}; only Kuma resources can be applied`, ['kind']);
  }
  const problems: EnvelopeProblem[] = [...apiVersionProblems(apiVersion)];
  for (const key of Object.keys(doc)) {
    if (!K8S_TOP_LEVEL.has(key)) problems.push(unknownField(key, [key]));
  }
  problems.push(...metadataProblems(metadata));
  if (!isRecord(doc.metadata)) problems.push({ severity: 'error', field: 'metadata', message: 'is required in a Kubernetes-style document (metadata.name names the resource)', sourcePath: [] });

  const value: Record<string, unknown> = { type: kind, name };
  const declaredMeshes: NormalisedResource['declaredMeshes'] = [];
  const labelMesh = meshLabel(metadata.labels);
  if (typeof doc.mesh === 'string' && doc.mesh !== '') declaredMeshes.push({ mesh: doc.mesh, sourcePath: ['mesh'], via: 'mesh' });
  if (labelMesh !== undefined) declaredMeshes.push({ mesh: labelMesh, sourcePath: ['metadata', 'labels', 'kuma.io/mesh'], via: 'label' });
  const mesh = declaredMeshes[0]?.mesh;
  if (mesh !== undefined && type.scope === 'Mesh') value.mesh = mesh;
  if (isRecord(metadata.labels)) value.labels = { ...metadata.labels };
  const spec = doc.spec;
  if (type.shape === 'spec') {
    // every Kuma CRD makes spec optional: a missing one is read as empty (kuma-cp's webhook fills it in)
    value.spec = spec === undefined || spec === null ? {} : spec;
  } else if (isRecord(spec)) {
    Object.assign(value, spec);
  } else if (spec !== undefined && spec !== null) {
    problems.push({ severity: 'error', field: 'spec', message: 'must be a mapping', sourcePath: ['spec'] });
  }
  const meshSource: DocPath = declaredMeshes[0]?.sourcePath ?? ['metadata'];
  const toSource = (path: DocPath): DocPath => {
    const [head, ...rest] = path;
    if (head === undefined) return [];
    if (head === 'type') return ['kind'];
    if (head === 'name') return ['metadata', 'name'];
    if (head === 'labels') return ['metadata', 'labels', ...rest];
    if (head === 'mesh') return meshSource;
    return type.shape === 'spec' ? path : ['spec', ...path];
  };
  return { kind: 'resource', type, value, form: 'kubernetes', toSource, declaredMeshes, problems };
}

/** Kuma on Kubernetes keeps secrets as core Secrets of type system.kuma.io/secret, the value in data.value. */
function kubernetesSecret(doc: Record<string, unknown>, metadata: Record<string, unknown>, name: string): Normalised {
  const global = doc.type === 'system.kuma.io/global-secret';
  const type = typeByName(global ? 'GlobalSecret' : 'Secret')!;
  const data = isRecord(doc.data) ? doc.data : {};
  const value: Record<string, unknown> = { type: type.name, name };
  const declaredMeshes: NormalisedResource['declaredMeshes'] = [];
  const labelMesh = meshLabel(metadata.labels);
  if (!global && labelMesh !== undefined) {
    value.mesh = labelMesh;
    declaredMeshes.push({ mesh: labelMesh, sourcePath: ['metadata', 'labels', 'kuma.io/mesh'], via: 'label' });
  }
  if (data.value !== undefined) value.data = data.value;
  const toSource = (path: DocPath): DocPath => {
    const [head, ...rest] = path;
    if (head === 'data') return ['data', 'value'];
    if (head === 'name') return ['metadata', 'name'];
    if (head === 'labels') return ['metadata', 'labels', ...rest];
    if (head === 'mesh') return ['metadata', 'labels', 'kuma.io/mesh'];
    return head === undefined ? [] : ['type'];
  };
  return { kind: 'resource', type, value, form: 'kubernetes', toSource, declaredMeshes, problems: [] };
}

function apiVersionProblems(apiVersion: string): EnvelopeProblem[] {
  if (apiVersion === KUMA_API_VERSION) return [];
  return [{ severity: 'error', field: 'apiVersion', message: `unsupported apiVersion ${JSON.stringify(apiVersion)}: Kuma 2.14 serves ${KUMA_API_VERSION}`, sourcePath: ['apiVersion'] }];
}

/** Keys of `metadata` that Kubernetes does not know. */
function metadataProblems(metadata: unknown): EnvelopeProblem[] {
  if (!isRecord(metadata)) return [];
  return Object.keys(metadata)
    .filter((key) => !K8S_METADATA.has(key))
    .map((key) => unknownField(`metadata.${key}`, ['metadata', key]));
}

export function unknownTypeMessage(typeName: string): string {
  const suggestions = suggestTypeNames(typeName);
  const hint = suggestions.length > 0 ? ` (did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?)` : '';
  return `invalid resource type ${JSON.stringify(typeName)}${hint}`;
}

function unknownField(field: string, sourcePath: DocPath): EnvelopeProblem {
  return { severity: 'error', field, message: `unknown field "${String(sourcePath[sourcePath.length - 1])}"`, sourcePath, unknownField: true };
}

function unusable(field: string, message: string, sourcePath: DocPath): Unusable {
  return { kind: 'unusable', problems: [{ severity: 'error', field, message, sourcePath }] };
}

function meshLabel(labels: unknown): string | undefined {
  if (!isRecord(labels)) return undefined;
  const v = labels['kuma.io/mesh'];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function getPath(root: unknown, path: DocPath): unknown {
  let cur = root;
  for (const seg of path) {
    if (!isRecord(cur) && !Array.isArray(cur)) return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/**
 * Kuma's cluster-scoped CRDs (every other Kuma resource is namespaced): the Mesh, the Zone, and the
 * Kuma 2.x legacy types, which name their mesh in a top-level `mesh` field.
 */
const CLUSTER_SCOPED = new Set(['Mesh', 'Zone', 'ExternalService', 'MeshGateway', 'MeshGatewayRoute']);

export interface KubernetesOptions {
  /** Namespace of namespaced objects (Kuma's system namespace, `kuma-system` by default). */
  namespace: string;
  /** `metadata.creationTimestamp`, as Kubernetes writes it (RFC 3339, seconds). */
  creationTimestamp?: string;
}

/**
 * A Universal resource as the Kubernetes object Kuma keeps for it (the inverse of `normalise`):
 * `apiVersion: kuma.io/v1alpha1`, `kind`, `metadata` (name, namespace of namespaced types, labels with
 * `kuma.io/mesh` for mesh-scoped ones), `spec`; legacy types with a top-level `mesh`; Secrets and
 * GlobalSecrets as `v1` Secrets of type `system.kuma.io/secret` / `system.kuma.io/global-secret` with
 * the value in `data.value`.
 */
export function toKubernetes(type: ResourceType, resource: Record<string, unknown>, options: KubernetesOptions): Record<string, unknown> {
  const mesh = typeof resource.mesh === 'string' ? resource.mesh : undefined;
  const labels: Record<string, unknown> = isRecord(resource.labels) ? { ...resource.labels } : {};
  const clusterScoped = CLUSTER_SCOPED.has(type.name) || type.category === 'legacy-policy';
  const topLevelMesh = clusterScoped && type.scope === 'Mesh' || (type.name === 'Dataplane');
  if (type.scope === 'Mesh' && mesh !== undefined && !topLevelMesh) labels['kuma.io/mesh'] = mesh;
  const metadata: Record<string, unknown> = {};
  if (options.creationTimestamp) metadata.creationTimestamp = options.creationTimestamp;
  if (Object.keys(labels).length > 0) metadata.labels = labels;
  metadata.name = resource.name;
  if (!clusterScoped) metadata.namespace = options.namespace;
  if (type.name === 'Secret' || type.name === 'GlobalSecret') {
    return {
      apiVersion: 'v1',
      data: { value: resource.data ?? '' },
      kind: 'Secret',
      metadata,
      type: type.name === 'Secret' ? 'system.kuma.io/secret' : 'system.kuma.io/global-secret',
    };
  }
  const out: Record<string, unknown> = { apiVersion: KUMA_API_VERSION, kind: type.name };
  if (topLevelMesh && mesh !== undefined) out.mesh = mesh;
  out.metadata = metadata;
  if (type.shape === 'spec') {
    if (resource.spec !== undefined) out.spec = resource.spec;
  } else {
    const spec: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(resource)) if (!['type', 'mesh', 'name', 'labels', 'creationTime', 'modificationTime', 'kri'].includes(k)) spec[k] = v;
    if (Object.keys(spec).length > 0) out.spec = spec;
  }
  return out;
}
