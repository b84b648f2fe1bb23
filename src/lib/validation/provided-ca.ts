/**
 * Kuma's provided CA check (`pkg/plugins/ca/provided/ca_cert_validator.go`, ValidateCaCert) with Go's
 * `tls.X509KeyPair` and `x509.ParseCertificate` messages; and Go's `pem.Decode`. Used offline by
 * validate/apply and by the local control plane when a Mesh is created or updated.
 */
import { createPrivateKey, createPublicKey, KeyObject, X509Certificate as NodeX509Certificate } from 'node:crypto';
import type * as X509Lib from '@peculiar/x509';
import { loadX509Sync } from '../x509.js';

// ---------------------------------------------------------------------------------------------------------------
// Provided CA validation

/**
 * Loads a provided CA data source (`{secret|file|inline|inlineString}`): its text, or undefined when it
 * cannot be known here (the backend is then not checked); throws with the loader's message when
 * kuma-cp would fail to load it.
 */
export type DataSourceLoader = (source: Record<string, unknown>) => string | undefined;

/**
 * The create-time check of every `provided` mTLS backend of a Mesh (the provided CA manager's
 * ValidateBackend after its conf checks): load key then cert, then ValidateCaCert. Fields are the
 * Mesh's (`mtls.backends[i].conf.cert`, ...). `onlyIf` picks the backends to check.
 */
export function providedCaViolations(
  mesh: Record<string, unknown>,
  load: DataSourceLoader,
  onlyIf: (cert: Record<string, unknown>, key: Record<string, unknown>) => boolean = () => true,
): CaViolation[] {
  const mtls = isObject(mesh.mtls) ? mesh.mtls : undefined;
  if (!mtls || mtls.skipValidation === true || !Array.isArray(mtls.backends)) return [];
  const out: CaViolation[] = [];
  mtls.backends.forEach((b, i) => {
    if (!isObject(b) || b.type !== 'provided' || !isObject(b.conf)) return;
    const { cert: certSource, key: keySource } = b.conf;
    if (!isObject(certSource) || !isObject(keySource) || !onlyIf(certSource, keySource)) return;
    const at = `mtls.backends[${i}].conf`;
    let cert: string | undefined;
    let key: string | undefined;
    try {
      key = load(keySource);
      cert = load(certSource);
    } catch (err) {
      const message = `could not load data: ${(err as Error).message}`;
      out.push({ field: `${at}.cert`, message }, { field: `${at}.key`, message });
      return;
    }
    if (cert === undefined || key === undefined) return;
    for (const v of checkProvidedCa(cert, key)) out.push({ field: `${at}.${v.field}`, message: v.message });
  });
  return out;
}

const DATA_SOURCE_KEYS = ['secret', 'file', 'inline', 'inlineString'] as const;

/** Which member of a DataSource oneof protobuf JSON keeps (the last one set, in declaration order). */
export function dataSourceKind(ds: Record<string, unknown>): (typeof DATA_SOURCE_KEYS)[number] | undefined {
  let chosen: (typeof DATA_SOURCE_KEYS)[number] | undefined;
  for (const k of DATA_SOURCE_KEYS) if (ds[k] !== null && ds[k] !== undefined) chosen = k;
  return chosen;
}

/**
 * A loader that needs no server: inline data, and secrets found in `secrets` (name → decoded data);
 * undefined for files and for secrets it does not have.
 */
export function offlineLoader(secrets: ReadonlyMap<string, string>): DataSourceLoader {
  return (ds) => {
    const kind = dataSourceKind(ds);
    const value = typeof ds[kind ?? ''] === 'string' ? (ds[kind!] as string) : '';
    if (kind === 'inlineString') return value;
    if (kind === 'inline') return Buffer.from(value, 'base64').toString('utf8');
    if (kind === 'secret') return secrets.get(value);
    return undefined;
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface CaViolation {
  field: string;
  message: string;
}

export interface PemBlock {
  type: string;
  der: Buffer;
}

/** Go's `pem.Decode` applied repeatedly: every well-formed block, in order (malformed ones are skipped). */
export function pemBlocks(input: string): PemBlock[] {
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
// Basic constraints and key usage, read with @peculiar/x509 (Node's X509Certificate exposes neither key usage bits
// nor, reliably, Go's notion of IsCA).

/** Go's x509.KeyUsage bits (bit i of the KeyUsage BIT STRING → 1 << i), as @peculiar/x509's KeyUsageFlags number them. */
const KU_KEY_AGREEMENT = 1 << 4;
const KU_CERT_SIGN = 1 << 5;

interface CertExtensions {
  isCA: boolean;
  keyUsage: number;
}

/** An error worth Go's wording (`x509: malformed extension`); any other failure reads `x509: malformed certificate`. */
class DerError extends Error {}

function certExtensions(der: Buffer): CertExtensions {
  const x509 = loadX509Sync();
  const cert = new x509.X509Certificate(der);
  let extensions: X509Lib.Extension[];
  try {
    extensions = cert.extensions;
  } catch {
    throw new DerError('x509: malformed extension');
  }
  const result: CertExtensions = { isCA: false, keyUsage: 0 };
  for (const ext of extensions) {
    if (ext instanceof x509.BasicConstraintsExtension) result.isCA = ext.ca;
    else if (ext instanceof x509.KeyUsagesExtension) result.keyUsage = ext.usages;
  }
  return result;
}
