/**
 * The JWTs kuma-cp 2.14 issues (`pkg/core/tokens/issuer.go` and the claims of each kind): RS256, header
 * `{"alg":"RS256","kid":"<serial of the signing key>","typ":"JWT"}`, the kind's claims first (Go field
 * names, no JSON tags), then `exp`, `nbf`, `iat` and `jti`. `iat` and `nbf` are five seconds in the past
 * (kuma-cp's allowed clock skew) and `exp` is `iat + validFor + 5s`, all in whole seconds.
 *
 * Signing and verifying go through `jose`, loaded only when a token is made or checked.
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import { goMarshal } from '../go/json.js';

export type TokenKind = 'dataplane' | 'zone' | 'user';

export interface DataplaneIdentity {
  name: string;
  mesh: string;
  /** Tag name → allowed values. */
  tags: Record<string, string[]>;
  /** `dataplane`, `ingress`, `egress` or empty. */
  type: string;
  workload: string;
}

export interface ZoneIdentity {
  zone: string;
  /** `null` when the request had none (kuma-cp refuses that), as Go's nil slice. */
  scope: string[] | null;
}

export interface UserIdentity {
  name: string;
  groups: string[] | null;
}

export interface RegisteredClaims {
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
}

export type DataplaneClaims = { Name: string; Mesh: string; Tags: Record<string, string[]>; Type: string; Workload: string } & RegisteredClaims;
export type ZoneClaims = { Zone: string; Scope: string[] | null } & RegisteredClaims;
export type UserClaims = { Name: string; Groups: string[] | null } & RegisteredClaims;

const CLOCK_SKEW_MS = 5_000;

let joseModule: Promise<typeof import('jose')> | undefined;
/** `jose`, loaded on first use (a CLI that makes no token never pays for it). */
export function loadJose(): Promise<typeof import('jose')> {
  joseModule ??= import('jose');
  return joseModule;
}

/** A dataplane identity's claims: tag values deduplicated and sorted, tag names sorted (Go's map order). */
export function dataplaneClaims(id: DataplaneIdentity): Omit<DataplaneClaims, keyof RegisteredClaims> {
  const tags: Record<string, string[]> = {};
  for (const name of Object.keys(id.tags).sort()) {
    const values = [...new Set(id.tags[name])].sort();
    if (values.length > 0) tags[name] = values;
  }
  return { Name: id.name, Mesh: id.mesh, Tags: tags, Type: id.type, Workload: id.workload };
}

export function zoneClaims(id: ZoneIdentity): Omit<ZoneClaims, keyof RegisteredClaims> {
  return { Zone: id.zone, Scope: id.scope };
}

export function userClaims(id: UserIdentity): Omit<UserClaims, keyof RegisteredClaims> {
  return { Name: id.name, Groups: id.groups };
}

/**
 * Sign `claims` with `key` (RS256), naming the key `kid`. `validForMs` may be fractional or negative,
 * as Go's durations may be. `now` is for tests.
 */
export async function signToken(claims: object, key: KeyObject, kid: string, validForMs: number, now: number = Date.now()): Promise<string> {
  const { CompactSign } = await loadJose();
  const issued = now - CLOCK_SKEW_MS;
  const payload = {
    ...claims,
    exp: Math.floor((issued + validForMs + CLOCK_SKEW_MS) / 1000),
    nbf: Math.floor(issued / 1000),
    iat: Math.floor(issued / 1000),
    jti: randomUUID(),
  };
  // The claims as Go's encoding/json writes them (golang-jwt marshals with it), so the token's bytes
  // are what kuma-cp would make of the same claims: <, >, & and U+2028/U+2029 escaped.
  const bytes = new TextEncoder().encode(goMarshal(payload));
  return new CompactSign(bytes).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(key);
}

export interface DecodedToken {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/** The header and claims of a token, unverified. Throws when it is not a JWT. */
export async function decodeToken(token: string): Promise<DecodedToken> {
  const { decodeJwt, decodeProtectedHeader } = await loadJose();
  return { header: decodeProtectedHeader(token) as Record<string, unknown>, payload: decodeJwt(token) as Record<string, unknown> };
}

/**
 * Verify a token as kuma-cp's validator does: RS256 only, a `kid` header, the key for that `kid`
 * (`publicKeyFor` answers undefined when there is none), the signature, `nbf` and `exp`.
 * Throws an Error with kuma-cp's wording where it has one.
 */
export async function verifyToken(token: string, publicKeyFor: (kid: string) => KeyObject | undefined | Promise<KeyObject | undefined>, now: number = Date.now()): Promise<Record<string, unknown>> {
  const jose = await loadJose();
  let header: Record<string, unknown>;
  try {
    header = jose.decodeProtectedHeader(token) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`could not parse token: ${(err as Error).message}`);
  }
  if (!('kid' in header)) throw new Error('could not parse token: JWT token must have kid header');
  if (typeof header.kid !== 'string') throw new Error('could not parse token: JWT token kid header must be a string');
  if (header.alg !== 'RS256') throw new Error(`could not parse token: unsupported token alg ${String(header.alg)}. Allowed algorithms are RS256`);
  const key = await publicKeyFor(header.kid);
  if (key === undefined) throw new SigningKeyNotFound(header.kid);
  try {
    const { payload } = await jose.jwtVerify(token, key, { algorithms: ['RS256'], currentDate: new Date(now) });
    return payload as Record<string, unknown>;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && (err as { claim?: string }).claim === 'nbf') {
      throw new Error(
        "token is not yet valid: 'valid_from' date is in the future. Check if the system clock on the instance that issued the token is set correctly",
      );
    }
    if (code === 'ERR_JWT_EXPIRED') throw new Error('could not parse token: token has invalid claims: token is expired');
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') throw new Error('could not parse token: token signature is invalid: crypto/rsa: verification error');
    throw new Error(`could not parse token: ${(err as Error).message}`);
  }
}

/** No signing key with the token's `kid` (kuma-cp's `SigningKeyNotFound`; its text is set by who knows the key's name). */
export class SigningKeyNotFound extends Error {
  constructor(readonly kid: string, message?: string) {
    super(message ?? `there is no signing key with KID ${kid}`);
    this.name = 'SigningKeyNotFound';
  }
}
