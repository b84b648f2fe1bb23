/*
 * github.com/spiffe/go-spiffe/v2/spiffeid at v2.6.0 (the version Kuma 2.14.3 builds with): FromString's
 * checks and error texts. Bytes are compared as Go does: any non-ASCII byte is refused, like every other
 * byte outside the allowed sets.
 */

const SPIFFE_SCHEME = 'spiffe://';

/** Trust-domain and path-segment bytes. */
function isTrustDomainByte(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x5f;
}

function isPathSegmentByte(c: number): boolean {
  return isTrustDomainByte(c) || (c >= 0x41 && c <= 0x5a);
}

/** `spiffeid.FromString`: undefined when `id` is a valid SPIFFE ID, otherwise its error text. */
export function spiffeIdProblem(id: string): string | undefined {
  if (id === '') return 'cannot be empty';
  if (!id.startsWith(SPIFFE_SCHEME)) return 'scheme is missing or invalid';
  const bytes = Buffer.from(id, 'utf8');
  let i = SPIFFE_SCHEME.length;
  for (; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 0x2f) break;
    if (!isTrustDomainByte(c)) return 'trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores';
  }
  if (i === SPIFFE_SCHEME.length) return 'trust domain is missing';
  return spiffePathProblem(bytes.subarray(i));
}

function spiffePathProblem(path: Buffer): string | undefined {
  if (path.length === 0) return undefined;
  if (path[0] !== 0x2f) return 'path must have a leading slash';
  const segment = (from: number, to: number): string => path.subarray(from, to).toString('latin1');
  let start = 0;
  let end = 0;
  for (; end < path.length; end++) {
    const c = path[end]!;
    if (c === 0x2f) {
      const seg = segment(start, end);
      if (seg === '/') return 'path cannot contain empty segments';
      if (seg === '/.' || seg === '/..') return 'path cannot contain dot segments';
      start = end;
      continue;
    }
    if (!isPathSegmentByte(c)) return 'path segment characters are limited to letters, numbers, dots, dashes, and underscores';
  }
  const last = segment(start, end);
  if (last === '/') return 'path cannot have a trailing slash';
  if (last === '/.' || last === '/..') return 'path cannot contain dot segments';
  return undefined;
}
