import type { KumaClient } from '../client/index.js';
import { UserError, ExitCode } from '../errors.js';
import { loadManifests, hasErrors, membershipFindings, type Finding, type LoadedResource, type LoadOptions } from '../manifest/load.js';
import { checkVersion } from '../client/connect.js';
import { typeByName } from '../resources/registry.js';
import { nearest } from '../text.js';

/**
 * What `apply` and `diff` do before comparing anything: read, template, resolve meshes and validate
 * every document, and check that every mesh exists on the control plane or in the input. Findings go
 * to `report` (the caller prints them: formatFinding, or JSON); any error ends the run with exit code
 * 3. Bad input sends no request at all: the control plane is first contacted (version check, then
 * meshes) once every document is valid.
 */
export async function loadBatch(client: KumaClient, paths: readonly string[], options: LoadOptions, report: (finding: Finding) => void): Promise<LoadedResource[]> {
  const load = await loadManifests(paths, { ...options, forControlPlane: true });
  const findings = load.findings.filter((f) => f.severity !== 'info');
  for (const f of findings) report(f);
  if (hasErrors(findings)) throw new UserError('invalid input: nothing was sent', ExitCode.INVALID_INPUT);
  if (load.resources.length === 0) {
    const inputs = paths.map((p) => (p === '-' ? 'stdin' : p)).join(', ');
    throw new UserError(`no resource(s) passed to apply: no document in ${inputs} (only empty documents or comments)`, ExitCode.INVALID_INPUT);
  }
  await checkVersion(client);
  const { missing, live } = await batchMeshes(client, load.resources);
  if (missing.size > 0) {
    // the meshes there are, for a "did you mean" (none when they cannot be listed)
    const existing = [
      ...(await client.listAll(typeByName('Mesh')!, {}).then((ms) => ms.map((m) => String(m.name)), () => [])),
      ...load.resources.filter((r) => r.type.name === 'Mesh').map((r) => r.name),
    ].sort();
    for (const [mesh, rs] of missing) {
      const near = nearest(mesh, existing);
      const meant = near.length > 0 ? `; did you mean ${near.map((n) => JSON.stringify(n)).join(' or ')}?` : '';
      for (const r of rs) {
        const at = r.locate(['mesh']);
        report({ severity: 'error', file: r.file, ...at, type: r.type.name, name: r.name, mesh, field: 'mesh', message: `mesh "${mesh}" does not exist on the control plane and is not in the input${meant}` });
      }
    }
    throw new UserError('invalid input: nothing was sent', ExitCode.INVALID_INPUT, 'create the mesh first, or add its Mesh document to the input');
  }
  // Checks kuma-cp makes at create time that need only the input and the live mesh: refuse before sending.
  const refused = membershipFindings(load.resources, live);
  for (const f of refused) report(f);
  if (refused.length > 0) throw new UserError('invalid input: nothing was sent', ExitCode.INVALID_INPUT);
  return load.resources;
}

/**
 * The meshes the batch's resources belong to that are not in the batch itself, read from the control
 * plane: those that exist (as Universal documents) and those that do not (with the resources that
 * need them).
 */
export async function batchMeshes(
  client: KumaClient,
  resources: readonly LoadedResource[],
): Promise<{ missing: Map<string, LoadedResource[]>; live: Map<string, Record<string, unknown>> }> {
  const inBatch = new Set(resources.filter((r) => r.type.name === 'Mesh').map((r) => r.name));
  const needed = new Map<string, LoadedResource[]>();
  for (const r of resources) {
    if (r.type.scope !== 'Mesh' || r.mesh === undefined || inBatch.has(r.mesh)) continue;
    const list = needed.get(r.mesh);
    if (list) list.push(r);
    else needed.set(r.mesh, [r]);
  }
  const meshType = typeByName('Mesh')!;
  const missing = new Map<string, LoadedResource[]>();
  const live = new Map<string, Record<string, unknown>>();
  await Promise.all(
    [...needed.keys()].map(async (mesh) => {
      const found = await client.get(meshType, undefined, mesh);
      if (found) live.set(mesh, found);
      else missing.set(mesh, needed.get(mesh)!);
    }),
  );
  return { missing, live };
}
