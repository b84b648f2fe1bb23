import type { KumaClient } from '../client/index.js';
import type { LoadedResource } from '../manifest/load.js';
import { computeImpact, type ImpactReport } from './impact.js';
import { readLive, storedForm, touchedMeshes } from './state.js';

export { impactText, impactTextForTerminal, impactSummary, impactJson, impactExitCode } from './render.js';
export type { ImpactReport, ProxyImpact, PlaceChange } from './impact.js';

/**
 * `diff --impact`: read the meshes the batch touches from the control plane, then compute in-process,
 * with the local control plane's matching engine, every affected proxy's rules before and after the
 * batch. Nothing is written to the control plane.
 */
export async function impactOf(client: KumaClient, batch: readonly LoadedResource[]): Promise<ImpactReport> {
  const live = await readLive(client, touchedMeshes(batch));
  const changes = storedForm(batch, live);
  const { kumaEngine } = await import('./engine.js');
  return computeImpact(kumaEngine, live.resources, changes);
}
