import { formatTable } from '../output/table.js';

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
