import type { KumaClient } from '../client/index.js';
import { KumaApiError } from '../client/errors.js';
import { ExitCode, UserError } from '../errors.js';
import { typeByName } from '../resources/registry.js';
import { nearest } from '../text.js';

/** Where the mesh a command reads from came from: `--mesh`, the context's default mesh, or neither ("default"). */
export type MeshChoice = 'flag' | 'context' | 'default';

/** The mesh a command reads from: `--mesh`, else the context's default mesh, else "default"; and which of them it is. */
export function chooseMesh(flagMesh: string | undefined, contextMesh: string | undefined): { mesh: string; choice: MeshChoice } {
  if (flagMesh !== undefined) return { mesh: flagMesh, choice: 'flag' };
  if (contextMesh !== undefined) return { mesh: contextMesh, choice: 'context' };
  return { mesh: 'default', choice: 'default' };
}

/** The mesh a command works in: `--mesh`, else the context's default mesh, else "default". */
export function currentMesh(flagMesh: string | undefined, target: { defaultMesh?: string | undefined } | undefined): string {
  return chooseMesh(flagMesh, target?.defaultMesh).mesh;
}

/** How many mesh names a message lists before it points at `kumactl get meshes`. */
const LISTED = 10;

/**
 * Runs a request in one mesh; when the control plane answers that the mesh does not exist (Kuma's
 * `Failed to retrieve Mesh (Not found)`, which names no mesh), the error says which mesh was read,
 * why that one, and which meshes there are, nearest first.
 */
export async function inMesh<T>(client: KumaClient, mesh: string, choice: MeshChoice, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (err) {
    if (!(err instanceof KumaApiError) || err.title !== 'Failed to retrieve Mesh') throw err;
    let names: string[];
    try {
      names = (await client.listAll(typeByName('Mesh')!, {})).map((m) => String(m.name)).sort();
    } catch {
      throw err;
    }
    throw missingMesh(mesh, choice, names);
  }
}

/** The error for a mesh that does not exist, given the meshes that do. */
export function missingMesh(mesh: string, choice: MeshChoice, existing: readonly string[]): UserError {
  const near = nearest(mesh, existing);
  const meant = near.length > 0 ? `; did you mean ${near.map((n) => JSON.stringify(n)).join(' or ')}?` : '';
  const what =
    choice === 'flag'
      ? `mesh ${JSON.stringify(mesh)} does not exist`
      : choice === 'context'
        ? `no --mesh given, and mesh ${JSON.stringify(mesh)} (the current context's default mesh) does not exist`
        : `no --mesh given, and mesh ${JSON.stringify(mesh)} does not exist`;
  let hint: string;
  if (existing.length === 0) hint = "there is no mesh on the control plane: create one with 'kumactl apply'";
  else {
    const listed = existing.length > LISTED ? `${existing.slice(0, LISTED).join(', ')}, ... (${existing.length} in all: 'kumactl get meshes' lists them)` : existing.join(', ');
    hint = `meshes on the control plane: ${listed}${choice === 'flag' ? '' : '; name one with --mesh'}`;
  }
  return new UserError(`${what}${meant}`, ExitCode.REJECTED, hint);
}
