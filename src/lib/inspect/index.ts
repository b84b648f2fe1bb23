import type { KumaClient } from '../client/index.js';
import { parseApiError } from '../client/errors.js';
import { UserError, ExitCode } from '../errors.js';
import { isRecord, asObject as rec, asString as str } from '../json.js';
import { age, tagsCell } from '../output/cells.js';
import { formatTable } from '../output/table.js';
import { formatJson } from '../output/json.js';
import { formatYaml } from '../output/yaml.js';
import type { ResourceType } from '../resources/registry.js';

/*
 * `kumactl inspect ...`: kuma-cp's overview and inspect endpoints, and kumactl 2.14's tables for them
 * (app/kumactl/cmd/inspect). Everything here reads what any kuma-cp answers; the local control plane
 * answers the same shapes (proxies that never connected: Offline, no subscriptions).
 */

type Obj = Record<string, unknown>;
export type InspectFormat = 'table' | 'yaml' | 'json';

export interface ListAnswer {
  total: number;
  items: Obj[];
  next: string | null;
}

const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : 0);

/** GET a JSON answer; a Kuma error as kumactl prints it, 501 (not supported here) as a rejection. */
export async function getJson(client: KumaClient, path: string, query: Record<string, string> | URLSearchParams = {}, what = `GET ${path}`): Promise<Obj> {
  const params = query instanceof URLSearchParams ? query : new URLSearchParams(query);
  const res = await client.send('GET', path, { query: params });
  if (res.status === 200) {
    try {
      const json = JSON.parse(res.text) as unknown;
      if (isRecord(json)) return json;
    } catch {
      // fall through
    }
    throw new UserError(`${what}: the answer is not a JSON object (is the address a Kuma control plane?)`, ExitCode.UNREACHABLE);
  }
  if (res.status === 501) {
    const api = parseApiError(res.status, res.text);
    throw new UserError(api ? api.detail : `${what}: not supported by this control plane`, ExitCode.REJECTED);
  }
  throw client.failure(res, what);
}

function asList(json: Obj): ListAnswer {
  return { total: num(json.total), items: arr(json.items).filter(isRecord), next: typeof json.next === 'string' ? json.next : null };
}

/** Every page of a list endpoint (kumactl reads one page of overviews; we read them all, 1000 at a time). */
export async function getAll(client: KumaClient, path: string, query: URLSearchParams = new URLSearchParams()): Promise<ListAnswer> {
  const items: Obj[] = [];
  let offset: string | undefined;
  for (;;) {
    const q = new URLSearchParams(query);
    q.set('size', '1000');
    if (offset) q.set('offset', offset);
    const page = asList(await getJson(client, path, q));
    items.push(...page.items);
    offset = page.next ? (new URL(page.next).searchParams.get('offset') ?? undefined) : undefined;
    if (!offset || page.items.length === 0) return { total: items.length, items, next: null };
  }
}

function enc(s: string): string {
  return encodeURIComponent(s);
}

// ------------------------------------------------------------------------------------ queries

export interface DataplaneFilters {
  tags?: Record<string, string>;
  gateway?: boolean;
  ingress?: boolean;
}

/** `GET /meshes/{mesh}/dataplanes/_overview` with kumactl's query (`gateway`, `ingress`, `tag=k:v`). */
export function dataplaneOverviews(client: KumaClient, mesh: string, f: DataplaneFilters): Promise<ListAnswer> {
  const q = new URLSearchParams();
  if (f.gateway) q.append('gateway', 'true');
  if (f.ingress) q.append('ingress', 'true');
  for (const [k, v] of Object.entries(f.tags ?? {})) q.append('tag', `${k}:${v}`);
  return getAll(client, `/meshes/${enc(mesh)}/dataplanes/_overview`, q);
}

export const serviceInsights = (client: KumaClient, mesh: string) => getAll(client, `/meshes/${enc(mesh)}/service-insights`);
export const zoneOverviews = (client: KumaClient) => getAll(client, '/zones/_overview');
export const zoneIngressOverviews = (client: KumaClient) => getAll(client, '/zoneingresses/_overview');
export const zoneEgressOverviews = (client: KumaClient) => getAll(client, '/zoneegresses/_overview');

/** `GET /meshes/{mesh}/meshgateways/{name}/dataplanes`: `{total, items: [{dataplane: {mesh, name}}]}`. */
export function meshGatewayDataplanes(client: KumaClient, mesh: string, name: string): Promise<Obj> {
  return getJson(client, `/meshes/${enc(mesh)}/meshgateways/${enc(name)}/dataplanes`, {}, `failed to inspect MeshGateway "${name}"`);
}

/** `GET /meshes/{mesh}/{policies}/{name}/_resources/dataplanes`: `{total, items: [{type, mesh, name, labels}], next}`. */
export async function dataplanesForPolicy(client: KumaClient, type: ResourceType, mesh: string, name: string, page: { offset?: number; size?: number } = {}): Promise<ListAnswer> {
  const q: Record<string, string> = {};
  if (page.offset) q.offset = String(page.offset);
  if (page.size) q.size = String(page.size);
  return asList(await getJson(client, `/meshes/${enc(mesh)}/${type.path}/${enc(name)}/_resources/dataplanes`, q, `failed to inspect ${type.name} "${name}"`));
}

/** `GET /meshes/{mesh}/dataplanes/{name}/policies` (kumactl's `inspect dataplane --type policies`). */
export function dataplanePolicies(client: KumaClient, mesh: string, name: string): Promise<Obj> {
  return getJson(client, `/meshes/${enc(mesh)}/dataplanes/${enc(name)}/policies`, {}, `failed to inspect Dataplane "${name}"`);
}

/** The Envoy admin views of a proxy (`xds`, `stats`, `clusters`, `_config`): text as kuma-cp answers it. */
export async function envoyView(client: KumaClient, path: string, query: Record<string, string | string[]>): Promise<string> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const x of Array.isArray(v) ? v : [v]) q.append(k, x);
  const res = await client.send('GET', path, { query: q });
  if (res.status === 200) return res.text;
  if (res.status === 501) {
    const api = parseApiError(res.status, res.text);
    throw new UserError(api ? api.detail : `GET ${path}: not supported by this control plane`, ExitCode.REJECTED);
  }
  throw client.failure(res, `GET ${path}`);
}

// ------------------------------------------------------------------------------------ cells

/** kumactl's `table.Ago`: `never` without a time, else the time since it. */
export function agoCell(t: unknown, now: Date): string {
  return typeof t === 'string' && t !== '' ? age(t, now) : 'never';
}

/** kumactl's `table.Date`: local time `YYYY-MM-DD HH:MM:SS`, `-` without one. */
export function dateCell(t: unknown): string {
  if (typeof t !== 'string' || t === '') return '-';
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return '-';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

interface InsightSummary {
  online: boolean;
  last: Obj;
  sent: number;
  rejected: number;
}

/** An insight's subscriptions: online (one connected and not disconnected), the last one, the totals. */
export function summarise(insight: unknown): InsightSummary {
  const subs = arr(rec(insight).subscriptions).map(rec);
  let sent = 0;
  let rejected = 0;
  for (const s of subs) {
    const total = rec(rec(s.status).total);
    sent += num(total.responsesSent);
    rejected += num(total.responsesRejected);
  }
  return {
    online: subs.some((s) => s.connectTime !== undefined && s.connectTime !== null && (s.disconnectTime === undefined || s.disconnectTime === null)),
    last: subs.at(-1) ?? {},
    sent,
    rejected,
  };
}

/** kuma-cp's DataplaneOverview.Status(): `Online`, `Offline` or `Partially degraded`, and why. */
export function dataplaneStatus(overview: Obj): { status: string; notes: string[] } {
  const online = summarise(overview.dataplaneInsight).online;
  const networking = rec(rec(overview.dataplane).networking);
  if (isRecord(networking.gateway)) return { status: online ? 'Online' : 'Offline', notes: [] };
  const inbounds = arr(networking.inbound).map(rec);
  const listeners = arr(networking.listeners).map(rec);
  const notes: string[] = [];
  let ready = 0;
  for (const i of inbounds) {
    const health = i.health;
    const notReady = (isRecord(health) && health.ready !== true) || i.state === 'NotReady' || i.state === 1;
    if (notReady) notes.push(`inbound[port=${num(i.port)},svc=${str(rec(i.tags)['kuma.io/service'])}] is not ready`);
    else ready++;
  }
  for (const l of listeners) {
    if (l.state === undefined || l.state === 'Ready' || l.state === 0) ready++;
    else notes.push(`listener[port=${num(l.port)},type=${typeof l.type === 'string' ? l.type : (['Unspecified', 'ZoneIngress', 'ZoneEgress'][num(l.type)] ?? String(l.type))}] is not ready`);
  }
  const total = inbounds.length + listeners.length;
  if (!online || ready === 0) return { status: 'Offline', notes };
  if (ready < total) return { status: 'Partially degraded', notes };
  return { status: 'Online', notes: [] };
}

// ------------------------------------------------------------------------------------ tables

const DATAPLANE_HEADERS = [
  'MESH',
  'NAME',
  'TAGS',
  'STATUS',
  'LAST CONNECTED AGO',
  'LAST UPDATED AGO',
  'TOTAL UPDATES',
  'TOTAL ERRORS',
  'CERT REGENERATED AGO',
  'CERT EXPIRATION',
  'CERT REGENERATIONS',
  'CERT BACKEND',
  'SUPPORTED CERT BACKENDS',
  'KUMA-DP VERSION',
  'ENVOY VERSION',
  'DEPENDENCIES VERSIONS',
  'NOTES',
];

/** kumactl's `inspect dataplanes` row. */
export function dataplaneRow(o: Obj, now: Date): string[] {
  const insight = rec(o.dataplaneInsight);
  const { last, sent, rejected } = summarise(insight);
  const { status, notes } = dataplaneStatus(o);
  const mtls = isRecord(insight.mTLS) ? insight.mTLS : undefined;
  const version = rec(last.version);
  const deps = Object.entries(rec(version.dependencies)).map(([k, v]) => `${k}: ${str(v)}`);
  return [
    str(o.mesh),
    str(o.name),
    tagsCell(rec(o.dataplane)),
    status,
    agoCell(last.connectTime, now),
    agoCell(rec(last.status).lastUpdateTime, now),
    String(sent),
    String(rejected),
    agoCell(mtls?.lastCertificateRegeneration, now),
    dateCell(mtls?.certificateExpirationTime),
    String(num(mtls?.certificateRegenerations)),
    mtls ? str(mtls.issuedBackend) : '-',
    arr(mtls?.supportedBackends).map(str).join(','),
    str(rec(version.kumaDp).version),
    str(rec(version.envoy).version),
    deps.length > 0 ? deps.join(', ') : '-',
    notes.join(';'),
  ];
}

const SERVICE_STATUS: Record<string, string> = { partially_degraded: 'Partially degraded', online: 'Online' };

export function serviceRow(s: Obj): string[] {
  const dp = rec(s.dataplanes);
  return [str(s.name), SERVICE_STATUS[str(s.status)] ?? 'Offline', `${num(dp.online)}/${num(dp.total)}`];
}

export function zoneRow(o: Obj, now: Date): string[] {
  const { online, last, sent, rejected } = summarise(o.zoneInsight);
  const enabled = rec(o.zone).enabled !== false;
  let backend = '';
  if (typeof last.config === 'string' && last.config !== '') {
    try {
      backend = str(rec(rec(JSON.parse(last.config)).store).type);
    } catch {
      throw new UserError('could not unmarshal CP config', ExitCode.UNEXPECTED);
    }
  }
  return [
    str(o.name),
    online && enabled ? 'Online' : 'Offline',
    agoCell(last.connectTime, now),
    agoCell(rec(last.status).lastUpdateTime, now),
    String(sent),
    String(rejected),
    str(rec(rec(last.version).kumaCp).version),
    backend,
  ];
}

/** A zone ingress or egress overview row (`insightKey`: `zoneIngressInsight` or `zoneEgressInsight`). */
export function zoneProxyRow(o: Obj, insightKey: string, now: Date): string[] {
  const { online, last, sent, rejected } = summarise(o[insightKey]);
  const version = rec(last.version);
  return [
    str(o.name),
    online ? 'Online' : 'Offline',
    agoCell(last.connectTime, now),
    agoCell(rec(last.status).lastUpdateTime, now),
    String(sent),
    String(rejected),
    str(rec(version.kumaDp).version),
    str(rec(version.envoy).version),
  ];
}

const ZONE_HEADERS = ['NAME', 'STATUS', 'LAST CONNECTED AGO', 'LAST UPDATED AGO', 'TOTAL UPDATES', 'TOTAL ERRORS'];

export type InspectTable = 'dataplanes' | 'services' | 'zones' | 'zoneingresses' | 'zoneegresses' | 'policy-dataplanes';

/** A list answer in kumactl's format: its table, or the list as JSON or YAML. */
export function renderInspect(kind: InspectTable, list: ListAnswer, format: InspectFormat, now: Date): string {
  if (format === 'json') return formatJson({ total: list.total, items: list.items, next: list.next });
  if (format === 'yaml') return formatYaml({ total: list.total, items: list.items, next: list.next });
  switch (kind) {
    case 'dataplanes':
      return formatTable(DATAPLANE_HEADERS, list.items.map((o) => dataplaneRow(o, now)));
    case 'services':
      return formatTable(['SERVICE', 'STATUS', 'DATAPLANES'], list.items.map(serviceRow));
    case 'zones':
      return formatTable([...ZONE_HEADERS, 'ZONE-CP VERSION', 'BACKEND'], list.items.map((o) => zoneRow(o, now)));
    case 'zoneingresses':
      return formatTable([...ZONE_HEADERS, 'KUMA-DP VERSION', 'ENVOY VERSION'], list.items.map((o) => zoneProxyRow(o, 'zoneIngressInsight', now)));
    case 'zoneegresses':
      return formatTable([...ZONE_HEADERS, 'KUMA-DP VERSION', 'ENVOY VERSION'], list.items.map((o) => zoneProxyRow(o, 'zoneEgressInsight', now)));
    case 'policy-dataplanes':
      return `${formatTable(['Type', 'Mesh', 'Name'], list.items.map((i) => [str(i.type), str(i.mesh), str(i.name)]))}\nTotal: ${list.total}\n`;
  }
}

/** kumactl's `inspect meshgateway` text: one proxy name per line. */
export function renderGatewayDataplanes(answer: Obj): string {
  return arr(answer.items)
    .map((i) => `${str(rec(rec(i).dataplane).name)}\n`)
    .join('');
}
