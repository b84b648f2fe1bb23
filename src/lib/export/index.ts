import type { KumaClient } from '../client/index.js';
import { RESOURCE_TYPES, typeByName, type ResourceType } from '../resources/registry.js';
import { UserError, ExitCode } from '../errors.js';
import { dropNulls, isRecord } from '../json.js';
import { formatYaml } from '../output/yaml.js';
import { formatJson } from '../output/json.js';
import { SERVER_FIELDS, COMPUTED_LABELS, dropZoneTags } from '../resources/computed.js';
import { mapLimit } from '../concurrency.js';
import { goCompareStrings } from '../go/sort.js';

/*
 * `kumactl export`: a tenant's meshes as Universal documents that `kumactl apply` takes back
 * unchanged, for a backup or a move to another control plane. What only the server sets is left out,
 * and so are the secrets the control plane generates for a mesh (it recreates them with the mesh).
 */

const COMPUTED = new Set<string>(COMPUTED_LABELS);

const META_ORDER = ['type', 'mesh', 'name', 'labels'];

export interface ExportOptions {
  /** Export the mesh's user Secrets too (never the ones the control plane generates). */
  includeSecrets: boolean;
  /** Listings in flight at once (default 8). */
  concurrency?: number;
}

/** The mesh-scoped types an export covers, in registry order: everything writable, Secrets on request. */
export function exportedTypes(includeSecrets: boolean): ResourceType[] {
  return RESOURCE_TYPES.filter((t) => t.scope === 'Mesh' && !t.readOnly && t.category !== 'insight' && (includeSecrets || t.name !== 'Secret'));
}

/**
 * Secrets kuma-cp creates with a mesh: the data plane token signing key and the builtin CA's
 * certificate and key of each builtin backend. A new control plane makes its own; exporting the CA
 * would replace the one the control plane just created for the mesh.
 */
export function isGeneratedSecret(mesh: string, name: string): boolean {
  return name === `dataplane-token-signing-key-${mesh}-1` || name.startsWith(`${mesh}.ca-builtin-cert-`) || name.startsWith(`${mesh}.ca-builtin-key-`);
}

/** A resource as the API returns it, without what the server computes; user labels kept. */
export function stripServerFields(resource: Record<string, unknown>): Record<string, unknown> {
  const copy = dropNulls(resource) as Record<string, unknown>;
  for (const k of SERVER_FIELDS) delete copy[k];
  if (copy.type === 'Dataplane') dropZoneTags(copy);
  if (isRecord(copy.labels)) {
    const labels: Record<string, unknown> = {};
    for (const k of Object.keys(copy.labels).sort(goCompareStrings)) if (!COMPUTED.has(k)) labels[k] = copy.labels[k];
    if (Object.keys(labels).length > 0) copy.labels = labels;
    else delete copy.labels;
  } else delete copy.labels;
  // meta first, in Kuma's order, then the rest as the server sent it
  const out: Record<string, unknown> = {};
  for (const k of META_ORDER) if (copy[k] !== undefined) out[k] = copy[k];
  for (const [k, v] of Object.entries(copy)) if (!META_ORDER.includes(k)) out[k] = v;
  return out;
}

/**
 * Every resource of the given meshes, mesh by mesh in the order given: the Mesh first, then each
 * writable mesh-scoped type in registry order (items in the server's order). A mesh that does not
 * exist: exit 4, nothing exported.
 */
export async function exportMeshes(client: KumaClient, meshes: string[], options: ExportOptions): Promise<Record<string, unknown>[]> {
  const meshType = typeByName('Mesh')!;
  const types = exportedTypes(options.includeSecrets);
  const out: Record<string, unknown>[] = [];
  for (const mesh of [...new Set(meshes)]) {
    const live = await client.get(meshType, undefined, mesh);
    if (!live) throw new UserError(`mesh "${mesh}" not found`, ExitCode.REJECTED, "'kumactl get meshes' lists the meshes");
    out.push(stripServerFields(live));
    const lists = await mapLimit(types, options.concurrency ?? 8, (t) => client.listAll(t, { mesh }));
    types.forEach((t, i) => {
      for (const item of lists[i] ?? []) {
        if (t.name === 'Secret' && isGeneratedSecret(mesh, String(item.name))) continue;
        out.push(stripServerFields({ ...item, type: item.type ?? t.name }));
      }
    });
  }
  return out;
}

/** Every mesh on the control plane, in the server's order. */
export async function allMeshNames(client: KumaClient): Promise<string[]> {
  return (await client.listAll(typeByName('Mesh')!, {})).map((m) => String(m.name));
}

/**
 * One YAML document: the meta block (`labels`, `mesh`, `name`, `type`), then the rest (`spec`, or an
 * old-style type's fields), as `kumactl get -o yaml` prints old-style types: what a resource is
 * reads first.
 */
export function exportDocumentYaml(resource: Record<string, unknown>): string {
  const meta: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(resource)) (META_ORDER.includes(k) ? meta : rest)[k] = v;
  return formatYaml(meta) + (Object.keys(rest).length > 0 ? formatYaml(rest) : '');
}

/** A multi-document YAML stream (`---` between documents), or `{"items": [...]}` as JSON. */
export function formatExport(resources: Record<string, unknown>[], format: 'yaml' | 'json'): string {
  if (format === 'json') return formatJson({ items: resources });
  return resources.map(exportDocumentYaml).join('---\n');
}
