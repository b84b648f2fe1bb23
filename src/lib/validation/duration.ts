/**
 * Duration syntaxes Kuma decodes.
 *
 * - Go's time.ParseDuration (policies' durations, proto Duration fields): `1h30m`, `1.5s`, `500ms`,
 *   `-1s`, `0`; units ns us µs μs ms s m h; no `d`.
 * - Kuma's own format (pkg/util/time ParseDuration; Mesh dpCert rotation, builtin CA expiration):
 *   `0`, or digits followed by exactly one of y w d h m s ms.
 */

const GO_UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3, // U+00B5
  'μs': 1e3, // U+03BC
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const MAX_NS = 9223372036854775807; // int64 (as a double: what matters is the overflow check)

export type GoDurationResult = { ok: true; nanoseconds: number } | { ok: false; error: string };

/** Go's time.ParseDuration, with Go's exact error texts. */
export function parseGoDuration(input: string): GoDurationResult {
  const quoted = JSON.stringify(input);
  const invalid = (): GoDurationResult => ({ ok: false, error: `time: invalid duration ${quoted}` });
  let s = input;
  let negative = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, nanoseconds: 0 };
  if (s === '') return invalid();
  let total = 0;
  while (s !== '') {
    // number part: digits, optional fraction
    let i = 0;
    while (i < s.length && s[i]! >= '0' && s[i]! <= '9') i++;
    const intPart = s.slice(0, i);
    let fracPart = '';
    let rest = s.slice(i);
    if (rest.startsWith('.')) {
      rest = rest.slice(1);
      let j = 0;
      while (j < rest.length && rest[j]! >= '0' && rest[j]! <= '9') j++;
      fracPart = rest.slice(0, j);
      rest = rest.slice(j);
      if (intPart === '' && fracPart === '') return invalid();
    } else if (intPart === '') {
      return invalid();
    }
    // unit part: everything up to the next digit or '.'
    let k = 0;
    while (k < rest.length && rest[k] !== '.' && !(rest[k]! >= '0' && rest[k]! <= '9')) k++;
    const unit = rest.slice(0, k);
    if (unit === '') return { ok: false, error: `time: missing unit in duration ${quoted}` };
    const scale = GO_UNITS[unit];
    if (scale === undefined) return { ok: false, error: `time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}` };
    const value = Number(intPart === '' ? '0' : intPart) * scale + (fracPart === '' ? 0 : Number(`0.${fracPart}`) * scale);
    total += value;
    if (total > MAX_NS) return invalid();
    s = rest.slice(k);
  }
  return { ok: true, nanoseconds: negative ? -total : total };
}

const KUMA_DURATION = /^(\d+)(y|w|d|h|m|s|ms)$/;

/** Kuma's single-unit duration format (`0`, `10y`, `30d`, `500ms`). */
export function isKumaDuration(input: string): boolean {
  return input === '0' || KUMA_DURATION.test(input);
}

/** Go's time.Duration.String(): `1h0m0s`, `5m0s`, `500ms`, `0s`, `1.5s`. */
export function formatGoDuration(nanoseconds: number): string {
  if (nanoseconds === 0) return '0s';
  const neg = nanoseconds < 0;
  let ns = Math.abs(Math.round(nanoseconds));
  let out: string;
  if (ns < 1e9) {
    if (ns < 1e3) out = `${ns}ns`;
    else if (ns < 1e6) out = `${trimFraction(ns / 1e3)}µs`;
    else out = `${trimFraction(ns / 1e6)}ms`;
  } else {
    const h = Math.floor(ns / 3600e9);
    ns -= h * 3600e9;
    const m = Math.floor(ns / 60e9);
    ns -= m * 60e9;
    const sec = trimFraction(ns / 1e9);
    out = h > 0 ? `${h}h${m}m${sec}s` : m > 0 ? `${m}m${sec}s` : `${sec}s`;
  }
  return neg ? `-${out}` : out;
}

function trimFraction(n: number): string {
  return Number(n.toFixed(9)).toString();
}

const KUMA_UNIT_MS: Record<string, number> = {
  y: 365 * 24 * 3600e3,
  w: 7 * 24 * 3600e3,
  d: 24 * 3600e3,
  h: 3600e3,
  m: 60e3,
  s: 1e3,
  ms: 1,
};

/**
 * Kuma's ParseDuration (`pkg/core/resources/apis/mesh`), in milliseconds: `0`, or digits and one unit of
 * y (365 d) w d h m s ms. Returns undefined when `isKumaDuration` would reject the string.
 */
export function parseKumaDuration(input: string): number | undefined {
  if (input === '0') return 0;
  const match = KUMA_DURATION.exec(input);
  if (match === null) return undefined;
  const unit = KUMA_UNIT_MS[match[2]!];
  if (unit === undefined) return undefined;
  return Number(match[1]) * unit;
}
