import { readSources, type ReadOptions } from './read.js';
import { heapKeeper } from '../memory.js';
import { streamSources, type ManifestDocument, type Position } from './parse.js';
import { renderTemplate } from './template.js';
import { normalise, type KubernetesOnly, type Namespace, type Workload, type NormalisedResource } from '../resources/kubernetes.js';
import type { ResourceType } from '../resources/registry.js';
import { resolveMesh, workloadMeshes, type MeshOptions, type MeshSource, type WorkloadMembership } from '../meshes/resolve.js';
import { validateResource, type Strictness } from '../validation/index.js';
import { checkSchema } from '../validation/schema.js';
import { kubernetesOnlyRule } from '../validation/rules/kubernetes-only.js';
import { parseField } from '../validation/field-path.js';
import type { DocPath, Severity } from '../validation/types.js';
import { defaultPolicies } from '../control-plane/defaults.js';
import { FROM_DEPRECATED } from '../validation/rules/policy-common.js';
import { dataplaneMembershipError, membershipDependsOnZone } from '../validation/membership.js';
import { dataSourceKind, offlineLoader, providedCaViolations } from '../validation/provided-ca.js';

/** A located finding: what `validate` prints and what `apply` refuses to send. */
export interface Finding {
  severity: Severity;
  file: string;
  line: number;
  column: number;
  type?: string;
  name?: string;
  mesh?: string;
  field: string;
  message: string;
  /** Our suggestion (`did you mean "x"?`), printed after the message; not part of Kuma's text. */
  hint?: string;
}

/** A resource read from the input, normalised to Universal, with its mesh resolved. */
export interface LoadedResource {
  file: string;
  line: number;
  column: number;
  /** kumactl's `resource[N]` index. */
  index: number;
  type: ResourceType;
  name: string;
  mesh?: string;
  meshSource?: MeshSource;
  form: 'universal' | 'kubernetes';
  /** The Universal document, as it would be sent. */
  value: Record<string, unknown>;
  /** Line and column of a path of the Universal document, in the source. */
  locate(path: DocPath): Position;
  /**
   * Warnings about it already said before sending, or left unsaid on purpose (the deprecated `from`
   * of Kuma's own default policies): the control plane's copies of them are not printed again.
   */
  knownWarnings?: string[];
}

export interface LoadOptions extends MeshOptions, ReadOptions {
  strictness: Strictness;
  /** `--var` values: when given, every input is rendered as a template first. */
  vars?: Readonly<Record<string, string>>;
  /**
   * Each resource keeps its document once validated (the default: apply and diff send or compare it).
   * False (validate): only the documents that checks across documents read are kept (Meshes,
   * Dataplanes, Secrets); of the others only names and places (CheckedResource), so memory does not grow with them.
   */
  keepDocuments?: boolean;
  /** Several meshes' workloads in one namespace is an error rather than a warning. */
  disallowMultipleMeshesPerNamespace?: boolean;
  /**
   * The resources are for a Universal control plane (apply, diff): Kubernetes objects that are not
   * Universal resources (workloads, namespaces, Kuma's Kubernetes-only kinds) are errors, and
   * Kubernetes-style documents get the Universal API's label rules.
   */
  forControlPlane?: boolean;
}

/** A document of one of Kuma's Kubernetes-only kinds (ContainerPatch, ...), read and checked as written. */
export interface LoadedKubernetesObject {
  file: string;
  line: number;
  column: number;
  kind: string;
  namespace?: string;
  name: string;
}

export interface LoadResult {
  resources: LoadedResource[];
  memberships: WorkloadMembership[];
  /** Documents of Kuma's Kubernetes-only kinds. */
  kubernetesOnly: LoadedKubernetesObject[];
  findings: Finding[];
  /** How many inputs (files, stdin, URLs) were read. */
  inputs: number;
}

/** The types whose documents checks across documents read (membershipFindings, providedCaFindings). */
const READ_ACROSS_DOCUMENTS = new Set(['Mesh', 'Dataplane', 'Secret']);

const NO_DOCUMENT: Record<string, unknown> = Object.freeze({});

/**
 * What validate keeps of a resource once it is checked, when no check reads its document again: its
 * names and where it starts (a few dozen bytes, where the document and its closures take kilobytes).
 */
class CheckedResource implements LoadedResource {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly index: number;
  readonly type: ResourceType;
  readonly name: string;
  readonly mesh?: string;
  readonly meshSource?: MeshSource;
  readonly form: 'universal' | 'kubernetes';
  readonly value = NO_DOCUMENT;

  constructor(r: LoadedResource) {
    this.file = r.file;
    this.line = r.line;
    this.column = r.column;
    this.index = r.index;
    this.type = r.type;
    this.name = r.name;
    if (r.mesh !== undefined) this.mesh = r.mesh;
    if (r.meshSource !== undefined) this.meshSource = r.meshSource;
    this.form = r.form;
  }

  locate(): Position {
    return { line: this.line, column: this.column };
  }
}

/** Read, parse, normalise, resolve meshes and validate: everything before the first request. */
export async function loadManifests(paths: readonly string[], options: LoadOptions): Promise<LoadResult> {
  const sources = await readSources(paths, options);
  const findings: Finding[] = [];
  /** Lines that still hold a `{{ name }}` no --var gave, per input: what is found there follows from that. */
  const unrendered = new Map<string, Set<number>>();
  if (options.vars && Object.keys(options.vars).length > 0) {
    for (const source of sources) {
      if (source.problem !== undefined) continue;
      const rendered = renderTemplate(source.text, options.vars);
      source.text = rendered.text;
      for (const p of rendered.problems) {
        findings.push({ severity: 'error', file: source.name, line: p.line, column: p.column, field: '', message: p.message });
        if (!unrendered.has(source.name)) unrendered.set(source.name, new Set());
        unrendered.get(source.name)!.add(p.line);
      }
    }
  }
  const resources: LoadedResource[] = [];
  const kubernetesOnly: LoadedKubernetesObject[] = [];
  const workloads: Array<{ workload: Workload; at: Position; start: Position; file: string }> = [];
  const namespaces: Namespace[] = [];
  // in the order they were always reported: the reading's problems, then the documents' findings
  const parseFindings: Finding[] = [];
  const docFindings: Finding[] = [];
  const notForControlPlane = (doc: ManifestDocument, what: { type: string; name: string; mesh?: string }, message: string) =>
    docFindings.push({ severity: 'error', file: doc.file, ...doc.locate([]), ...what, field: '', message });

  // One document at a time: each is checked while its parse tree is at hand, and what is kept of it
  // (the resource, its findings, positions) holds no parse tree, so memory follows the resources kept.
  const keepHeapSmall = heapKeeper();
  const consume = (doc: ManifestDocument): void => {
    keepHeapSmall();
    const n = normalise(doc.value);
    if (n.kind === 'workload') {
      workloads.push({ workload: n, at: doc.locate(n.meshPath ?? []), start: doc.locate([]), file: doc.file });
      return;
    }
    if (n.kind === 'namespace') {
      namespaces.push(n);
      if (options.forControlPlane) notForControlPlane(doc, { type: 'Namespace', name: n.name }, `Namespace ${JSON.stringify(n.name)} is a Kubernetes object: apply it with kubectl, not with kumactl`);
      return;
    }
    if (n.kind === 'kubernetes-only') {
      kubernetesOnly.push(loadKubernetesOnly(doc, n, options, docFindings));
      return;
    }
    if (n.kind === 'unusable') {
      for (const p of n.problems) docFindings.push({ severity: p.severity, file: doc.file, ...doc.locate(p.sourcePath), field: p.field, message: p.message });
      return;
    }
    const loaded = loadOne(doc, n, options, docFindings, unrendered.get(doc.file));
    resources.push(options.keepDocuments === false && !READ_ACROSS_DOCUMENTS.has(loaded.type.name) ? new CheckedResource(loaded) : loaded);
  };
  let marks: number[] = [];
  const lists: Array<{ length: number }> = [resources, kubernetesOnly, workloads, namespaces, parseFindings, docFindings];
  streamSources(sources, { strictness: options.strictness }, {
    document: consume,
    problem: (p) => parseFindings.push({ severity: p.severity ?? 'error', file: p.file, line: p.line, column: p.column, field: '', message: p.message }),
    mark: () => (marks = lists.map((l) => l.length)),
    rollback: () => lists.forEach((l, i) => (l.length = marks[i]!)),
  });
  findings.push(...parseFindings, ...docFindings);

  reportDuplicates(resources, findings);
  const meshesInInput = new Map(resources.filter((r) => r.type.name === 'Mesh').map((r) => [r.name, r.value]));
  findings.push(...membershipFindings(resources, meshesInInput));
  findings.push(...providedCaFindings(resources));

  const memberships = workloadMeshes(workloads.map((w) => w.workload), namespaces);
  memberships.forEach((m, i) => {
    const w = workloads[i]!;
    const at = { file: w.file, ...w.at };
    const who = { type: m.workload.workloadKind, name: m.workload.namespace === 'default' ? m.workload.name : `${m.workload.namespace}/${m.workload.name}`, mesh: m.mesh };
    if (options.forControlPlane) {
      const message = `${who.type} ${JSON.stringify(who.name)} is a Kubernetes workload that joins mesh ${JSON.stringify(m.mesh)}: apply it with kubectl, not with kumactl`;
      findings.push({ severity: 'error', file: w.file, ...w.start, ...who, field: '', message });
      return;
    }
    findings.push({ severity: 'info', ...at, ...who, field: '', message: `joins mesh "${m.mesh}"` });
    if (m.conflict) {
      const severity = options.disallowMultipleMeshesPerNamespace ? 'error' : 'warning';
      const hint = options.disallowMultipleMeshesPerNamespace ? '' : ' (an error with --disallow-multiple-meshes-per-namespace)';
      findings.push({ severity, ...at, ...who, field: '', message: `${m.conflict}${hint}` });
    }
  });

  const order = new Map(sources.map((s, i) => [s.name, i]));
  findings.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line || a.column - b.column);
  return { resources, memberships, kubernetesOnly, findings, inputs: sources.length };
}

/**
 * A Kubernetes-only kind: offline, a note and its CRD's schema; for a control plane, an error (no
 * Universal control plane has such a resource).
 */
function loadKubernetesOnly(doc: ManifestDocument, n: KubernetesOnly, options: LoadOptions, findings: Finding[]): LoadedKubernetesObject {
  const loaded: LoadedKubernetesObject = { file: doc.file, ...doc.locate([]), kind: n.k8sKind, name: n.name };
  if (n.namespace !== undefined) loaded.namespace = n.namespace;
  const who = { type: n.k8sKind, name: n.namespace === undefined || n.namespace === 'default' ? n.name : `${n.namespace}/${n.name}` };
  const at = (path: DocPath) => ({ file: doc.file, ...doc.locate(path) });
  if (options.forControlPlane) {
    const message = `${n.k8sKind} is a Kubernetes-only Kuma kind: a Universal control plane has no such resource; apply it with kubectl to a Kubernetes cluster running Kuma`;
    findings.push({ severity: 'error', ...at([]), ...who, field: '', message });
    return loaded;
  }
  findings.push({ severity: 'info', ...at([]), ...who, field: '', message: `Kubernetes-only: kuma-cp on Kubernetes reads this ${n.k8sKind}; a Universal control plane has no such resource` });
  for (const p of n.problems) {
    if (p.unknownField && options.strictness === 'ignore') continue;
    const severity = p.unknownField && options.strictness === 'warn' ? 'warning' : p.severity;
    findings.push({ severity, ...at(p.sourcePath), ...who, field: p.field, message: p.message });
  }
  const schema = checkSchema(`kubernetes/${n.k8sKind}`, n.value, options.strictness);
  // then the webhook's rules, unless the shape is wrong (as for Universal resources)
  const rule = schema.shapeInvalid ? undefined : kubernetesOnlyRule(n.k8sKind);
  for (const v of [...schema.violations, ...(rule ? rule(n.value) : [])]) {
    findings.push({ severity: v.severity, ...at(v.path ?? parseField(v.field)), ...who, field: v.field, message: v.message, ...(v.hint ? { hint: v.hint } : {}) });
  }
  return loaded;
}

function loadOne(doc: ManifestDocument, n: NormalisedResource, options: LoadOptions, allFindings: Finding[], unrendered?: ReadonlySet<number>): LoadedResource {
  const findings: Finding[] = [];
  // Flat types are decoded as protobuf JSON: validateResource turns their nulls into what that decoder
  // makes of them, in place, so they get a copy.
  const value = n.type.shape === 'flat' ? structuredClone(n.value) : n.value;
  const resolution = resolveMesh(n, options);
  if (n.type.scope === 'Mesh' && resolution.mesh !== undefined) value.mesh = resolution.mesh;
  const name = typeof value.name === 'string' ? value.name : '';
  const locate = (path: DocPath): Position => doc.locate(n.toSource(path));
  const loaded: LoadedResource = { file: doc.file, ...doc.locate([]), index: doc.index, type: n.type, name, form: n.form, value, locate };
  if (resolution.mesh !== undefined) loaded.mesh = resolution.mesh;
  if (resolution.source !== undefined) loaded.meshSource = resolution.source;

  const who = { type: n.type.name, name, ...(loaded.mesh !== undefined ? { mesh: loaded.mesh } : {}) };
  for (const p of n.problems) {
    if (p.unknownField && options.strictness === 'ignore') continue;
    const severity = p.unknownField && options.strictness === 'warn' ? 'warning' : p.severity;
    findings.push({ severity, file: doc.file, ...doc.locate(p.sourcePath), ...who, field: p.field, message: p.message });
  }
  for (const p of resolution.problems) {
    const at = p.sourcePath ? doc.locate(p.sourcePath) : locate([]);
    findings.push({ severity: p.severity, file: doc.file, ...at, ...who, field: p.field, message: p.message });
  }
  const known: string[] = [];
  // Kuma creates its default policies with `from`: a warning about them is nothing the user can act on
  const kumaDefault = loaded.mesh !== undefined && defaultPolicies(loaded.mesh).some((p) => p.type === n.type.name && p.name === name);
  // a Kubernetes-style document sent to a Universal control plane meets the Universal API's rules
  const form = options.forControlPlane ? 'universal' : n.form;
  for (const v of validateResource(n.type, value, { strictness: options.strictness, form })) {
    if (kumaDefault && v.severity === 'warning' && v.message === FROM_DEPRECATED) {
      known.push(v.message);
      continue;
    }
    findings.push({ severity: v.severity, file: doc.file, ...locate(v.path ?? parseField(v.field)), ...who, field: v.field, message: v.message, ...(v.hint ? { hint: v.hint } : {}) });
  }
  // a value left as `{{ name }}` (its --var missing, reported already) is not judged again as a value
  for (const f of findings) if (!unrendered?.has(f.line)) allFindings.push(f);
  for (const f of findings) if (f.severity === 'warning') known.push(f.message);
  loaded.knownWarnings = known;
  if (n.type.name !== 'Mesh') loaded.locate = detachedLocate(loaded, locate, doc.relocate, n.toSource);
  return loaded;
}

/**
 * What a resource keeps to locate paths once it is validated, without its document's parse tree: where
 * it starts and its `mesh` field (what later findings point at), anything else found by reading the
 * source again. A Mesh keeps its tree (there are few, and their findings come after all are read).
 */
function detachedLocate(loaded: LoadedResource, locate: (path: DocPath) => Position, relocate: (path: DocPath) => Position, toSource: (path: DocPath) => DocPath): (path: DocPath) => Position {
  const start = { line: loaded.line, column: loaded.column };
  const mesh = loaded.type.scope === 'Mesh' ? locate(['mesh']) : undefined;
  return (path) => {
    if (path.length === 0) return start;
    if (mesh && path.length === 1 && path[0] === 'mesh') return mesh;
    return relocate(toSource(path));
  };
}

/** The same resource twice in one batch: with parallel apply the last write would win at random. */
function reportDuplicates(resources: readonly LoadedResource[], findings: Finding[]): void {
  const seen = new Map<string, LoadedResource>();
  for (const r of resources) {
    if (r.name === '') continue;
    const key = `${r.type.name}\u0000${r.mesh ?? ''}\u0000${r.name}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, r);
      continue;
    }
    findings.push({
      severity: 'error',
      file: r.file,
      line: r.line,
      column: r.column,
      type: r.type.name,
      name: r.name,
      ...(r.mesh !== undefined ? { mesh: r.mesh } : {}),
      field: '',
      message: `defined twice: also at ${first.file}:${first.line}:${first.column}; keep one`,
    });
  }
}

/**
 * Dataplanes the mesh's constraints refuse (kuma-cp checks this at create and update): one finding at
 * each such Dataplane, with Kuma's message. `meshes` are the Universal Mesh documents known, by name
 * (from the input, or read from the control plane); Dataplanes of other meshes are not checked, nor
 * those of meshes with rules on `kuma.io/zone` (the verdict depends on the control plane's zone).
 */
export function membershipFindings(resources: readonly LoadedResource[], meshes: ReadonlyMap<string, Record<string, unknown>>): Finding[] {
  const out: Finding[] = [];
  for (const r of resources) {
    if (r.type.name !== 'Dataplane' || r.mesh === undefined) continue;
    const mesh = meshes.get(r.mesh);
    // a rule on kuma.io/zone: only the control plane knows its zone, let it decide
    if (!mesh || membershipDependsOnZone(mesh)) continue;
    const message = dataplaneMembershipError({ ...mesh, name: r.mesh }, r.value);
    if (message === null) continue;
    const at = r.locate(['mesh']);
    out.push({ severity: 'error', file: r.file, line: at.line, column: at.column, type: r.type.name, name: r.name, mesh: r.mesh, field: 'mesh', message });
  }
  return out;
}

/**
 * A Mesh whose provided CA takes its certificate or key from a Secret of the same input: the pair is
 * checked as kuma-cp checks it at create (inline pairs are the Mesh rules' own check).
 */
function providedCaFindings(resources: readonly LoadedResource[]): Finding[] {
  const out: Finding[] = [];
  for (const mesh of resources) {
    if (mesh.type.name !== 'Mesh') continue;
    const secrets = new Map<string, string>();
    for (const r of resources) {
      if (r.type.name === 'Secret' && r.mesh === mesh.name && typeof r.value.data === 'string') secrets.set(r.name, Buffer.from(r.value.data, 'base64').toString('utf8'));
    }
    if (secrets.size === 0) continue;
    const usesSecret = (cert: Record<string, unknown>, key: Record<string, unknown>) => dataSourceKind(cert) === 'secret' || dataSourceKind(key) === 'secret';
    for (const v of providedCaViolations(mesh.value, offlineLoader(secrets), usesSecret)) {
      const at = mesh.locate(parseField(v.field));
      out.push({ severity: 'error', file: mesh.file, line: at.line, column: at.column, type: 'Mesh', name: mesh.name, field: v.field, message: v.message });
    }
  }
  return out;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
