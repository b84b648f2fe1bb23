/**
 * PKI for the local control plane: what kuma-cp 2.14 generates when a Mesh is created.
 *
 * - Builtin CA (`pkg/plugins/ca/builtin/ca.go`): RSA key (`caCert.RSAbits`, default 2048), self-signed certificate
 *   with subject `O=Kuma, OU=Mesh, CN=<mesh>`, basic constraints CA:true (critical), key usage keyCertSign + cRLSign
 *   (critical), a subject key identifier, SAN `URI:spiffe://<mesh>`, notBefore = now − 10 s (Kuma's allowed clock
 *   skew), notAfter = now + `caCert.expiration` (default 10 × 365 days), SHA-256 with RSA.
 *   One deliberate difference: Kuma uses serial number 0; we use a random positive 127-bit serial (RFC 5280 §4.1.2.2).
 * - Dataplane-token signing key (`pkg/util/rsa`): RSA 2048, PEM PKCS#1 (`RSA PRIVATE KEY`).
 * - Provided CA validation (`pkg/plugins/ca/provided/ca_cert_validator.go`), with Go's `tls.X509KeyPair` messages.
 *
 * Keys are PEM PKCS#1 as Go's `x509.MarshalPKCS1PrivateKey` writes them; certificates are PEM `CERTIFICATE` blocks
 * with 64-column base64 and a trailing newline, as Go's `pem.Encode` writes them.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  KeyObject,
  randomBytes,
  webcrypto,
} from 'node:crypto';
import type * as X509Lib from '@peculiar/x509';

import { parseKumaDuration } from '../go/time.js';

// ---------------------------------------------------------------------------------------------------------------
// @peculiar/x509 loading

/**
 * @peculiar/x509 depends on tsyringe, which needs `Reflect.getMetadata` & co. (normally the `reflect-metadata`
 * package). Rather than add a second dependency, install a minimal Reflect metadata shim when none is present.
 * It stores metadata per (target, property) in a WeakMap; `getMetadata` walks the prototype chain.
 */
function installReflectMetadataShim(): void {
  const R = Reflect as unknown as Record<string, unknown>;
  if (typeof R['getMetadata'] === 'function' && typeof R['getOwnMetadata'] === 'function') return;
  const store = new WeakMap<object, Map<PropertyKey | undefined, Map<unknown, unknown>>>();
  const table = (target: object, prop: PropertyKey | undefined, create: boolean): Map<unknown, unknown> | undefined => {
    let byProp = store.get(target);
    if (byProp === undefined) {
      if (!create) return undefined;
      byProp = new Map();
      store.set(target, byProp);
    }
    let byKey = byProp.get(prop);
    if (byKey === undefined && create) {
      byKey = new Map();
      byProp.set(prop, byKey);
    }
    return byKey;
  };
  const getOwnMetadata = (key: unknown, target: object, prop?: PropertyKey): unknown => table(target, prop, false)?.get(key);
  const hasOwnMetadata = (key: unknown, target: object, prop?: PropertyKey): boolean => table(target, prop, false)?.has(key) ?? false;
  const hasMetadata = (key: unknown, target: object, prop?: PropertyKey): boolean => {
    for (let t: object | null = target; t !== null; t = Object.getPrototypeOf(t) as object | null) {
      if (hasOwnMetadata(key, t, prop)) return true;
    }
    return false;
  };
  const getMetadata = (key: unknown, target: object, prop?: PropertyKey): unknown => {
    for (let t: object | null = target; t !== null; t = Object.getPrototypeOf(t) as object | null) {
      const m = table(t, prop, false);
      if (m?.has(key)) return m.get(key);
    }
    return undefined;
  };
  const defineMetadata = (key: unknown, value: unknown, target: object, prop?: PropertyKey): void => {
    table(target, prop, true)!.set(key, value);
  };
  const metadata =
    (key: unknown, value: unknown) =>
    (target: object, prop?: PropertyKey): void =>
      defineMetadata(key, value, target, prop);
  const fns: Record<string, unknown> = { getOwnMetadata, hasOwnMetadata, hasMetadata, getMetadata, defineMetadata, metadata };
  for (const [name, fn] of Object.entries(fns)) {
    if (typeof R[name] !== 'function') Object.defineProperty(Reflect, name, { value: fn, writable: true, configurable: true });
  }
}

let x509Module: Promise<typeof X509Lib> | undefined;

/** Loads @peculiar/x509 lazily (it is only needed when a CA is created; this keeps CLI start-up light). */
export function loadX509(): Promise<typeof X509Lib> {
  if (x509Module === undefined) {
    installReflectMetadataShim();
    x509Module = import('@peculiar/x509');
  }
  return x509Module;
}

// ---------------------------------------------------------------------------------------------------------------
// RSA keys

const DEFAULT_RSA_BITS = 2048;
const MAX_RSA_BITS = 16384; // OpenSSL's limit; Go has none (it would just take very long)

/** Generates an RSA private key (e = 65537) off the main thread. Go's minimum is 1024 bits. */
export async function generateRsaKey(bits: number): Promise<KeyObject> {
  if (!Number.isInteger(bits) || bits < 1024) {
    throw new Error(`crypto/rsa: ${bits}-bit keys are insecure (see https://go.dev/pkg/crypto/rsa#hdr-Minimum_key_size)`);
  }
  if (bits > MAX_RSA_BITS) throw new Error(`crypto/rsa: ${bits}-bit keys are not supported (maximum ${MAX_RSA_BITS})`);
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: bits, publicExponent: 0x10001 }, (err, _publicKey, privateKey) => {
      if (err) reject(err);
      else resolve(privateKey);
    });
  });
}

/**
 * A small pool of pre-generated 2048-bit RSA keys (the size of every default CA key and every signing key), so
 * that creating a Mesh does not wait ~100 ms per key. Keys are generated in the background (libuv thread pool);
 * `take` hands out a ready key, or one still being generated (which is never slower than starting a new one),
 * and starts a replacement. Other sizes, an empty pool, or a failed background generation fall back to
 * generating on demand.
 */
export class KeyPool {
  readonly size: number;
  readonly bits = DEFAULT_RSA_BITS;
  private readonly slots: Array<Promise<KeyObject | undefined>> = [];
  private closed = false;

  constructor(size: number) {
    this.size = Math.max(0, Math.floor(size));
    this.fill();
  }

  /** Number of keys ready or being generated. */
  get pending(): number {
    return this.slots.length;
  }

  /** Resolves when every slot currently in the pool holds a generated key (for tests and warm-up). */
  async ready(): Promise<void> {
    await Promise.all(this.slots);
  }

  async take(bits: number = DEFAULT_RSA_BITS): Promise<KeyObject> {
    if (bits !== this.bits || this.closed) return generateRsaKey(bits);
    const slot = this.slots.shift();
    this.fill();
    const key = slot === undefined ? undefined : await slot;
    return key ?? generateRsaKey(bits);
  }

  /** Stops refilling; keys already in the pool are dropped. */
  close(): void {
    this.closed = true;
    this.slots.length = 0;
  }

  private fill(): void {
    while (!this.closed && this.slots.length < this.size) {
      this.slots.push(generateRsaKey(this.bits).catch(() => undefined));
    }
  }
}

async function rsaKey(bits: number, keys: KeyPool | undefined): Promise<KeyObject> {
  return keys === undefined ? generateRsaKey(bits) : keys.take(bits);
}

function pkcs1Pem(key: KeyObject): string {
  return key.export({ type: 'pkcs1', format: 'pem' }) as string;
}

/** PEM as Go's `pem.Encode` writes it: 64-column base64, a trailing newline. */
export function pemEncode(type: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${type}-----\n${lines.join('\n')}\n-----END ${type}-----\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Builtin CA

const ALLOWED_CLOCK_SKEW_MS = 10_000; // builtin.DefaultAllowedClockSkew
const DEFAULT_CA_VALIDITY_MS = 10 * 365 * 24 * 3600e3; // builtin.DefaultCACertValidityPeriod
const MAX_X509_TIME = Date.UTC(9999, 11, 31, 23, 59, 59);

/** A random positive serial number of 16 bytes, minimally DER-encodable (first byte in 0x40–0x7f). */
function randomSerialHex(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x3f) | 0x40;
  return bytes.toString('hex');
}

function wholeSeconds(ms: number): Date {
  return new Date(Math.floor(ms / 1000) * 1000);
}

/**
 * Creates the builtin CA of a mesh (what `EnsureBackends` stores in `<mesh>.ca-builtin-cert-<backend>` and
 * `<mesh>.ca-builtin-key-<backend>`). Errors carry Kuma's texts, without the caller's
 * `failed to create CA for mesh "<m>" and backend "<b>": ` prefix:
 * - `not a valid duration string: "<expiration>"`
 * - `failed to generate a Root CA cert for Mesh "<m>": failed to generate a private key: <cause>`
 */
export async function createBuiltinCa(
  mesh: string,
  conf: { rsaBits?: number; expiration?: string },
  keys?: KeyPool,
): Promise<{ certPem: string; keyPem: string }> {
  let validityMs = DEFAULT_CA_VALIDITY_MS;
  if (conf.expiration !== undefined && conf.expiration !== '') {
    const parsed = parseKumaDuration(conf.expiration);
    if (parsed === undefined) throw new Error(`not a valid duration string: ${JSON.stringify(conf.expiration)}`);
    validityMs = parsed;
  }
  const bits = conf.rsaBits === undefined || conf.rsaBits === 0 ? DEFAULT_RSA_BITS : conf.rsaBits;
  const rootCaError = (what: string, cause: unknown): Error =>
    new Error(`failed to generate a Root CA cert for Mesh ${JSON.stringify(mesh)}: ${what}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });

  const now = Date.now();
  const notAfterMs = now + validityMs;
  if (!Number.isFinite(notAfterMs) || notAfterMs > MAX_X509_TIME) {
    throw rootCaError('failed to generate X509 certificate', `expiration ${JSON.stringify(conf.expiration)} is out of range`);
  }

  let privateKey: KeyObject;
  try {
    privateKey = await rsaKey(bits, keys);
  } catch (err) {
    throw rootCaError('failed to generate a private key', err);
  }

  try {
    const certDer = await selfSignedCaCert(privateKey, mesh, wholeSeconds(now - ALLOWED_CLOCK_SKEW_MS), wholeSeconds(notAfterMs));
    return { certPem: pemEncode('CERTIFICATE', certDer), keyPem: pkcs1Pem(privateKey) };
  } catch (err) {
    throw rootCaError('failed to generate X509 certificate', err);
  }
}

async function selfSignedCaCert(privateKey: KeyObject, trustDomain: string, notBefore: Date, notAfter: Date): Promise<Uint8Array> {
  const x509 = await loadX509();
  const subtle = webcrypto.subtle;
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const cryptoPrivate = await subtle.importKey('pkcs8', privateKey.export({ type: 'pkcs8', format: 'der' }), algorithm, false, ['sign']);
  const cryptoPublic = await subtle.importKey(
    'spki',
    createPublicKey(privateKey).export({ type: 'spki', format: 'der' }),
    algorithm,
    true,
    ['verify'],
  );
  // Node's webcrypto types and the DOM types @peculiar/x509 is declared with are structurally the same.
  const provider = webcrypto as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1];
  const keyPair = { privateKey: cryptoPrivate, publicKey: cryptoPublic } as unknown as X509Lib.X509CertificateCreateSelfSignedParams['keys'];

  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerialHex(),
      // Go's pkix.Name order: O, OU, CN.
      name: [{ O: ['Kuma'] }, { OU: ['Mesh'] }, { CN: [trustDomain] }],
      notBefore,
      notAfter,
      keys: keyPair,
      // Go's extension order: key usage, basic constraints, subject key id, SAN.
      extensions: [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        new x509.BasicConstraintsExtension(true, undefined, true),
        await x509.SubjectKeyIdentifierExtension.create(keyPair.publicKey, false, provider),
        new x509.SubjectAlternativeNameExtension([{ type: 'url', value: `spiffe://${trustDomain}` }], false),
      ],
    },
    provider,
  );
  return new Uint8Array(cert.rawData);
}

// ---------------------------------------------------------------------------------------------------------------
// Dataplane-token signing key

/** The `dataplane-token-signing-key-<mesh>-1` Secret payload: RSA 2048, PEM PKCS#1. */
export async function createSigningKey(keys?: KeyPool): Promise<string> {
  return pkcs1Pem(await rsaKey(DEFAULT_RSA_BITS, keys));
}

// Provided CA validation lives with the other offline checks (validate reports it before anything is sent).
export { checkProvidedCa, type CaViolation } from '../validation/provided-ca.js';
