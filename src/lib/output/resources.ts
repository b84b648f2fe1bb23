import type { ResourceType } from '../resources/registry.js';
import { byteCompare, cellsFor, formatTimestamp } from './cells.js';
import { formatJson } from './json.js';
import { formatTable, paginationFooter } from './table.js';
import { formatYaml } from './yaml.js';
import { asRecord as rec, asString as str, dropNulls } from '../json.js';

/**
 * The printers of `kumactl get` (Kuma v2.14): a list page or a single resource as a table, JSON or
 * YAML, from resource objects as the API returns them. Pure: no I/O.
 */

export type OutputFormat = 'table' | 'json' | 'yaml';

export interface ResourceListPage {
  total: number;
  items: Record<string, unknown>[];
  /** The API's `next` link (absolute URL), or null on the last page. */
  next: string | null;
}

type Obj = Record<string, unknown>;

const META_KEYS = new Set(['type', 'mesh', 'name', 'creationTime', 'modificationTime', 'labels', 'kri']);



/** A string map with its keys in Go's (byte) order, as Go prints a `map[string]string`. */
function sortedMap(m: Obj): Obj {
  const out: Obj = {};
  for (const k of Object.keys(m).sort(byteCompare)) out[k] = m[k];
  return out;
}

/**
 * KRI (kuma-api §3.4): `kri_<short>_<mesh>_<zone>_<namespace>_<name>_`, mesh empty for global
 * types, zone from label `kuma.io/zone`, namespace from `k8s.kuma.io/namespace`, name from
 * `kuma.io/display-name` else the resource name. Undefined for types without a short name.
 */
export function kriOf(type: ResourceType, resource: Obj): string | undefined {
  if (type.shortName === '') return undefined;
  const labels = rec(resource.labels) ?? {};
  const mesh = type.scope === 'Mesh' ? str(resource.mesh) : '';
  const zone = str(labels['kuma.io/zone']);
  const namespace = str(labels['k8s.kuma.io/namespace']);
  const name = str(labels['kuma.io/display-name']) || str(resource.name);
  return `kri_${type.shortName}_${mesh}_${zone}_${namespace}_${name}_`;
}

/** The meta part of a resource in Kuma's key order (`type`, `mesh`, `name`, times, `labels`, `kri`). */
export function metaOf(type: ResourceType, resource: Obj): Obj {
  const out: Obj = { type: str(resource.type) || type.name };
  const mesh = str(resource.mesh);
  if (type.scope === 'Mesh' && mesh !== '') out.mesh = mesh;
  out.name = str(resource.name);
  out.creationTime = formatTimestamp(resource.creationTime);
  out.modificationTime = formatTimestamp(resource.modificationTime);
  const labels = rec(resource.labels);
  if (labels && Object.keys(labels).length > 0) out.labels = sortedMap(labels);
  const kri = kriOf(type, resource);
  if (kri !== undefined) out.kri = kri;
  return out;
}

/** The spec part of a flat (old-style) resource: every non-meta field, in the server's order. */
export function flatSpecOf(resource: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(resource)) if (!META_KEYS.has(k) && v !== null && v !== undefined) out[k] = dropNulls(v);
  return out;
}

/**
 * A resource as kumactl prints it with `-o json`: meta in Kuma's order (timestamps as Go prints
 * them, `kri` recomputed), then the flat spec fields, or `snis` (if the server sent them, sorted
 * by port), `spec` and, for types with a status, `status`.
 */
export function toKumactlJson(type: ResourceType, resource: Obj): Obj {
  const out = metaOf(type, resource);
  if (type.shape === 'flat') return Object.assign(out, flatSpecOf(resource));
  if (Array.isArray(resource.snis) && resource.snis.length > 0) {
    out.snis = [...resource.snis].sort((a, b) => Number(rec(a)?.port ?? 0) - Number(rec(b)?.port ?? 0));
  }
  out.spec = dropNulls(rec(resource.spec) ?? {});
  if (type.hasStatus) out.status = dropNulls(rec(resource.status) ?? {});
  return out;
}

/** The `offset` query parameter of the API's `next` link ('' when there is none). */
export function nextOffset(next: string | null | undefined): string {
  if (!next) return '';
  try {
    return new URL(next, 'http://localhost/').searchParams.get('offset') ?? '';
  } catch {
    return '';
  }
}

function unknownFormat(format: never): never {
  throw new Error(`unknown output format "${String(format)}"`);
}

/** `kumactl get <plural>`: one page of a list. */
export function renderList(type: ResourceType, list: ResourceListPage, format: OutputFormat, now: Date): string {
  switch (format) {
    case 'table': {
      const rows = list.items.map((item) => cellsFor(type, item, now));
      return formatTable([...type.columns], rows) + paginationFooter(nextOffset(list.next));
    }
    case 'json':
      return formatJson({ total: list.total, items: list.items.map((i) => toKumactlJson(type, i)), next: null });
    case 'yaml':
      return formatYaml({ items: list.items.map((i) => toKumactlJson(type, i)), next: null, total: list.total });
    default:
      return unknownFormat(format);
  }
}

/** `kumactl get <singular> NAME`: one resource. */
export function renderOne(type: ResourceType, resource: Record<string, unknown>, format: OutputFormat, now: Date): string {
  switch (format) {
    case 'table':
      return formatTable([...type.columns], [cellsFor(type, resource, now)]);
    case 'json':
      return formatJson(toKumactlJson(type, resource));
    case 'yaml': {
      if (type.shape === 'spec') return formatYaml(toKumactlJson(type, resource));
      // Old-style resources: the meta block, then the spec block (omitted when empty).
      const spec = flatSpecOf(resource);
      return formatYaml(metaOf(type, resource)) + (Object.keys(spec).length > 0 ? formatYaml(spec) : '');
    }
    default:
      return unknownFormat(format);
  }
}
