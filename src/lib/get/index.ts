/**
 * `kumactl get`: list a type or show one resource. Used by the oclif command and by the fast path
 * (./fast.ts), so both print the same thing.
 */
import { UsageError, UserError, ExitCode } from '../errors.js';
import type { GlobalFlagInput } from '../config/global.js';
import { connect, checkVersion } from '../client/connect.js';
import { parseCliName } from '../resources/registry.js';
import { unknownTypeError } from '../resources/unknown-type.js';
import { renderList, renderOne } from '../output/resources.js';
import { inMesh, chooseMesh } from '../meshes/missing.js';

export const OUTPUT_FORMATS = ['table', 'yaml', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface GetRequest {
  /** The type as typed: plural to list, singular with `name` to show one. */
  type: string;
  name?: string;
  mesh?: string;
  allMeshes: boolean;
  output: OutputFormat;
  size?: number;
  offset?: string;
}

/** Reads from the control plane the flags point at and answers the text to print. */
export async function runGet(request: GetRequest, flags: GlobalFlagInput): Promise<string> {
  const parsed = parseCliName(request.type);
  if (!parsed || !parsed.type.cli) throw unknownTypeError(request.type, request.name !== undefined ? 'one' : 'list');
  const { type, plural } = parsed;
  if (plural && request.name !== undefined) throw new UsageError(`"get ${request.type}" lists; to show one, use "kumactl get ${type.singular} ${request.name}"`);
  if (!plural && request.name === undefined) throw new UsageError(`"get ${request.type}" needs a NAME; to list, use "kumactl get ${type.plural}"`);
  const { client, target } = connect(flags);
  try {
    const { mesh, choice } = chooseMesh(request.mesh, target.defaultMesh);
    const scoped = type.scope === 'Mesh' && !request.allMeshes;
    // the version check (which never fails) and the read go out together: one round trip less to
    // wait for; the read's own failure is reported after the check's warning, as when sent in turn
    const checked = checkVersion(client);
    const now = new Date();
    if (plural) {
      const listed = settleLater(client.list(type, { mesh, allMeshes: request.allMeshes }, { ...(request.size ? { size: request.size } : {}), ...(request.offset ? { offset: request.offset } : {}) }));
      await checked;
      return renderList(type, await (scoped ? inMesh(client, mesh, choice, () => listed) : listed), request.output, now);
    }
    const got = settleLater(client.get(type, mesh, request.name!));
    await checked;
    const resource = await (type.scope === 'Mesh' ? inMesh(client, mesh, choice, () => got) : got);
    if (!resource) throw new UserError(type.scope === 'Mesh' ? `No resources found in ${mesh} mesh` : 'No resources found', ExitCode.REJECTED);
    return renderOne(type, resource, request.output, now);
  } finally {
    await client.close();
  }
}

/** A promise whose rejection is handled where it is awaited later, not reported as unhandled meanwhile. */
function settleLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

