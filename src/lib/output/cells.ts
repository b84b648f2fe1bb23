import type { ColumnId, ResourceType } from '../resources/registry.js';
import { asRecord as rec, asString as str } from '../json.js';

/**
 * Table cells of `kumactl get` (Kuma v2.14): the AGE helper and one cell per ColumnId, computed
 * from a resource object as the API returns it.
 */

type Obj = Record<string, unknown>;


// ---------------------------------------------------------------------------------------------
// Time

const NS_PER_SECOND = 1_000_000_000n;
const MAX_DURATION = (1n << 63n) - 1n;
const MIN_DURATION = -(1n << 63n);

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/** A parsed RFC 3339 timestamp: nanoseconds since the Unix epoch, plus its text parts. */
export interface Timestamp {
  /** Nanoseconds since 1970-01-01T00:00:00Z (negative before). */
  unixNanos: bigint;
  /** The wall-clock part `YYYY-MM-DDTHH:MM:SS` as written. */
  wall: string;
  /** Fraction digits as written (may be empty), at most 9 kept. */
  fraction: string;
  /** Offset in minutes east of UTC. */
  offsetMinutes: number;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days from 1970-01-01 to the given proleptic Gregorian date. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Parse an RFC 3339 timestamp (as Go's `time.Parse(time.RFC3339, …)` accepts it) without losing nanoseconds. */
export function parseTimestamp(text: string): Timestamp | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, ys, mos, ds, hs, mis, ss, frac = '', zone = 'Z'] = m;
  const y = Number(ys);
  const mo = Number(mos);
  const d = Number(ds);
  const h = Number(hs);
  const mi = Number(mis);
  const s = Number(ss);
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(mo, y) || h > 23 || mi > 59 || s > 59) return undefined;
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const fraction = frac.slice(0, 9);
  const seconds = daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offsetMinutes * 60;
  const nanos = BigInt(seconds) * NS_PER_SECOND + BigInt(fraction.padEnd(9, '0') || '0');
  return { unixNanos: nanos, wall: `${ys}-${mos}-${ds}T${hs}:${mis}:${ss}`, fraction, offsetMinutes };
}

/** Go's zero `time.Time` (0001-01-01T00:00:00Z) in Unix nanoseconds. */
const ZERO_TIME_NANOS = BigInt(daysFromCivil(1, 1, 1) * 86400) * NS_PER_SECOND;

/**
 * A timestamp as Go's RFC3339Nano prints it after a JSON round trip: fraction without trailing
 * zeros, a zero offset as `Z`, other offsets kept; missing → `0001-01-01T00:00:00Z`. Text that is
 * not RFC 3339 is returned unchanged.
 */
export function formatTimestamp(value: unknown): string {
  if (value === undefined || value === null || value === '') return '0001-01-01T00:00:00Z';
  if (typeof value !== 'string') return String(value);
  const t = parseTimestamp(value);
  if (!t) return value;
  const fraction = t.fraction.replace(/0+$/, '');
  let zone = 'Z';
  if (t.offsetMinutes !== 0) {
    const abs = Math.abs(t.offsetMinutes);
    zone = `${t.offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  }
  return `${t.wall}${fraction ? `.${fraction}` : ''}${zone}`;
}

/** `now.Sub(t)` in Go: nanoseconds, saturated to the int64 range. */
function sub(nowNanos: bigint, tNanos: bigint): bigint {
  const d = nowNanos - tNanos;
  if (d > MAX_DURATION) return MAX_DURATION;
  if (d < MIN_DURATION) return MIN_DURATION;
  return d;
}

/** Go's `float64(d / unit) + float64(d % unit) / float64(unit)` (Duration.Seconds/Minutes/Hours). */
function inUnits(d: bigint, unit: bigint): number {
  return Number(d / unit) + Number(d % unit) / Number(unit);
}

/** kumactl's `table.Duration`: `never`, `<n>s`, `<n>m`, `<n>h`, `<n>d`, `<n>y`. */
export function formatDuration(d: bigint): string {
  const seconds = Math.trunc(inUnits(d, NS_PER_SECOND));
  if (seconds < -1) return 'never';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.trunc(inUnits(d, 60n * NS_PER_SECOND));
  if (minutes < 60) return `${minutes}m`;
  const hoursF = inUnits(d, 3600n * NS_PER_SECOND);
  const hours = Math.trunc(hoursF);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(hoursF / 24 / 365)}y`;
}

/**
 * AGE cell: time since `modificationTime`. A missing or unreadable time is Go's zero time, so it
 * shows `292y` (the difference saturates at 2^63-1 ns); a time in the future shows `never`.
 */
export function age(modificationTime: string | undefined, now: Date): string {
  const t = modificationTime === undefined ? undefined : parseTimestamp(modificationTime);
  const tNanos = t ? t.unixNanos : ZERO_TIME_NANOS;
  const nowNanos = BigInt(now.getTime()) * 1_000_000n;
  return formatDuration(sub(nowNanos, tNanos));
}

// ---------------------------------------------------------------------------------------------
// Cells

function onOff(v: unknown): string {
  return v === true ? 'on' : 'off';
}

/** mTLS cell: `<type>/<name>` of the enabled CA backend, or `off`. */
export function mtlsCell(resource: Obj): string {
  const mtls = rec(resource.mtls);
  const enabled = str(mtls?.enabledBackend);
  if (enabled === '') return 'off';
  const backends = Array.isArray(mtls?.backends) ? mtls.backends : [];
  const backend = backends.map(rec).find((b) => str(b?.name) === enabled);
  // kumactl would crash on an enabled backend that does not exist; show its name with an empty type.
  return `${str(backend?.type)}/${enabled}`;
}

/** TAGS cell (v2.x): inbound and gateway tags, `key=v1,v2` (values sorted, unique), keys sorted, space-joined. */
export function tagsCell(resource: Obj): string {
  const networking = rec(resource.networking);
  const tags = new Map<string, Set<string>>();
  const add = (t: unknown): void => {
    const r = rec(t);
    if (!r) return;
    for (const [k, v] of Object.entries(r)) {
      let set = tags.get(k);
      if (!set) tags.set(k, (set = new Set()));
      set.add(str(v));
    }
  };
  const inbound = Array.isArray(networking?.inbound) ? networking.inbound : [];
  for (const i of inbound) add(rec(i)?.tags);
  add(rec(networking?.gateway)?.tags);
  return [...tags.keys()]
    .sort(byteCompare)
    .map((k) => `${k}=${[...(tags.get(k) ?? [])].sort(byteCompare).join(',')}`)
    .join(' ');
}

/** ADDRESS cell (v2.x): `networking.advertisedAddress` if set, else `networking.address`. */
export function addressCell(resource: Obj): string {
  const networking = rec(resource.networking);
  return str(networking?.advertisedAddress) || str(networking?.address);
}

/** Go's `sort.Strings` order: by UTF-8 bytes, which for strings without lone surrogates is code point order. */
export function byteCompare(a: string, b: string): number {
  if (a === b) return 0;
  const ai = a[Symbol.iterator]();
  const bi = b[Symbol.iterator]();
  for (;;) {
    const x = ai.next();
    const y = bi.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0) ?? 0;
    const cy = y.value.codePointAt(0) ?? 0;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** One cell of a resource's row. */
export function cell(column: ColumnId, resource: Obj, now: Date): string {
  switch (column) {
    case 'MESH':
      return str(resource.mesh);
    case 'NAME':
      return str(resource.name);
    case 'mTLS':
      return mtlsCell(resource);
    case 'LOCALITY':
      return onOff(rec(resource.routing)?.localityAwareLoadBalancing);
    case 'ZONEEGRESS':
      return onOff(rec(resource.routing)?.zoneEgress);
    case 'TAGS':
      return tagsCell(resource);
    case 'ADDRESS':
      return addressCell(resource);
    case 'AGE': {
      const t = resource.modificationTime;
      return age(typeof t === 'string' ? t : undefined, now);
    }
  }
}

/** The row of `kumactl get` for a resource, one cell per column of its type. */
export function cellsFor(type: ResourceType, resource: Record<string, unknown>, now: Date): string[] {
  return type.columns.map((c) => cell(c, resource, now));
}
