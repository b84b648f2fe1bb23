import type { NormalisedResource, Workload, Namespace } from '../resources/kubernetes.js';
import type { DocPath } from '../validation/types.js';

/*
 * Which mesh a resource belongs to (DESIGN.md, "Which mesh a resource belongs to"):
 * global types belong to none; a mesh-scoped document names its mesh with `mesh:` or the
 * `kuma.io/mesh` label; otherwise --mesh, then the context's default mesh, then `default` for
 * spec-wrapped types (Kuma's schema default). Flat types without a mesh are an error, as in kumactl.
 */

export type MeshSource = 'document' | 'label' | 'flag' | 'context' | 'default';

export interface MeshOptions {
  /** `--mesh` on the command line. */
  flagMesh?: string;
  /** `defaults.mesh` of the current context in the config file. */
  contextMesh?: string;
}

export interface MeshProblem {
  severity: 'error' | 'warning';
  field: string;
  message: string;
  /** Where in the source document (undefined: the document itself). */
  sourcePath?: DocPath;
}

export interface MeshResolution {
  mesh?: string;
  source?: MeshSource;
  problems: MeshProblem[];
}

export function resolveMesh(resource: NormalisedResource, options: MeshOptions): MeshResolution {
  const { type, declaredMeshes } = resource;
  if (type.scope === 'Global') {
    const stray = declaredMeshes.find((d) => d.via === 'mesh');
    return stray
      ? { problems: [{ severity: 'warning', field: 'mesh', message: `ignored: ${type.name} is a global resource and belongs to no mesh`, sourcePath: stray.sourcePath }] }
      : { problems: [] };
  }
  const problems: MeshProblem[] = [];
  const first = declaredMeshes[0];
  if (first) {
    // a `mesh` and a differing kuma.io/mesh label (either form) are reported by the label rules, in Kuma's words
    if (options.flagMesh !== undefined && options.flagMesh !== first.mesh) {
      problems.push({
        severity: 'error',
        field: 'mesh',
        message: `the document belongs to mesh "${first.mesh}" but --mesh says "${options.flagMesh}"; drop --mesh or change the document`,
        sourcePath: first.sourcePath,
      });
    }
    return { mesh: first.mesh, source: first.via === 'mesh' ? 'document' : 'label', problems };
  }
  if (options.flagMesh !== undefined && options.flagMesh !== '') return { mesh: options.flagMesh, source: 'flag', problems };
  if (options.contextMesh !== undefined && options.contextMesh !== '') return { mesh: options.contextMesh, source: 'context', problems };
  if (type.shape === 'spec') return { mesh: 'default', source: 'default', problems };
  problems.push({ severity: 'error', field: 'mesh', message: 'cannot be empty (name the mesh with "mesh:" in the document or with --mesh)' });
  return { problems };
}

export interface WorkloadMembership {
  workload: Workload;
  mesh: string;
  /** Set when the namespace holds workloads of more than one mesh. */
  conflict?: string;
}

/**
 * The mesh each Kubernetes workload joins: the `kuma.io/mesh` annotation (or label) on its pod
 * template, else its namespace's, else `default`. Flags namespaces holding workloads of several meshes.
 */
export function workloadMeshes(workloads: readonly Workload[], namespaces: readonly Namespace[]): WorkloadMembership[] {
  const nsMesh = new Map(namespaces.filter((n) => n.mesh !== undefined).map((n) => [n.name, n.mesh!]));
  const memberships = workloads.map((w) => ({ workload: w, mesh: w.mesh ?? nsMesh.get(w.namespace) ?? 'default' }) as WorkloadMembership);
  const byNamespace = new Map<string, WorkloadMembership[]>();
  for (const m of memberships) byNamespace.set(m.workload.namespace, [...(byNamespace.get(m.workload.namespace) ?? []), m]);
  for (const [ns, members] of byNamespace) {
    const meshes = [...new Set(members.map((m) => m.mesh))].sort();
    if (meshes.length < 2) continue;
    const first = members[0]!.mesh;
    for (const m of members) {
      if (m.mesh === first) continue;
      m.conflict = `namespace "${ns}" holds workloads of more than one mesh (${meshes.map((x) => `"${x}"`).join(', ')})`;
    }
  }
  return memberships;
}
