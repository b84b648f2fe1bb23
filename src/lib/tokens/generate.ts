/**
 * What `kumactl generate dataplane-token | zone-token | user-token | signing-key | public-key` do
 * (kumactl 2.14.3, `app/kumactl/cmd/generate`): the request each sends to the control plane, or the
 * token signed here with a key file (`--signing-key-path` + `--kid`), with kumactl's texts.
 */
import { readFileSync } from 'node:fs';
import { UsageError, InputError } from '../errors.js';
import { formatGoDuration, parseGoDuration } from '../go/time.js';
import type { KumaClient } from '../client/index.js';
import { createSigningKey } from '../control-plane/pki/index.js';
import { goReadFileError } from '../go/os.js';
import { isPrivateKeyPem, privateKeyFromBytes, publicKeyPem, readSigningKeyFile } from './keys.js';
import { dataplaneClaims, signToken, userClaims, zoneClaims } from './jwt.js';

export const FULL_ZONE_SCOPE = ['ingress', 'egress'];

/** A `--valid-for` value: Go's time.ParseDuration, in nanoseconds; pflag's text when it does not parse. */
export function parseValidFor(raw: string, flag = 'valid-for'): number {
  const parsed = parseGoDuration(raw);
  if (!parsed.ok) throw new UsageError(`invalid argument ${JSON.stringify(raw)} for "--${flag}" flag: ${parsed.error}`);
  return parsed.nanoseconds;
}

/** One line of CSV as Go's encoding/csv reads it (pflag's slices and maps): fields split on commas, "..." quoting. */
export function readCsvLine(value: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (value[i] === '"') {
      i++;
      for (;;) {
        if (i >= value.length) throw new Error(`parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`);
        if (value[i] === '"') {
          if (value[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += value[i++];
      }
      if (i < value.length && value[i] !== ',') throw new Error(`parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`);
    } else {
      const end = value.indexOf(',', i);
      field = end < 0 ? value.slice(i) : value.slice(i, end);
      if (field.includes('"')) throw new Error(`parse error on line 1, column ${i + field.indexOf('"') + 1}: bare " in non-quoted-field`);
      i = end < 0 ? value.length : end;
    }
    fields.push(field);
    if (i >= value.length) return fields;
    i++; // the comma
  }
}

/** pflag's StringSlice: each occurrence is a CSV line; an empty occurrence adds nothing. */
export function parseStringSlice(values: readonly string[], flag: string): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (v === '') continue;
    try {
      out.push(...readCsvLine(v));
    } catch (err) {
      throw new UsageError(`invalid argument ${JSON.stringify(v)} for "--${flag}" flag: ${(err as Error).message}`);
    }
  }
  return out;
}

/**
 * pflag's StringToString (`--tag k=v,k2=v2`, repeatable, later keys win), then kumactl's split of each value
 * on commas into the tag's allowed values: `--tag kuma.io/service=web,web-api` is one tag with two values
 * (a value with a single `=` is one pair whatever its commas).
 */
export function parseTags(values: readonly string[]): Record<string, string[]> {
  const pairs: Record<string, string> = {};
  for (const v of values) {
    const equals = v.split('=').length - 1;
    if (equals === 0) throw new UsageError(`invalid argument ${JSON.stringify(v)} for "--tag" flag: ${v} must be formatted as key=value`);
    let items: string[];
    if (equals === 1) items = [v.replace(/^"+|"+$/g, '')];
    else {
      try {
        items = readCsvLine(v);
      } catch (err) {
        throw new UsageError(`invalid argument ${JSON.stringify(v)} for "--tag" flag: ${(err as Error).message}`);
      }
    }
    for (const item of items) {
      const at = item.indexOf('=');
      if (at < 0) throw new UsageError(`invalid argument ${JSON.stringify(v)} for "--tag" flag: ${item} must be formatted as key=value`);
      pairs[item.slice(0, at)] = item.slice(at + 1);
    }
  }
  return Object.fromEntries(Object.entries(pairs).map(([k, v]) => [k, v.split(',')]));
}

export interface OfflineKey {
  signingKeyPath?: string;
  kid?: string;
}

/** The offline signing flags of the token commands, as OfflineKey options. */
export function offlineKeyFlags(flags: { 'signing-key-path'?: string; kid?: string }): OfflineKey {
  return { ...(flags['signing-key-path'] !== undefined ? { signingKeyPath: flags['signing-key-path'] } : {}), ...(flags.kid !== undefined ? { kid: flags.kid } : {}) };
}

/** kumactl's rule: `--kid` goes with `--signing-key-path` and only with it. */
export function offlineSigning(opts: OfflineKey): { path: string; kid: string } | undefined {
  if (opts.signingKeyPath !== undefined && opts.signingKeyPath !== '') {
    if (opts.kid === undefined || opts.kid === '') throw new UsageError('--kid is required when --signing-key-path is used', 'pass the ID of the key, as the control plane knows it (the serial of its signing key secret, e.g. 1)');
    return { path: opts.signingKeyPath, kid: opts.kid };
  }
  if (opts.kid !== undefined && opts.kid !== '') throw new UsageError('--kid cannot be used when --signing-key-path is used', 'without --signing-key-path the control plane signs with its own key; drop --kid');
  return undefined;
}

export interface DataplaneTokenOptions extends OfflineKey {
  name: string;
  mesh: string;
  proxyType: string;
  tags: Record<string, string[]>;
  workload: string;
  validForNs: number;
}

/** `kumactl generate dataplane-token`. Offline when a key file is given; otherwise `client` asks the control plane. */
export async function generateDataplaneToken(opts: DataplaneTokenOptions, client: () => KumaClient | Promise<KumaClient>): Promise<string> {
  const offline = offlineSigning(opts);
  if (offline) {
    const key = readSigningKeyFile(offline.path);
    const claims = dataplaneClaims({ name: opts.name, mesh: opts.mesh, tags: opts.tags, type: opts.proxyType, workload: opts.workload });
    return signToken(claims, key, offline.kid, opts.validForNs / 1e6);
  }
  const what = 'failed to generate a dataplane token';
  if (opts.validForNs === 0) throw new UsageError(`${what}: You must set a token validFor value`);
  const body = { name: opts.name, mesh: opts.mesh, tags: opts.tags, type: opts.proxyType, workload: opts.workload, validFor: formatGoDuration(BigInt(opts.validForNs)) };
  return (await client()).generateToken('dataplane', body, what);
}

export interface ZoneTokenOptions extends OfflineKey {
  zone: string;
  scope: string[];
  validForNs: number;
}

/** `kumactl generate zone-token`: scopes checked first, then offline or through the control plane. */
export async function generateZoneToken(opts: ZoneTokenOptions, client: () => KumaClient | Promise<KumaClient>): Promise<string> {
  const unsupported = opts.scope.filter((s) => !FULL_ZONE_SCOPE.includes(s));
  if (unsupported.length > 0) {
    throw new UsageError(`invalid --scope values: [${unsupported.join(' ')}] (supported scopes: [${FULL_ZONE_SCOPE.join(' ')}])`);
  }
  const offline = offlineSigning(opts);
  if (offline) {
    const key = readSigningKeyFile(offline.path);
    return signToken(zoneClaims({ zone: opts.zone, scope: opts.scope }), key, offline.kid, opts.validForNs / 1e6);
  }
  const body = { zone: opts.zone, scope: opts.scope, validFor: formatGoDuration(BigInt(opts.validForNs)) };
  return (await client()).generateToken('zone', body, 'failed to generate a zone token');
}

export interface UserTokenOptions extends OfflineKey {
  name: string;
  /** Undefined when no --group was given (sent as `null`, as kumactl does). */
  groups: string[] | undefined;
  validForNs: number;
}

/** `kumactl generate user-token`. */
export async function generateUserToken(opts: UserTokenOptions, client: () => KumaClient | Promise<KumaClient>): Promise<string> {
  const offline = offlineSigning(opts);
  if (offline) {
    const key = readSigningKeyFile(offline.path);
    return signToken(userClaims({ name: opts.name, groups: opts.groups ?? null }), key, offline.kid, opts.validForNs / 1e6);
  }
  const body = { name: opts.name, groups: opts.groups ?? null, validFor: formatGoDuration(BigInt(opts.validForNs)) };
  return (await client()).generateToken('user', body, 'failed to generate a user token');
}

export const SIGNING_KEY_FORMATS = ['pem-base64', 'pem'] as const;

/** `kumactl generate signing-key`: a new RSA 2048 key, PEM PKCS#1, base64 of it by default (no newline after it). */
export async function generateSigningKey(format: string): Promise<string> {
  if (!(SIGNING_KEY_FORMATS as readonly string[]).includes(format)) throw new UsageError('invalid format', `--format takes ${SIGNING_KEY_FORMATS.join(' or ')}`);
  const pem = await createSigningKey();
  return format === 'pem' ? pem : Buffer.from(pem).toString('base64');
}

/** `kumactl generate public-key`: the PEM `RSA PUBLIC KEY` of the signing key in `path`. */
export function generatePublicKey(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new InputError(`could not read a signing key file: ${goReadFileError(path, err)}`);
  }
  if (!isPrivateKeyPem(bytes.toString('latin1'))) {
    throw new InputError('provided file is not a PEM-encoded signing key', `${path} must hold a PEM "RSA PRIVATE KEY", as 'kumactl generate signing-key --format=pem' writes it`);
  }
  try {
    return publicKeyPem(privateKeyFromBytes(bytes));
  } catch (err) {
    throw new InputError(`could not extract public key: ${(err as Error).message}`);
  }
}
