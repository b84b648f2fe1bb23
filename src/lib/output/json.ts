/**
 * `-o json`: Go's `json.MarshalIndent(v, "", "  ")` plus a trailing newline, as kumactl prints.
 *
 * Differences from `JSON.stringify(v, null, 2)` that matter: Go escapes `<`, `>`, `&`, U+2028 and
 * U+2029 (`\u003c`, ...), and Go sorts map keys. A JS object whose keys include integer-like ones
 * (`"10"`, `"2"`) has lost its original order (JS puts those first), and such keys only occur in
 * maps (labels, tags), never in struct fields, so those objects are printed with keys sorted by
 * byte order as Go prints a map. Every other object keeps its insertion order.
 */
import { goCompareStrings } from '../go/sort.js';

const INDENT = '  ';

function isIndexKey(k: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(k) && Number(k) < 2 ** 32 - 1;
}

/** Go's encoding/json string literal (with HTML escaping on). */
export function goJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += '\\\\';
        continue;
      case 0x08:
        out += '\\b';
        continue;
      case 0x0c:
        out += '\\f';
        continue;
      case 0x0a:
        out += '\\n';
        continue;
      case 0x0d:
        out += '\\r';
        continue;
      case 0x09:
        out += '\\t';
        continue;
      case 0x3c:
        out += '\\u003c';
        continue;
      case 0x3e:
        out += '\\u003e';
        continue;
      case 0x26:
        out += '\\u0026';
        continue;
      case 0x2028:
        out += '\\u2028';
        continue;
      case 0x2029:
        out += '\\u2029';
        continue;
    }
    if (c < 0x20) {
      out += `\\u00${c.toString(16).padStart(2, '0')}`;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += s[i] ?? '';
        out += s[i + 1] ?? '';
        i++;
      } else {
        out += '\\ufffd'; // invalid UTF-8 in Go
      }
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      out += '\\ufffd';
    } else {
      out += s[i] ?? '';
    }
  }
  return `${out}"`;
}

function numberText(n: number): string {
  // Go refuses NaN/Inf; print null rather than throwing. Finite numbers: JS and Go agree (shortest
  // round-trip digits, exponent form below 1e-6 and from 1e21, `1e-7` not `1e-07`).
  if (!Number.isFinite(n)) return 'null';
  if (Object.is(n, -0)) return '-0';
  return JSON.stringify(n);
}

/** Object entries in the order they are printed (see the module comment). */
export function orderedEntries(obj: Record<string, unknown>): [string, unknown][] {
  const entries = Object.entries(obj).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.some(([k]) => isIndexKey(k))) entries.sort(([a], [b]) => goCompareStrings(a, b));
  return entries;
}

function write(value: unknown, indent: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return write((value as { toJSON: () => unknown }).toJSON(), indent);
  }
  const inner = indent + INDENT;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => `${inner}${write(v === undefined || typeof v === 'function' ? null : v, inner)}`);
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object') {
    const entries = orderedEntries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    const items = entries.map(([k, v]) => `${inner}${goJsonString(k)}: ${write(v, inner)}`);
    return `{\n${items.join(',\n')}\n${indent}}`;
  }
  return 'null';
}

/** `json.MarshalIndent(value, "", "  ")` followed by `\n`. */
export function formatJson(value: unknown): string {
  return `${write(value, '')}\n`;
}
