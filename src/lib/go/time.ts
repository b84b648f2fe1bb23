/**
 * Duration syntaxes Kuma decodes.
 *
 * - Go's time.ParseDuration (policies' durations, proto Duration fields): `1h30m`, `1.5s`, `500ms`,
 *   `-1s`, `0`; units ns us µs μs ms s m h; no `d`.
 * - Kuma's own format (pkg/util/time ParseDuration; Mesh dpCert rotation, builtin CA expiration):
 *   `0`, or digits followed by exactly one of y w d h m s ms.
 */

const GO_UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5
  'μs': 1_000n, // U+03BC
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const TWO_63 = 1n << 63n;

export type GoDurationResult = { ok: true; nanoseconds: number } | { ok: false; error: string };

type ExactResult = { ok: true; nanoseconds: bigint } | { ok: false; error: string };

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/**
 * Go's time.ParseDuration to the nanosecond: the same overflow limits (int64), a fraction finer than
 * a nanosecond truncated the way Go computes it (in float64), Go's exact error texts.
 */
function parseExact(input: string): ExactResult {
  const quoted = JSON.stringify(input);
  const invalid: ExactResult = { ok: false, error: `time: invalid duration ${quoted}` };
  let s = input;
  let negative = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, nanoseconds: 0n };
  if (s === '') return invalid;
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) return invalid;
    // integer part
    let i = 0;
    let v = 0n;
    while (isDigit(s[i])) {
      if (v > TWO_63 / 10n) return invalid;
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > TWO_63) return invalid;
      i++;
    }
    const hasInt = i > 0;
    s = s.slice(i);
    // fraction: digits past int64 precision are read but ignored, as Go does
    let f = 0n;
    let scale = 1;
    let hasFrac = false;
    if (s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      while (isDigit(s[j])) {
        if (!overflow) {
          const y = f * 10n + BigInt(s.charCodeAt(j) - 48);
          if (f > (TWO_63 - 1n) / 10n || y > TWO_63) overflow = true;
          else {
            f = y;
            scale *= 10;
          }
        }
        j++;
      }
      hasFrac = j > 0;
      s = s.slice(j);
    }
    if (!hasInt && !hasFrac) return invalid;
    // unit: everything up to the next digit or '.'
    let k = 0;
    while (k < s.length && s[k] !== '.' && !isDigit(s[k])) k++;
    if (k === 0) return { ok: false, error: `time: missing unit in duration ${quoted}` };
    const unitName = s.slice(0, k);
    s = s.slice(k);
    const unit = GO_UNITS[unitName];
    if (unit === undefined) return { ok: false, error: `time: unknown unit ${JSON.stringify(unitName)} in duration ${quoted}` };
    if (v > TWO_63 / unit) return invalid;
    v *= unit;
    if (f > 0n) {
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > TWO_63) return invalid;
    }
    total += v;
    if (total > TWO_63) return invalid;
  }
  if (negative) return { ok: true, nanoseconds: -total };
  if (total > TWO_63 - 1n) return invalid;
  return { ok: true, nanoseconds: total };
}

/** Go's time.ParseDuration, with Go's exact error texts. */
export function parseGoDuration(input: string): GoDurationResult {
  const r = parseExact(input);
  return r.ok ? { ok: true, nanoseconds: Number(r.nanoseconds) } : r;
}

/** The nanoseconds of a Go duration string, exactly; undefined when Go would not parse it. */
export function goDurationNanoseconds(input: string): bigint | undefined {
  const r = parseExact(input);
  return r.ok ? r.nanoseconds : undefined;
}

/** `int` with `digits` decimals, trailing zeros (and then the point) dropped: Go's fmtFrac + fmtInt. */
function withFraction(value: bigint, digits: number): string {
  const unit = 10n ** BigInt(digits);
  const frac = (value % unit).toString().padStart(digits, '0').replace(/0+$/, '');
  return frac === '' ? `${value / unit}` : `${value / unit}.${frac}`;
}

/** Go's time.Duration.String(): `1h0m0s`, `5m0s`, `500ms`, `1.5s`, `1µs`, `0s`. */
export function formatGoDuration(nanoseconds: bigint): string {
  if (nanoseconds === 0n) return '0s';
  const sign = nanoseconds < 0n ? '-' : '';
  const u = nanoseconds < 0n ? -nanoseconds : nanoseconds;
  if (u < 1_000n) return `${sign}${u}ns`;
  if (u < 1_000_000n) return `${sign}${withFraction(u, 3)}µs`; // U+00B5, as Go prints it
  if (u < 1_000_000_000n) return `${sign}${withFraction(u, 6)}ms`;
  const seconds = withFraction(u % 60_000_000_000n, 9);
  const minutes = u / 60_000_000_000n;
  if (minutes === 0n) return `${sign}${seconds}s`;
  const hours = minutes / 60n;
  if (hours === 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${hours}h${minutes % 60n}m${seconds}s`;
}

/**
 * A google.protobuf.Duration as protobuf JSON (Kuma's jsonpb) writes it: seconds, with 0, 3, 6 or 9
 * decimals as the precision needs (`3600s`, `0.500s`, `1.000000001s`).
 */
export function formatProtoDuration(nanoseconds: bigint): string {
  const sign = nanoseconds < 0n ? '-' : '';
  const u = nanoseconds < 0n ? -nanoseconds : nanoseconds;
  let text = `${u / 1_000_000_000n}.${(u % 1_000_000_000n).toString().padStart(9, '0')}`;
  for (const cut of ['000', '000', '.000']) if (text.endsWith(cut)) text = text.slice(0, -cut.length);
  return `${sign}${text}s`;
}

/** A policy duration (metav1.Duration) as kuma-cp writes it back; undefined when Go cannot parse it. */
export function canonicalGoDuration(input: string): string | undefined {
  const ns = goDurationNanoseconds(input);
  return ns === undefined ? undefined : formatGoDuration(ns);
}

/** A proto Duration field as kuma-cp writes it back; undefined when Go cannot parse it. */
export function canonicalProtoDuration(input: string): string | undefined {
  const ns = goDurationNanoseconds(input);
  return ns === undefined ? undefined : formatProtoDuration(ns);
}

const KUMA_DURATION = /^(\d+)(y|w|d|h|m|s|ms)$/;

/** Kuma's single-unit duration format (`0`, `10y`, `30d`, `500ms`). */
export function isKumaDuration(input: string): boolean {
  return input === '0' || KUMA_DURATION.test(input);
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
