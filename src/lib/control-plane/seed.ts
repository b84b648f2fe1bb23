import { InputError } from '../errors.js';
import { isRecord } from '../json.js';
import { parseSources } from '../manifest/parse.js';
import { readSources } from '../manifest/read.js';
import { normalise } from '../resources/kubernetes.js';
import { RESOURCE_TYPES, typeByName } from '../resources/registry.js';
import { specOfBody } from './resource-json.js';
import { normaliseForStorage } from '../validation/schema.js';
import { nowRfc3339 } from './time.js';
import type { Store, StoredResource } from './store/types.js';

/*
 * Seeding: a snapshot of resources (Universal or Kubernetes form, `kumactl export` output included)
 * written into the store as written, as Kuma's test store loader does (each document read as kuma-cp
 * reads a resource: unknown fields dropped, schema defaults filled): no default resources, no computed
 * labels, no validation beyond a known type with a name (and a mesh for mesh-scoped types). A second
 * document with the same type, mesh and name updates the first.
 */

/** One resource to seed, as it goes into the store. */
export type SeedResource = Omit<StoredResource, 'version'>;

/** Turn parsed documents into seed resources; `where(i)` names document i in errors. */
export function seedResources(values: readonly unknown[], where: (index: number) => string = (i) => `document ${i + 1}`): SeedResource[] {
  const out: SeedResource[] = [];
  values.forEach((value, i) => {
    if (value === null || value === undefined) return;
    const n = normalise(value);
    if (n.kind !== 'resource') {
      const problem = n.kind === 'unusable' ? n.problems[0] : undefined;
      const what = problem ? `${problem.field}: ${problem.message}` : `a ${n.kind === 'workload' ? n.workloadKind : n.kind} is not a Kuma resource`;
      throw new InputError(`${where(i)}: cannot be seeded: ${what}`);
    }
    const { type, value: doc } = n;
    const name = doc.name;
    if (typeof name !== 'string' || name === '') throw new InputError(`${where(i)}: name: is required to seed a ${type.name}`);
    let mesh = '';
    if (type.scope === 'Mesh') {
      if (typeof doc.mesh !== 'string' || doc.mesh === '') throw new InputError(`${where(i)}: mesh: is required to seed a ${type.name}`, 'add "mesh: NAME" to the document');
      mesh = doc.mesh;
    }
    // read as kuma-cp reads a resource: unknown fields dropped, schema defaults filled, durations as Go prints them
    const body = structuredClone(doc);
    normaliseForStorage(type.name, body);
    const labels = isRecord(doc.labels) ? Object.fromEntries(Object.entries(doc.labels).map(([k, v]) => [k, String(v)])) : {};
    const now = nowRfc3339();
    // Kubernetes form: the time is metadata.creationTimestamp (as `export --format kubernetes` writes it)
    const k8sCreated = n.form === 'kubernetes' && isRecord(value) && isRecord(value.metadata) && typeof value.metadata.creationTimestamp === 'string' ? value.metadata.creationTimestamp : undefined;
    const resource: SeedResource = {
      type: type.name,
      mesh,
      name,
      creationTime: typeof doc.creationTime === 'string' ? doc.creationTime : (k8sCreated ?? now),
      modificationTime: typeof doc.modificationTime === 'string' ? doc.modificationTime : (k8sCreated ?? now),
      labels,
      spec: specOfBody(type, body),
    };
    if (type.hasStatus) resource.status = isRecord(body.status) ? body.status : {};
    const previous = out.findIndex((r) => r.type === resource.type && r.mesh === mesh && r.name === name);
    if (previous >= 0) {
      // an update keeps the first creation time, as a store update does
      resource.creationTime = out[previous]!.creationTime;
      out[previous] = resource;
    } else out.push(resource);
  });
  return out;
}

/** Parse YAML/JSON text (several documents, `items:` lists) into seed resources. */
export function seedResourcesFromText(text: string, name = '<seed>'): SeedResource[] {
  const parsed = parseSources([{ name, text }], { strictness: 'ignore' });
  const problem = parsed.problems.find((p) => p.severity !== 'warning');
  if (problem) throw new InputError(`${problem.file}:${problem.line}:${problem.column}: ${problem.message}`);
  return seedResources(
    parsed.documents.map((d) => d.value),
    (i) => `${parsed.documents[i]!.file}:${parsed.documents[i]!.line}:${parsed.documents[i]!.column}`,
  );
}

/** Read seed files and directories (`.yaml`, `.yml`, `.json`, directories recursively). */
export async function readSeed(paths: readonly string[]): Promise<SeedResource[]> {
  const sources = await readSources(paths, { recursive: true });
  const parsed = parseSources(sources, { strictness: 'ignore' });
  const problem = parsed.problems.find((p) => p.severity !== 'warning');
  if (problem) throw new InputError(`${problem.file}:${problem.line}:${problem.column}: ${problem.message}`);
  return seedResources(
    parsed.documents.map((d) => d.value),
    (i) => `${parsed.documents[i]!.file}:${parsed.documents[i]!.line}:${parsed.documents[i]!.column}`,
  );
}

/** Write seed resources into a store (one transaction); `clear` empties the store first. */
export function loadSeed(store: Store, resources: readonly SeedResource[], options: { clear?: boolean } = {}): void {
  store.transaction(() => {
    if (options.clear) {
      for (const t of RESOURCE_TYPES) {
        for (const r of store.list({ type: t.name, offset: 0, limit: Number.MAX_SAFE_INTEGER }).items) store.delete(r.type, r.mesh, r.name);
      }
    }
    for (const r of resources) {
      if (!typeByName(r.type)) continue;
      const existing = store.get(r.type, r.mesh, r.name);
      store.put(existing ? { ...r, creationTime: existing.creationTime } : r, existing?.version);
    }
  });
}
