/**
 * The token endpoints of kuma-cp 2.14's API server (`pkg/tokens/builtin/server`,
 * `pkg/plugins/authn/api-server/tokens/ws/server`): `POST /tokens/dataplane`, `/tokens/zone`, `/tokens/user`,
 * their request checks in kuma-cp's order and texts, and the signing keys they sign with:
 *
 * - dataplane tokens: the Secrets `dataplane-token-signing-key-<mesh>-<serial>` of the token's mesh;
 * - zone tokens: the GlobalSecrets `zone-token-signing-key-<serial>`;
 * - user tokens: the GlobalSecrets `user-token-signing-key-<serial>`.
 *
 * The key with the highest serial signs, and its serial is the token's `kid`. A token is answered as
 * `text/plain`. The control plane can verify the tokens it issued (`verify`).
 */
import type { KeyObject } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import { isRecord, asString as str } from '../json.js';
import { parseGoDuration } from '../go/time.js';
import { privateKeyFromBytes } from '../tokens/keys.js';
import { dataplaneClaims, signToken, userClaims, verifyToken, zoneClaims, SigningKeyNotFound, type TokenKind } from '../tokens/jwt.js';
import { ApiError, PlainError, validationError } from './api-error.js';
import type { Caller } from './engine.js';
import type { Store } from './store/types.js';

export const ZONE_TOKEN_SIGNING_KEY_PREFIX = 'zone-token-signing-key';
export const USER_TOKEN_SIGNING_KEY_PREFIX = 'user-token-signing-key';
export const dataplaneTokenSigningKeyPrefix = (mesh: string) => `dataplane-token-signing-key-${mesh}`;
/** The serial kuma-cp gives the signing keys it creates. */
export const DEFAULT_KEY_ID = '1';

const TEN_YEARS_MS = 10 * 365 * 24 * 3600e3;
const ADMIN_GROUP = 'mesh-system:admin';
const ISSUE_TITLE = 'Could not issue a token';
const INVALID_TITLE = 'Invalid request';

type FieldKind = 'string' | 'strings' | 'tags';
type Decoded = Record<string, string | string[] | Record<string, string[]> | null>;

/** The signing key of a kind: which secrets, where, and kuma-cp's text when none is there. */
interface KeySet {
  type: 'Secret' | 'GlobalSecret';
  mesh: string;
  prefix: string;
}

function keySet(kind: TokenKind, mesh: string): KeySet {
  if (kind === 'dataplane') return { type: 'Secret', mesh, prefix: dataplaneTokenSigningKeyPrefix(mesh) };
  return { type: 'GlobalSecret', mesh: '', prefix: kind === 'zone' ? ZONE_TOKEN_SIGNING_KEY_PREFIX : USER_TOKEN_SIGNING_KEY_PREFIX };
}

/** kuma-cp's `SigningKeyNotFound` text (`key ID "0"` is the unnumbered key of Kuma 1.3). */
function notFoundText(set: KeySet, kid: string): string {
  const name = kid === '0' ? set.prefix : `${set.prefix}-${kid}`;
  if (set.mesh === '') return `there is no signing key with KID ${kid}. GlobalSecret of name ${JSON.stringify(name)} is not found. If signing key was rotated, regenerate the token`;
  return `there is no signing key with KID ${kid}. Secret of name ${JSON.stringify(name)} in mesh ${JSON.stringify(set.mesh)} is not found. If signing key was rotated, regenerate the token`;
}

function secretBytes(spec: Record<string, unknown>): Buffer {
  return Buffer.from(typeof spec.data === 'string' ? spec.data : '', 'base64');
}

/** Go's strconv.Atoi as kuma-cp applies it to what follows `<prefix>-`: 0 when it is not a number. */
function serialOf(name: string, prefix: string): number {
  const rest = name.split(`${prefix}-`).join('');
  return /^[+-]?\d+$/.test(rest) && Number.isSafeInteger(Number(rest)) ? Number(rest) : 0;
}

export class TokenService {
  constructor(private readonly store: Store) {}

  /** The signing key with the highest serial, and that serial as the `kid`. */
  latestSigningKey(kind: TokenKind, mesh = ''): { key: KeyObject; kid: string } {
    const set = keySet(kind, mesh);
    const secrets = this.store.list({ type: set.type, ...(set.type === 'Secret' ? { mesh: set.mesh } : {}), offset: 0, limit: Number.MAX_SAFE_INTEGER }).items;
    let best: { spec: Record<string, unknown>; serial: number } | undefined;
    for (const s of secrets) {
      if (!s.name.startsWith(set.prefix)) continue;
      const serial = serialOf(s.name, set.prefix);
      if (best === undefined || serial > best.serial) best = { spec: s.spec, serial };
    }
    if (best === undefined) throw new SigningKeyNotFound(DEFAULT_KEY_ID, notFoundText(set, DEFAULT_KEY_ID));
    return { key: privateKeyFromBytes(secretBytes(best.spec)), kid: String(best.serial) };
  }

  /** The public key of the signing key `kid` of a kind; undefined when that secret does not exist. */
  publicKey(kind: TokenKind, mesh: string, kid: string): KeyObject | undefined {
    const set = keySet(kind, mesh);
    const secret = this.store.get(set.type, set.mesh, kid === '0' ? set.prefix : `${set.prefix}-${kid}`);
    return secret === undefined ? undefined : createPublicKey(privateKeyFromBytes(secretBytes(secret.spec)));
  }

  /**
   * Verify a token this control plane issued: signature with the key its `kid` names, `nbf`, `exp`; for a
   * dataplane token, against the keys of `mesh` (kuma-cp checks a proxy's token with its mesh's keys).
   * Answers the claims; throws with kuma-cp's texts otherwise.
   */
  async verify(kind: TokenKind, token: string, mesh = ''): Promise<Record<string, unknown>> {
    const set = keySet(kind, mesh);
    try {
      return await verifyToken(token, (kid) => this.publicKey(kind, mesh, kid));
    } catch (err) {
      if (err instanceof SigningKeyNotFound) throw new SigningKeyNotFound(err.kid, notFoundText(set, err.kid));
      throw err;
    }
  }

  /** Answer `POST /tokens/<kind>`: the token, or an ApiError / PlainError as kuma-cp answers. */
  async issue(kind: TokenKind, bodyText: string, caller: Caller): Promise<string> {
    if (kind === 'user') return this.issueUser(bodyText, caller);
    if (kind === 'zone') return this.issueZone(bodyText, caller);
    return this.issueDataplane(bodyText, caller);
  }

  private async issueDataplane(bodyText: string, caller: Caller): Promise<string> {
    const req = readEntity(bodyText, { name: 'string', mesh: 'string', tags: 'tags', type: 'string', workload: 'string', validFor: 'string' });
    const violations: Array<{ field: string; message: string }> = [];
    const mesh = str(req.mesh);
    if (mesh === '') violations.push({ field: 'mesh', message: 'cannot be empty' });
    const validFor = validForOf(str(req.validFor), violations, { required: false });
    const type = str(req.type);
    if (type !== '' && !['dataplane', 'ingress', 'egress'].includes(type)) violations.push({ field: 'type', message: `${type} is not a valid proxy type` });
    if (violations.length > 0) throw validationError(INVALID_TITLE, violations);
    requireGroup(caller, 'generate dataplane token');
    const tags = (req.tags ?? {}) as Record<string, string[] | null>;
    const claims = dataplaneClaims({
      name: str(req.name),
      mesh,
      tags: Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, v ?? []])),
      type,
      workload: str(req.workload),
    });
    return this.sign('dataplane', mesh, claims, validFor);
  }

  private async issueZone(bodyText: string, caller: Caller): Promise<string> {
    const req = readEntity(bodyText, { zone: 'string', scope: 'strings', validFor: 'string' });
    const zone = str(req.zone);
    requireGroup(caller, `generate zone token for zone '${zone}'`);
    const violations: Array<{ field: string; message: string }> = [];
    if (req.scope === null || req.scope === undefined) violations.push({ field: 'scope', message: 'cannot be empty' });
    const validFor = validForOf(str(req.validFor), violations, { required: false });
    if (violations.length > 0) throw validationError(INVALID_TITLE, violations);
    return this.sign('zone', '', zoneClaims({ zone, scope: req.scope as string[] }), validFor);
  }

  private async issueUser(bodyText: string, caller: Caller): Promise<string> {
    if (!caller.groups.includes(ADMIN_GROUP)) throw new ApiError(403, 'Access Denied', 'action not allowed');
    const req = readEntity(bodyText, { name: 'string', groups: 'strings', validFor: 'string' });
    const violations: Array<{ field: string; message: string }> = [];
    const name = str(req.name);
    if (name === '') violations.push({ field: 'name', message: 'cannot be empty' });
    const validFor = validForOf(str(req.validFor), violations, { required: true });
    if (violations.length > 0) throw validationError(INVALID_TITLE, violations);
    return this.sign('user', '', userClaims({ name, groups: (req.groups as string[] | null | undefined) ?? null }), validFor);
  }

  private async sign(kind: TokenKind, mesh: string, claims: object, validForMs: number): Promise<string> {
    let signing: { key: KeyObject; kid: string };
    try {
      signing = this.latestSigningKey(kind, mesh);
    } catch (err) {
      if (err instanceof SigningKeyNotFound) throw new ApiError(404, 'Signing Key not found', err.message);
      throw new ApiError(500, ISSUE_TITLE, 'Internal Server Error');
    }
    return signToken(claims, signing.key, signing.kid, validForMs);
  }
}

/** kuma-cp's group check for generating tokens (static access: the `mesh-system:admin` group). */
function requireGroup(caller: Caller, action: string): void {
  if (!caller.groups.includes(ADMIN_GROUP)) {
    throw new ApiError(403, 'Access Denied', `user ${JSON.stringify(`${caller.name}/${caller.groups.join(',')}`)} cannot access ${action}`);
  }
}

/**
 * `validFor` as kuma-cp reads it: empty is 10 years for dataplane and zone tokens, and "cannot be empty"
 * for user tokens, which also refuse a zero duration (and so a duration that does not parse gets both).
 */
function validForOf(raw: string, violations: Array<{ field: string; message: string }>, opts: { required: boolean }): number {
  if (raw === '') {
    if (opts.required) violations.push({ field: 'validFor', message: 'cannot be empty' });
    return TEN_YEARS_MS;
  }
  const parsed = parseGoDuration(raw);
  const ns = parsed.ok ? parsed.nanoseconds : 0;
  if (!parsed.ok) violations.push({ field: 'validFor', message: `is invalid: ${parsed.error}` });
  if (opts.required && ns === 0) violations.push({ field: 'validFor', message: 'cannot be empty or nil' });
  return ns / 1e6;
}

/**
 * A request body decoded as Go's encoding/json fills a struct: keys matched case-insensitively (a later
 * key wins), unknown keys ignored, `null` leaves a field empty, a value of the wrong type fails. A body
 * that does not decode is a 400 with no body, as kuma-cp answers it.
 */
function readEntity(text: string, fields: Record<string, FieldKind>): Decoded {
  const bad = () => new PlainError(400, '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw bad();
  }
  const out: Decoded = {};
  if (json === null) return out;
  if (!isRecord(json)) throw bad();
  const byLower = new Map(Object.keys(fields).map((f) => [f.toLowerCase(), f]));
  for (const [key, value] of Object.entries(json)) {
    const field = byLower.get(key.toLowerCase());
    if (field === undefined) continue;
    if (value === null) {
      out[field] = null;
      continue;
    }
    const kind = fields[field]!;
    if (kind === 'string') {
      if (typeof value !== 'string') throw bad();
      out[field] = value;
    } else if (kind === 'strings') {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' || v === null)) throw bad();
      out[field] = value.map((v) => (v === null ? '' : (v as string)));
    } else {
      if (!isRecord(value)) throw bad();
      const tags: Record<string, string[]> = {};
      for (const [k, v] of Object.entries(value)) {
        if (v === null) continue;
        if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' || s === null)) throw bad();
        tags[k] = v.map((s) => (s === null ? '' : (s as string)));
      }
      out[field] = tags;
    }
  }
  return out;
}
