/**
 * `kumactl generate tls-certificate` (kumactl 2.14.3, `pkg/tls/cert.go`): a self-signed key pair for an
 * HTTPS server or its client. What Go's x509 writes for kumactl's template, made with @peculiar/x509:
 *
 * - key: RSA 2048 (`RSA PRIVATE KEY`, PKCS#1) or ECDSA P-256 (`EC PRIVATE KEY`, SEC 1);
 * - empty subject, a random 128-bit serial, notBefore = now − 5 min, notAfter = notBefore + 10 × 365 days;
 * - extensions in Go's order: key usage digitalSignature + keyEncipherment + keyCertSign (critical),
 *   extended key usage serverAuth or clientAuth, basic constraints CA:true (critical), subject key
 *   identifier, and the hostnames as SANs (IP addresses as IP SANs), critical because the subject is empty;
 * - SHA-256 with RSA, or ECDSA with SHA-256.
 */
import { createPublicKey, generateKeyPair, randomBytes, webcrypto, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import type * as X509Lib from '@peculiar/x509';
import { generateRsaKey, loadX509, pemEncode } from '../control-plane/pki/index.js';

export type CertType = 'server' | 'client';
export type KeyType = 'rsa' | 'ecdsa';

const CLOCK_SKEW_MS = 5 * 60_000;
const VALIDITY_MS = 10 * 365 * 24 * 3600e3;

function ecKey(): Promise<KeyObject> {
  return new Promise((resolve, reject) => {
    generateKeyPair('ec', { namedCurve: 'prime256v1' }, (err, _pub, priv) => (err ? reject(err) : resolve(priv)));
  });
}

/** A random positive serial below 2^128, as Go's `rand.Int(rand.Reader, 1<<128)`. */
function serialHex(): string {
  const bytes = randomBytes(16);
  let hex = bytes.toString('hex').replace(/^0+/, '');
  if (hex === '') hex = '01';
  // DER INTEGER is signed: a leading byte with the top bit set needs a zero byte first
  if (hex.length % 2 === 1) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;
  return hex;
}

function wholeSeconds(ms: number): Date {
  return new Date(Math.floor(ms / 1000) * 1000);
}

export interface KeyPair {
  certPem: string;
  keyPem: string;
}

/** A new self-signed certificate and its key for `hosts` (DNS names, or IP addresses). */
export async function newSelfSignedCert(certType: CertType, keyType: KeyType, hosts: readonly string[], now: number = Date.now()): Promise<KeyPair> {
  const x509 = await loadX509();
  const key = keyType === 'ecdsa' ? await ecKey() : await generateRsaKey(2048);
  const algorithm = keyType === 'ecdsa' ? { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const subtle = webcrypto.subtle;
  const privateKey = await subtle.importKey('pkcs8', key.export({ type: 'pkcs8', format: 'der' }), algorithm, false, ['sign']);
  const publicKey = await subtle.importKey('spki', createPublicKey(key).export({ type: 'spki', format: 'der' }), algorithm, true, ['verify']);
  const provider = webcrypto as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1];
  const keys = { privateKey, publicKey } as unknown as X509Lib.X509CertificateCreateSelfSignedParams['keys'];

  const names = hosts.map((h) => (isIP(h) ? { type: 'ip' as const, value: h } : { type: 'dns' as const, value: h }));
  const notBefore = now - CLOCK_SKEW_MS;
  const extensions: X509Lib.Extension[] = [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.keyCertSign, true),
    new x509.ExtendedKeyUsageExtension([certType === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth], false),
    new x509.BasicConstraintsExtension(true, undefined, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, provider),
  ];
  if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names, true));
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialHex(),
      name: '',
      notBefore: wholeSeconds(notBefore),
      notAfter: wholeSeconds(notBefore + VALIDITY_MS),
      keys,
      signingAlgorithm: algorithm,
      extensions,
    },
    provider,
  );
  const certPem = pemEncode('CERTIFICATE', new Uint8Array(cert.rawData));
  const keyPem = (keyType === 'ecdsa' ? key.export({ type: 'sec1', format: 'pem' }) : key.export({ type: 'pkcs1', format: 'pem' })) as string;
  return { certPem, keyPem };
}
