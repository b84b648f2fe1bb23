import type { KumaClient } from '../client/index.js';
import type { LoadedResource } from '../manifest/load.js';
import { UsageError } from '../errors.js';
import { computeImpact, type ImpactReport } from './impact.js';
import { impactExitCode, impactJson, impactSummary, impactTextForTerminal } from './render.js';
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

/** `diff --impact`'s output (text, or -o json) and its exit code: 0 no proxy affected, 1 some. */
export async function printImpact(client: KumaClient, batch: readonly LoadedResource[], output: string): Promise<number> {
  if (output === 'plan') throw new UsageError('--impact prints proxies, not a plan: use -o text or -o json');
  const report = await impactOf(client, batch);
  process.stdout.write(output === 'json' ? `${JSON.stringify(impactJson(report), null, 2)}\n` : await impactTextForTerminal(report));
  process.stderr.write(`${impactSummary(report)}\n`);
  return impactExitCode(report);
}
