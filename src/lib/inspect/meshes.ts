import { formatTable } from '../output/table.js';
import { formatJson } from '../output/json.js';
import { formatYaml } from '../output/yaml.js';

/**
 * kumactl 2.14's `inspect meshes` columns: the data plane proxies (online/total), then the count of
 * each Kuma 2.x policy read from the MeshInsight's `policies` (ExternalService too, as kumactl reads
 * it, although kuma-cp counts it under `resources`: the column stays 0 there, and here).
 */
const COLUMNS: Array<[string, string]> = [
  ['TRAFFIC PERMISSIONS', 'TrafficPermission'],
  ['TRAFFIC ROUTES', 'TrafficRoute'],
  ['CIRCUIT BREAKERS', 'CircuitBreaker'],
  ['HEALTH CHECKS', 'HealthCheck'],
  ['FAULT INJECTIONS', 'FaultInjection'],
  ['EXTERNAL SERVICES', 'ExternalService'],
  ['TRAFFIC TRACES', 'TrafficTrace'],
  ['TRAFFIC LOGS', 'TrafficLog'],
  ['PROXY TEMPLATES', 'ProxyTemplate'],
  ['RATE LIMITS', 'RateLimit'],
];

export function meshInsightsTable(insights: Record<string, unknown>[]): string {
  const rows = insights.map((i) => {
    const dp = (i.dataplanes ?? {}) as { online?: number; total?: number };
    const policies = (i.policies ?? {}) as Record<string, { total?: number } | undefined>;
    return [String(i.name), `${dp.online ?? 0}/${dp.total ?? 0}`, ...COLUMNS.map(([, type]) => String(policies[type]?.total ?? 0))];
  });
  return formatTable(['MESH', 'DATAPLANES', ...COLUMNS.map(([header]) => header)], rows);
}

/** `inspect meshes` in each output: the table, or the MeshInsights as a list page (JSON, YAML). */
export function renderMeshInsights(insights: Record<string, unknown>[], format: 'table' | 'json' | 'yaml'): string {
  if (format === 'table') return meshInsightsTable(insights);
  const page = { total: insights.length, items: insights, next: null };
  return format === 'json' ? formatJson(page) : formatYaml(page);
}

/** `inspect mesh NAME`: its row of `inspect meshes`, or its MeshInsight (JSON, YAML). */
export function renderMeshInsight(insight: Record<string, unknown>, format: 'table' | 'json' | 'yaml'): string {
  if (format === 'table') return meshInsightsTable([insight]);
  return format === 'json' ? formatJson(insight) : formatYaml(insight);
}
