import type { StoredResource } from '../control-plane/store/types.js';
import type { SeedResource } from '../control-plane/seed.js';
import { Snapshot, selectedDataplanes } from '../control-plane/matching/index.js';
import { dataplaneRules } from '../control-plane/matching/rules/index.js';
import type { ImpactEngine } from './impact.js';

/*
 * The local control plane's policy matching (src/lib/control-plane/matching), run in-process for
 * `diff --impact`: the same code that answers `GET .../_rules` and `.../_resources/dataplanes`.
 */

interface Resources {
  all: StoredResource[];
  /** One matching snapshot per mesh, built on first use. */
  byMesh: Map<string, Snapshot>;
}

function meshSnapshot(s: Resources, mesh: string): Snapshot {
  let snap = s.byMesh.get(mesh);
  if (!snap) s.byMesh.set(mesh, (snap = new Snapshot(mesh, s.all)));
  return snap;
}

export const kumaEngine: ImpactEngine<Resources> = {
  snapshot: (resources: readonly SeedResource[]) => ({ all: resources.map((r) => ({ ...r, version: 1 })), byMesh: new Map() }),
  rules: (s, mesh, name, types) => dataplaneRules(meshSnapshot(s, mesh), mesh, name, types),
  reach: (s, policy) => selectedDataplanes(meshSnapshot(s, policy.mesh), policy.mesh, policy.type, policy.name)?.map((dp) => dp.name),
};
