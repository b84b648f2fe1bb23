import type { KumaClient } from '../client/index.js';
import { UsageError, UserError, ExitCode } from '../errors.js';
import { parseCliName, typeByName } from '../resources/registry.js';
import { unknownTypeError } from '../resources/unknown-type.js';
import { inMesh, chooseMesh } from '../meshes/missing.js';

export interface DeleteRequest {
  /** The TYPE argument, singular. */
  type: string;
  name: string;
  /** --mesh */
  mesh?: string | undefined;
  /** The context's default mesh. */
  defaultMesh?: string | undefined;
  ignoreNotFound: boolean;
}

/**
 * `delete TYPE NAME`: what it prints (nothing when --ignore-not-found finds nothing). Deleting a mesh
 * says what went with it, counted before it went.
 */
export async function deleteResource(client: KumaClient, request: DeleteRequest): Promise<string> {
  const parsed = parseCliName(request.type);
  if (!parsed || parsed.plural || !parsed.type.cli) throw unknownTypeError(request.type, 'write');
  const { type } = parsed;
  if (type.readOnly) throw new UsageError(`TYPE: ${request.type} is readOnly, can't use it for write action`);
  const { mesh, choice } = chooseMesh(request.mesh, request.defaultMesh);
  const insight = type.name === 'Mesh' ? await client.meshInsight(request.name) : undefined;
  const remove = () => client.delete(type, mesh, request.name);
  const deleted = await (type.scope === 'Mesh' ? inMesh(client, mesh, choice, remove) : remove());
  if (!deleted) {
    if (request.ignoreNotFound) return '';
    throw new UserError(`there is no ${type.name} with name "${request.name}"`, ExitCode.REJECTED);
  }
  const went = insight ? cascadeSummary(insight) : '';
  return `deleted ${type.name} "${request.name}"\n${went ? `  and everything in it: ${went}\n` : ''}`;
}

/** `2 MeshTimeouts, 1 MeshRetry, 3 Secrets` from a MeshInsight's counts. */
export function cascadeSummary(insight: Record<string, unknown>): string {
  const counts: Array<[string, number]> = [];
  const dataplanes = (insight.dataplanes as { total?: number } | undefined)?.total ?? 0;
  if (dataplanes > 0) counts.push(['Dataplane', dataplanes]);
  for (const group of ['policies', 'resources']) {
    const byType = (insight[group] ?? {}) as Record<string, { total?: number }>;
    for (const [name, v] of Object.entries(byType)) if ((v.total ?? 0) > 0) counts.push([name, v.total ?? 0]);
  }
  return counts
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, n]) => `${n} ${n === 1 ? name : (typeByName(name)?.pluralDisplayName.replace(/ /g, '') ?? `${name}s`)}`)
    .join(', ');
}
