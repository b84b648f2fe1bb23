import { formatTable } from '../output/table.js';

/** Our `inspect meshes` table: data plane proxies (online/total), policies and other resources per mesh. */
export function meshInsightsTable(insights: Record<string, unknown>[]): string {
  const sum = (group: unknown) => Object.values((group ?? {}) as Record<string, { total?: number }>).reduce((n, v) => n + (v.total ?? 0), 0);
  const rows = insights.map((i) => {
    const dp = (i.dataplanes ?? {}) as { online?: number; total?: number };
    return [String(i.name), `${dp.online ?? 0}/${dp.total ?? 0}`, String(sum(i.policies)), String(sum(i.resources))];
  });
  return formatTable(['MESH', 'DATAPLANES', 'POLICIES', 'RESOURCES'], rows);
}
