/**
 * The `format` values used by the generated schemas (schemas/generated/*.json):
 *
 * - `int32`, `uint32`, `int64`: integer range checks (applied to numbers only);
 * - `byte`: standard base64 with padding (Go's decoder skips `\r` and `\n`, so they are ignored here too);
 * - `date-time`: RFC 3339 `date-time` (section 5.6), with real calendar and offset range checks.
 */
import type { Ajv } from 'ajv';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const UINT32_MAX = 2 ** 32 - 1;
const INT64_MIN = -(2 ** 63);
const INT64_LIMIT = 2 ** 63; // exclusive: 2^63 - 1 is not representable as a double

export function isInt32(n: number): boolean {
  return Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX;
}

export function isUint32(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= UINT32_MAX;
}

export function isInt64(n: number): boolean {
  return Number.isInteger(n) && n >= INT64_MIN && n < INT64_LIMIT;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isBase64(s: string): boolean {
  return BASE64.test(s.replace(/[\r\n]/g, ''));
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isRfc3339DateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12) return false;
  if (day < 1 || day > daysInMonth(year, month)) return false;
  if (hour > 23 || minute > 59 || second > 60) return false; // RFC 3339 allows a leap second (60)
  if (m[7] !== undefined && (Number(m[8]) > 23 || Number(m[9]) > 59)) return false;
  return true;
}

/** The formats used by the Kuma schemas, by name, as ajv takes them (and as precompiled validators load them). */
export const KUMA_FORMATS = {
  int32: { type: 'number', validate: isInt32 },
  uint32: { type: 'number', validate: isUint32 },
  int64: { type: 'number', validate: isInt64 },
  byte: { type: 'string', validate: isBase64 },
  'date-time': { type: 'string', validate: isRfc3339DateTime },
} as const;

/** Registers the formats used by the generated Kuma schemas on an Ajv instance. */
/**
 * Annotations our schemas carry that validate nothing: `x-kuma-duration` marks a duration field
 * ("go" or "proto": the form kuma-cp writes it back in, see canonical.ts).
 */
export const DURATION_KEYWORD = 'x-kuma-duration';
export const KUMA_ANNOTATIONS = [DURATION_KEYWORD] as const;

/** Our formats and annotation keywords, on an ajv instance that compiles our schemas. */
export function addKumaFormats(ajv: Ajv): void {
  for (const [name, format] of Object.entries(KUMA_FORMATS)) ajv.addFormat(name, format);
  for (const keyword of KUMA_ANNOTATIONS) ajv.addKeyword(keyword);
}
