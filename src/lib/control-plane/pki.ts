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
  X509Certificate as NodeX509Certificate,
} from 'node:crypto';
import type * as X509Lib from '@peculiar/x509';

import { parseKumaDuration } from '../validation/duration.js';

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

// ---------------------------------------------------------------------------------------------------------------
// Provided CA validation

export interface CaViolation {
  field: string;
  message: string;
}

interface PemBlock {
  type: string;
  der: Buffer;
}

/** Go's `pem.Decode` applied repeatedly: every well-formed block, in order (malformed ones are skipped). */
function pemBlocks(input: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  const re = /(?:^|\n)-----BEGIN ([^\n]*?)-----[ \t]*\r?\n([\s\S]*?)(?:^|\n)-----END \1-----[ \t]*(?=\r?\n|$)/g;
  for (let m = re.exec(input); m !== null; m = re.exec(input)) {
    let body = m[2]!;
    // RFC 1421 headers ("Proc-Type: ...") up to a blank line
    const lines = body.split('\n');
    if (lines[0]?.includes(':')) {
      const blank = lines.findIndex((l) => l.trim() === '');
      if (blank < 0) continue;
      body = lines.slice(blank + 1).join('\n');
    }
    const b64 = body.replace(/[ \t\r\n]/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) {
      re.lastIndex = m.index + 1; // like Go: skip this BEGIN and keep looking
      continue;
    }
    blocks.push({ type: m[1]!, der: Buffer.from(b64, 'base64') });
  }
  return blocks;
}

const goList = (items: string[]): string => `[${items.join(' ')}]`;

/** Go's `tls.parsePrivateKey`: PKCS#1, then PKCS#8 (RSA, ECDSA, Ed25519), then SEC 1. */
function parsePrivateKey(der: Buffer): KeyObject {
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
  } catch {
    /* next */
  }
  let pkcs8: KeyObject | undefined;
  try {
    pkcs8 = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    /* next */
  }
  if (pkcs8 !== undefined) {
    const type = pkcs8.asymmetricKeyType;
    if (type === 'rsa' || type === 'ed25519' || (type === 'ec' && goCurve(pkcs8))) return pkcs8;
    if (type === 'x25519') throw new Error('tls: found unknown private key type in PKCS#8 wrapping');
  }
  try {
    const sec1 = createPrivateKey({ key: der, format: 'der', type: 'sec1' });
    if (goCurve(sec1)) return sec1;
  } catch {
    /* next */
  }
  throw new Error('tls: failed to parse private key');
}

/** The curves Go's crypto/ecdsa parses. */
function goCurve(key: KeyObject): boolean {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return curve === 'prime256v1' || curve === 'secp384r1' || curve === 'secp521r1' || curve === 'secp224r1';
}

/** Go's `tls.X509KeyPair`: returns the DER certificates, or throws with Go's message. */
function x509KeyPair(certPem: string, keyPem: string): Buffer[] {
  const certBlocks = pemBlocks(certPem);
  const certs = certBlocks.filter((b) => b.type === 'CERTIFICATE').map((b) => b.der);
  if (certs.length === 0) {
    const skipped = certBlocks.map((b) => b.type);
    if (skipped.length === 0) throw new Error('tls: failed to find any PEM data in certificate input');
    if (skipped.length === 1 && skipped[0]!.endsWith('PRIVATE KEY')) {
      throw new Error('tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched');
    }
    throw new Error(`tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: ${goList(skipped)}`);
  }

  const keyBlocks = pemBlocks(keyPem);
  const keyIndex = keyBlocks.findIndex((b) => b.type === 'PRIVATE KEY' || b.type.endsWith(' PRIVATE KEY'));
  if (keyIndex < 0) {
    const skipped = keyBlocks.map((b) => b.type);
    if (skipped.length === 0) throw new Error('tls: failed to find any PEM data in key input');
    if (skipped.length === 1 && skipped[0] === 'CERTIFICATE') throw new Error('tls: found a certificate rather than a key in the PEM for the private key');
    throw new Error(`tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: ${goList(skipped)}`);
  }

  let leafKey: KeyObject;
  try {
    leafKey = new NodeX509Certificate(certs[0]!).publicKey;
  } catch {
    throw new Error('x509: malformed certificate');
  }
  const privateKey = parsePrivateKey(keyBlocks[keyIndex]!.der);

  const pubType = leafKey.asymmetricKeyType;
  const privType = privateKey.asymmetricKeyType;
  if (pubType !== 'rsa' && pubType !== 'ec' && pubType !== 'ed25519') throw new Error('tls: unknown public key algorithm');
  if (pubType !== privType) throw new Error('tls: private key type does not match public key type');
  const pub = leafKey.export({ format: 'jwk' });
  const priv = createPublicKey(privateKey).export({ format: 'jwk' });
  const same = pubType === 'rsa' ? pub.n === priv.n && pub.e === priv.e : pub.crv === priv.crv && pub.x === priv.x && pub.y === priv.y;
  if (!same) throw new Error('tls: private key does not match public key');
  return certs;
}

/**
 * Validates a `provided` CA (`ValidateCaCert`): violations relative to the backend `conf`, with Kuma's messages.
 * An empty array means the pair is acceptable.
 */
export function checkProvidedCa(certPem: string, keyPem: string): CaViolation[] {
  let certs: Buffer[];
  try {
    certs = x509KeyPair(certPem, keyPem);
  } catch (err) {
    return [{ field: 'cert', message: `not a valid TLS key pair: ${err instanceof Error ? err.message : String(err)}` }];
  }
  const violations: CaViolation[] = [];
  for (const [i, der] of certs.entries()) {
    const field = `cert[${i}]`;
    let info: CertExtensions;
    try {
      new NodeX509Certificate(der); // parses the whole certificate
      info = certExtensions(der);
    } catch (err) {
      violations.push({ field, message: `not a valid x509 certificate: ${err instanceof DerError ? err.message : 'x509: malformed certificate'}` });
      return violations;
    }
    if (!info.isCA) {
      violations.push({ field, message: "basic constraint 'CA' must be set to 'true' (see X509-SVID: 4.1. Basic Constraints)" });
    }
    if ((info.keyUsage & KU_CERT_SIGN) === 0) {
      violations.push({ field, message: "key usage extension 'keyCertSign' must be set (see X509-SVID: 4.3. Key Usage)" });
    }
    if ((info.keyUsage & KU_KEY_AGREEMENT) !== 0) {
      violations.push({
        field,
        message: "key usage extension 'keyAgreement' must NOT be set (see X509-SVID: Appendix A. X.509 Field Reference)",
      });
    }
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------------------------
// Minimal DER reading: basic constraints and key usage (Node's X509Certificate exposes neither key usage bits
// nor, reliably, Go's notion of IsCA).

/** Go's x509.KeyUsage bits: bit i of the KeyUsage BIT STRING → 1 << i. */
const KU_KEY_AGREEMENT = 1 << 4;
const KU_CERT_SIGN = 1 << 5;

interface CertExtensions {
  isCA: boolean;
  keyUsage: number;
}

class DerError extends Error {}

interface Tlv {
  tag: number;
  start: number; // content start
  end: number; // content end
}

function readTlv(buf: Buffer, pos: number, limit: number): Tlv {
  if (pos + 2 > limit) throw new DerError('x509: malformed certificate');
  const tag = buf[pos]!;
  let len = buf[pos + 1]!;
  let start = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > limit) throw new DerError('x509: malformed certificate');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[start + i]!;
    start += n;
  }
  if (start + len > limit) throw new DerError('x509: malformed certificate');
  return { tag, start, end: start + len };
}

function children(buf: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let pos = parent.start; pos < parent.end; ) {
    const t = readTlv(buf, pos, parent.end);
    out.push(t);
    pos = t.end;
  }
  return out;
}

const OID_BASIC_CONSTRAINTS = '551d13'; // 2.5.29.19
const OID_KEY_USAGE = '551d0f'; // 2.5.29.15

function certExtensions(der: Buffer): CertExtensions {
  const result: CertExtensions = { isCA: false, keyUsage: 0 };
  const cert = readTlv(der, 0, der.length);
  const tbs = children(der, cert)[0];
  if (tbs === undefined) throw new DerError('x509: malformed certificate');
  const extsWrapper = children(der, tbs).find((t) => t.tag === 0xa3);
  if (extsWrapper === undefined) return result;
  const extsSeq = children(der, extsWrapper)[0];
  if (extsSeq === undefined) return result;
  for (const ext of children(der, extsSeq)) {
    const parts = children(der, ext);
    const oid = parts[0];
    const value = parts[parts.length - 1];
    if (oid === undefined || value === undefined || value.tag !== 0x04) throw new DerError('x509: malformed extension');
    const oidHex = der.subarray(oid.start, oid.end).toString('hex');
    if (oidHex === OID_BASIC_CONSTRAINTS) {
      const seq = readTlv(der, value.start, value.end);
      const first = children(der, seq)[0];
      // cA BOOLEAN DEFAULT FALSE
      result.isCA = first !== undefined && first.tag === 0x01 && first.end > first.start && der[first.start] !== 0;
    } else if (oidHex === OID_KEY_USAGE) {
      const bits = readTlv(der, value.start, value.end);
      if (bits.tag !== 0x03 || bits.end <= bits.start) throw new DerError('x509: malformed key usage extension');
      let usage = 0;
      for (let i = 0; i < 9; i++) {
        const byte = bits.start + 1 + (i >> 3);
        if (byte < bits.end && (der[byte]! & (0x80 >> (i & 7))) !== 0) usage |= 1 << i;
      }
      result.keyUsage = usage;
    }
  }
  return result;
}
