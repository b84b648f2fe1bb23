import type { KumaClient } from '../client/index.js';
import { formatYaml } from '../output/yaml.js';
import { placesOf, warningsOf } from '../impact/places.js';
import { getJson } from './index.js';

/*
 * `inspect dataplane NAME --type rules` (ours; kumactl 2.14 has no such type): kuma-cp's
 * `GET /meshes/{mesh}/dataplanes/{name}/_rules`, as text a person reads: per policy type, each place
 * of the proxy (the whole proxy, an inbound, an outbound, a route), the policies its conf is merged
 * from (in merge order: the last wins) and the merged conf. `-o json|yaml` prints the document.
 */

type Obj = Record<string, unknown>;

export function dataplaneRules(client: KumaClient, mesh: string, name: string): Promise<Obj> {
  return getJson(client, `/meshes/${encodeURIComponent(mesh)}/dataplanes/${encodeURIComponent(name)}/_rules`, {}, `failed to inspect the rules of Dataplane "${name}"`);
}

const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((l) => (l === '' ? l : `${by}${l}`))
    .join('\n');

export function renderDataplaneRules(doc: Obj): string {
  let out = '';
  let type = '';
  for (const p of placesOf(doc)) {
    if (p.policyType !== type) {
      out += `${out === '' ? '' : '\n'}${p.policyType}:\n`;
      type = p.policyType;
    }
    out += `  ${p.label}\n`;
    out += `    merged from: ${p.origins.join(', ')}\n`;
    out += indent(formatYaml(p.conf ?? {}), '    ');
  }
  const warnings = warningsOf(doc);
  if (warnings.length > 0) out += `\nWarnings:\n${warnings.map((w) => `  ${w}\n`).join('')}`;
  return out;
}
