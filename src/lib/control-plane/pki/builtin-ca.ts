/**
 * The builtin CA kuma-cp 2.14 generates when a Mesh is created (`pkg/plugins/ca/builtin/ca.go`): RSA key
 * (`caCert.RSAbits`, default 2048), self-signed certificate with subject `O=Kuma, OU=Mesh, CN=<mesh>`, basic
 * constraints CA:true (critical), key usage keyCertSign + cRLSign (critical), a subject key identifier, SAN
 * `URI:spiffe://<mesh>`, notBefore = now − 10 s (Kuma's allowed clock skew), notAfter = now + `caCert.expiration`
 * (default 10 × 365 days), SHA-256 with RSA. One deliberate difference: Kuma uses serial number 0; we use a random
 * positive 127-bit serial (RFC 5280 §4.1.2.2). Certificates are PEM as Go's `pem.Encode` writes them.
 */
import { createPublicKey, randomBytes, webcrypto, type KeyObject } from 'node:crypto';
import type * as X509Lib from '@peculiar/x509';
import { parseKumaDuration } from '../../go/time.js';
import { loadX509 } from '../../x509.js';
import { DEFAULT_RSA_BITS, pemEncode, pkcs1Pem, rsaKey, type KeyPool } from './keys.js';

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
