import type { KumaClient } from '../client/index.js';
import { KumaApiError } from '../client/errors.js';
import type { Finding, LoadedResource } from '../manifest/load.js';
import { UsageError, UserError, ExitCode } from '../errors.js';
import { isRecord } from '../json.js';
import { mapLimit } from '../concurrency.js';
import { RESOURCE_TYPES, typeByName, type ResourceType } from '../resources/registry.js';
import { Loc } from '../validation/rules/loc.js';
import { comparable } from './compare.js';

type Doc = Record<string, unknown>;

/** The label apply --owner puts on what it creates or updates, and the only thing prune deletes by. */
export const OWNER_LABEL = 'kumactl.io/owner';

const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** A resource prune would delete: on the control plane, labelled with the owner, in no input document. */
export interface PlannedDelete {
  type: ResourceType;
  /** Its mesh; undefined for a Mesh. */
  mesh?: string;
  name: string;
  /** The live resource as the comparison sees it. */
  before: Doc;
  /** The live `modificationTime` the delete was planned from. */
  modificationTime: string | null;
}

/** What `--prune` may delete. */
export interface PruneScope {
  owner: string;
  /** `-m`: a mesh given explicitly, pruned even when no document is in it. */
  mesh?: string;
  /** `-A`: every mesh on the control plane. */
  allMeshes: boolean;
  includeSecrets: boolean;
  pruneMeshes: boolean;
}

/** An owner name is a label value (Kuma checks labels as Kubernetes does): refused before anything is read. */
export function checkOwner(owner: string): void {
  if (owner.length > 63 || !LABEL_VALUE.test(owner)) {
    throw new UsageError(
      `--owner ${JSON.stringify(owner)}: an owner is a label value: 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`,
      'name the pipeline, e.g. --owner team-a-ci',
    );
  }
}

/**
 * The resources with `kumactl.io/owner: OWNER` added to their labels, so apply sends it and the comparison
 * sees it (a live resource without it is an update). A document that names another owner is an error.
 */
export function withOwner(resources: readonly LoadedResource[], owner: string, report: (f: Finding) => void): LoadedResource[] {
  let conflicts = 0;
  const out = resources.map((r) => {
    const labels = isRecord(r.value.labels) ? r.value.labels : {};
    const have = labels[OWNER_LABEL];
    if (have !== undefined && have !== owner) {
      conflicts++;
      const field = Loc.of('labels').k(OWNER_LABEL).field;
      report({ severity: 'error', file: r.file, ...r.locate(['labels', OWNER_LABEL]), type: r.type.name, name: r.name, ...(r.mesh !== undefined ? { mesh: r.mesh } : {}), field, message: `owned by ${JSON.stringify(have)}, but --owner is ${JSON.stringify(owner)}` });
    }
    return { ...r, value: { ...r.value, labels: { ...labels, [OWNER_LABEL]: owner } } };
  });
  if (conflicts > 0) throw new UserError('invalid input: nothing was sent', ExitCode.INVALID_INPUT, `remove the ${OWNER_LABEL} label from the documents (--owner sets it), or use the owner they name`);
  return out;
}

/** The meshes the input touches: those it creates and those its resources are in. */
export function touchedMeshes(resources: readonly LoadedResource[]): Set<string> {
  const meshes = new Set<string>();
  for (const r of resources) {
    if (r.type.name === 'Mesh') meshes.add(r.name);
    else if (r.type.scope === 'Mesh' && r.mesh !== undefined) meshes.add(r.mesh);
  }
  return meshes;
}

const key = (type: string, mesh: string | undefined, name: string) => `${type}\u0000${mesh ?? ''}\u0000${name}`;

/**
 * What `--prune` deletes: every resource labelled with the owner that no input document names, in the
 * meshes the input touches (plus `-m`), or in every mesh (`-A`). Never Meshes unless `pruneMeshes` (then
 * any Mesh labelled with the owner that the input does not name), never Secrets unless `includeSecrets`,
 * never anything without the label. Resources in meshes first, Meshes last; sorted by mesh, type, name.
 */
export async function planPrune(
  client: KumaClient,
  resources: readonly LoadedResource[],
  scope: PruneScope,
  concurrency: number,
  warn: (message: string) => void = (m) => process.stderr.write(`Warning: ${m}\n`),
): Promise<PlannedDelete[]> {
  const inInput = new Set(resources.map((r) => key(r.type.name, r.type.scope === 'Mesh' ? r.mesh : undefined, r.name)));
  const owned = (item: Doc) => isRecord(item.labels) && item.labels[OWNER_LABEL] === scope.owner;
  const types = RESOURCE_TYPES.filter((t) => t.scope === 'Mesh' && !t.readOnly && t.cli && (scope.includeSecrets || t.name !== 'Secret'));
  const meshes = scope.allMeshes ? undefined : new Set([...touchedMeshes(resources), ...(scope.mesh !== undefined ? [scope.mesh] : [])]);
  // -A, or many meshes: one list per type across every mesh; otherwise one per type and mesh
  const perMesh = meshes !== undefined && meshes.size <= LIST_EVERY_MESH_FROM;
  const lists: Array<{ type: ResourceType; mesh?: string }> = perMesh ? [...meshes].sort().flatMap((mesh) => types.map((type) => ({ type, mesh }))) : types.map((type) => ({ type }));
  const found = await mapLimit(lists, concurrency, async ({ type, mesh }) => {
    const items = await listOrNone(client, type, mesh !== undefined ? { mesh } : { allMeshes: true });
    return items.filter((item) => owned(item) && (meshes === undefined || meshes.has(String(item.mesh)))).map((item) => ({ type, item }));
  });
  if (scope.pruneMeshes) found.push(await ownedMeshes(client, scope.owner, inInput, concurrency, warn));
  const deletes: PlannedDelete[] = [];
  for (const { type, item } of found.flat()) {
    const name = String(item.name);
    const mesh = type.scope === 'Mesh' ? String(item.mesh) : undefined;
    if (inInput.has(key(type.name, mesh, name))) continue;
    const modificationTime = typeof item.modificationTime === 'string' ? item.modificationTime : null;
    deletes.push({ type, ...(mesh !== undefined ? { mesh } : {}), name, before: comparable(type, item, {}), modificationTime });
  }
  return deletes.sort(deleteOrder);
}

/** From this many meshes on, prune reads each type once across every mesh rather than once per mesh. */
const LIST_EVERY_MESH_FROM = 4;

/**
 * `--prune-meshes`: the Meshes labelled with the owner that the input does not name, except one that
 * holds another owner's resources (its deletion would take them too): that one is left, with a warning.
 */
async function ownedMeshes(client: KumaClient, owner: string, inInput: Set<string>, concurrency: number, warn: (m: string) => void): Promise<Array<{ type: ResourceType; item: Doc }>> {
  const meshType = typeByName('Mesh')!;
  const candidates = (await listOrNone(client, meshType, {})).filter((m) => isRecord(m.labels) && m.labels[OWNER_LABEL] === owner && !inInput.has(key('Mesh', undefined, String(m.name))));
  if (candidates.length === 0) return [];
  const names = new Set(candidates.map((m) => String(m.name)));
  const types = RESOURCE_TYPES.filter((t) => t.scope === 'Mesh' && !t.readOnly && t.cli);
  const others = new Map<string, string>();
  await mapLimit(types, concurrency, async (type) => {
    for (const item of await listOrNone(client, type, { allMeshes: true })) {
      const label = isRecord(item.labels) ? item.labels[OWNER_LABEL] : undefined;
      const mesh = String(item.mesh);
      if (names.has(mesh) && label !== undefined && label !== owner && !others.has(mesh)) others.set(mesh, `${type.name} ${JSON.stringify(item.name)} of owner ${JSON.stringify(label)}`);
    }
  });
  for (const [mesh, what] of [...others].sort()) warn(`Mesh ${JSON.stringify(mesh)} is not pruned: deleting it would delete ${what} with it`);
  return candidates.filter((m) => !others.has(String(m.name))).map((item) => ({ type: meshType, item }));
}

/** Resources in meshes first (by mesh, type, name), Meshes last: a Mesh's deletion takes what is in it. */
export function deleteOrder(a: Pick<PlannedDelete, 'type' | 'mesh' | 'name'>, b: Pick<PlannedDelete, 'type' | 'mesh' | 'name'>): number {
  const rank = (d: Pick<PlannedDelete, 'type' | 'mesh' | 'name'>) => [d.type.scope === 'Mesh' ? 0 : 1, d.mesh ?? '', d.type.name, d.name].join('\u0000');
  const [x, y] = [rank(a), rank(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A list, or nothing when the control plane does not serve the type or has no such mesh (404). */
async function listOrNone(client: KumaClient, type: ResourceType, scope: { mesh?: string; allMeshes?: boolean }): Promise<Doc[]> {
  try {
    return await client.listAll(type, scope);
  } catch (err) {
    if (err instanceof KumaApiError && err.status === 404) return [];
    throw err;
  }
}

/**
 * A delete in apply's terms: the resource it removes, shaped as an input resource (no file: it is in
 * none), so the result lines, JSON report and summary treat it like the others.
 */
export function deleteTarget(d: PlannedDelete): LoadedResource {
  return {
    file: '',
    line: 0,
    column: 0,
    index: -1,
    type: d.type,
    name: d.name,
    ...(d.mesh !== undefined ? { mesh: d.mesh } : {}),
    form: 'universal',
    value: d.before,
    locate: () => ({ line: 0, column: 0 }),
  };
}
