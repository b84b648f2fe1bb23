import { createPrivateKey, createPublicKey, KeyObject, webcrypto, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  checkProvidedCa,
  createBuiltinCa,
  createSigningKey,
  generateRsaKey,
  KeyPool,
  loadX509,
} from '../../src/lib/control-plane/pki.js';
import { parseKumaDuration } from '../../src/lib/go/time.js';

const DAY = 24 * 3600e3;
const YEAR = 365 * DAY;

async function keyUsageOf(certPem: string): Promise<number | undefined> {
  const x509 = await loadX509();
  return new x509.X509Certificate(certPem).getExtension(x509.KeyUsagesExtension)?.usages;
}

function pem(type: string, der: ArrayBuffer | Uint8Array): string {
  const b64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64');
  return `-----BEGIN ${type}-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END ${type}-----\n`;
}

/** A certificate made with the library: self-signed, or signed by `issuer`. */
async function makeCert(opts: {
  subject: string;
  key: KeyObject;
  ca: boolean;
  usages: number;
  issuer?: { certPem: string; key: KeyObject };
}): Promise<string> {
  const x509 = await loadX509();
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const toCrypto = async (k: KeyObject) => ({
    privateKey: await webcrypto.subtle.importKey('pkcs8', k.export({ type: 'pkcs8', format: 'der' }), alg, false, ['sign']),
    publicKey: await webcrypto.subtle.importKey('spki', createPublicKey(k).export({ type: 'spki', format: 'der' }), alg, true, ['verify']),
  });
  const keys = (await toCrypto(opts.key)) as never;
  const provider = webcrypto as never;
  const common = {
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + DAY),
    extensions: [new x509.KeyUsagesExtension(opts.usages, true), new x509.BasicConstraintsExtension(opts.ca, undefined, true)],
  };
  if (opts.issuer === undefined) {
    const cert = await x509.X509CertificateGenerator.createSelfSigned({ ...common, name: opts.subject, keys }, provider);
    return pem('CERTIFICATE', cert.rawData);
  }
  const issuerKeys = (await toCrypto(opts.issuer.key)) as { privateKey: unknown };
  const cert = await x509.X509CertificateGenerator.create(
    {
      ...common,
      subject: opts.subject,
      issuer: new X509Certificate(opts.issuer.certPem).subject.split('\n').join(', '),
      publicKey: (keys as { publicKey: never }).publicKey,
      signingKey: issuerKeys.privateKey as never,
    },
    provider,
  );
  return pem('CERTIFICATE', cert.rawData);
}

const pool = new KeyPool(4);

afterAll(() => pool.close());

describe('key generation timings', () => {
  it('generates RSA 2048 keys (timings reported)', async () => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const key = await generateRsaKey(2048);
      times.push(performance.now() - t);
      expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`RSA 2048 keygen ms: ${times.map((t) => t.toFixed(0)).join(', ')} (median ${sorted[2]!.toFixed(0)})`);
    await pool.ready();
    const t = performance.now();
    await pool.take(2048);
    console.log(`KeyPool.take from a warm pool: ${(performance.now() - t).toFixed(2)} ms`);
  });
});

describe('createBuiltinCa', () => {
  let ca: { certPem: string; keyPem: string };
  let cert: X509Certificate;
  // the CA was made between these two moments (certificate times are whole seconds)
  let createdAfter: number;
  let createdBefore: number;

  beforeAll(async () => {
    createdAfter = Date.now() - 1000;
    ca = await createBuiltinCa('team-a', {}, pool);
    createdBefore = Date.now();
    cert = new X509Certificate(ca.certPem);
  });

  it('is PEM as Kuma stores it', () => {
    expect(ca.certPem).toMatch(/^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE-----\n$/);
    expect(ca.keyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+\n-----END RSA PRIVATE KEY-----\n$/);
  });

  it('is a self-signed CA for the mesh trust domain', () => {
    expect(cert.ca).toBe(true);
    expect(cert.checkIssued(cert)).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.subjectAltName).toBe('URI:spiffe://team-a');
    expect(cert.subject.split('\n')).toEqual(['O=Kuma', 'OU=Mesh', 'CN=team-a']);
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.serialNumber).toMatch(/^[0-9A-F]{32}$/);
  });

  it('has key usage keyCertSign and cRLSign', async () => {
    const x509 = await loadX509();
    const usages = await keyUsageOf(ca.certPem);
    expect(usages).toBe(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
    const parsed = new x509.X509Certificate(ca.certPem);
    expect(parsed.getExtension(x509.KeyUsagesExtension)?.critical).toBe(true);
    expect(parsed.getExtension(x509.BasicConstraintsExtension)?.critical).toBe(true);
    expect(parsed.getExtension(x509.SubjectKeyIdentifierExtension)).not.toBeNull();
    expect(parsed.signatureAlgorithm).toMatchObject({ name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-256' } });
  });

  it('is valid from now − 10 s for 10 years by default', () => {
    const from = Date.parse(cert.validFrom);
    const to = Date.parse(cert.validTo);
    expect(from).toBeGreaterThanOrEqual(createdAfter - 10_000);
    expect(from).toBeLessThanOrEqual(createdBefore - 10_000);
    expect(to - from).toBe(10 * YEAR + 10_000);
  });

  it('has a 2048-bit key matching the certificate', () => {
    const key = createPrivateKey(ca.keyPem);
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(cert.checkPrivateKey(key)).toBe(true);
    expect(createPublicKey(key).export({ format: 'jwk' }).n).toBe(cert.publicKey.export({ format: 'jwk' }).n);
  });

  it('uses a fresh key and serial for every CA', async () => {
    const other = await createBuiltinCa('team-a', {}, pool);
    const otherCert = new X509Certificate(other.certPem);
    expect(otherCert.serialNumber).not.toBe(cert.serialNumber);
    expect(otherCert.checkPrivateKey(createPrivateKey(ca.keyPem))).toBe(false);
  });

  it.each([
    ['1y', YEAR],
    ['30d', 30 * DAY],
    ['2w', 14 * DAY],
    ['12h', 12 * 3600e3],
    ['0', 0],
  ])('honours expiration %s', async (expiration, ms) => {
    const after = Date.now() - 1000; // certificate times are whole seconds
    const c = new X509Certificate((await createBuiltinCa('m1', { expiration }, pool)).certPem);
    const before = Date.now();
    expect(Date.parse(c.validTo)).toBeGreaterThanOrEqual(after + ms);
    expect(Date.parse(c.validTo)).toBeLessThanOrEqual(before + ms);
    expect(c.subjectAltName).toBe('URI:spiffe://m1');
  });

  it('honours RSAbits (3072) and treats 0 as 2048', async () => {
    const big = await createBuiltinCa('big', { rsaBits: 3072 }, pool);
    expect(new X509Certificate(big.certPem).publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(createPrivateKey(big.keyPem).asymmetricKeyDetails?.modulusLength).toBe(3072);
    const zero = await createBuiltinCa('zero', { rsaBits: 0 });
    expect(new X509Certificate(zero.certPem).publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('encodes far expirations as GeneralizedTime (after 2049)', async () => {
    const c = new X509Certificate((await createBuiltinCa('far', { expiration: '100y' }, pool)).certPem);
    expect(new Date(c.validTo).getUTCFullYear()).toBeGreaterThanOrEqual(new Date().getUTCFullYear() + 99);
  });

  it('fails with Kuma messages on a bad expiration or key size', async () => {
    await expect(createBuiltinCa('m', { expiration: '1h30m' })).rejects.toThrow('not a valid duration string: "1h30m"');
    await expect(createBuiltinCa('m', { rsaBits: 512 })).rejects.toThrow(
      'failed to generate a Root CA cert for Mesh "m": failed to generate a private key: crypto/rsa: 512-bit keys are insecure',
    );
    await expect(createBuiltinCa('m', { expiration: '99999999y' })).rejects.toThrow(
      /^failed to generate a Root CA cert for Mesh "m": failed to generate X509 certificate: /,
    );
  });
});

describe('createSigningKey', () => {
  it('is an RSA 2048 PKCS#1 PEM key', async () => {
    for (const keyPem of [await createSigningKey(), await createSigningKey(pool)]) {
      expect(keyPem.startsWith('-----BEGIN RSA PRIVATE KEY-----\n')).toBe(true);
      expect(keyPem.endsWith('-----END RSA PRIVATE KEY-----\n')).toBe(true);
      const key = createPrivateKey(keyPem);
      expect(key.asymmetricKeyType).toBe('rsa');
      expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    }
  });
});

describe('KeyPool', () => {
  it('hands out distinct pre-generated keys and refills in the background', async () => {
    const p = new KeyPool(2);
    expect(p.pending).toBe(2);
    await p.ready();
    const a = await p.take();
    const b = await p.take();
    const c = await p.take(); // pool drained: waits for an in-flight refill
    expect(p.pending).toBe(2);
    const moduli = new Set([a, b, c].map((k) => createPublicKey(k).export({ format: 'jwk' }).n));
    expect(moduli.size).toBe(3);
    expect(a.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const other = await p.take(3072); // other sizes are generated on demand
    expect(other.asymmetricKeyDetails?.modulusLength).toBe(3072);
    p.close();
    expect(p.pending).toBe(0);
    expect((await p.take()).asymmetricKeyDetails?.modulusLength).toBe(2048); // closed: on demand
    expect(p.pending).toBe(0);
  });

  it('with size 0 always generates on demand', async () => {
    const p = new KeyPool(0);
    expect(p.pending).toBe(0);
    expect((await p.take()).asymmetricKeyDetails?.modulusLength).toBe(2048);
  });
});

describe('checkProvidedCa', () => {
  let ca: { certPem: string; keyPem: string };
  let caKey: KeyObject;
  let leafKey: KeyObject;

  beforeAll(async () => {
    ca = await createBuiltinCa('team-a', {}, pool);
    caKey = createPrivateKey(ca.keyPem);
    leafKey = await pool.take();
  });

  it('accepts the builtin CA pair (PKCS#1 and PKCS#8 keys)', () => {
    expect(checkProvidedCa(ca.certPem, ca.keyPem)).toEqual([]);
    const pkcs8 = caKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(checkProvidedCa(ca.certPem, pkcs8)).toEqual([]);
    expect(checkProvidedCa(ca.certPem.replace(/\n/g, '\r\n'), ca.keyPem)).toEqual([]);
  });

  it('rejects garbage PEM', () => {
    expect(checkProvidedCa('garbage', ca.keyPem)).toEqual([
      { field: 'cert', message: 'not a valid TLS key pair: tls: failed to find any PEM data in certificate input' },
    ]);
    expect(checkProvidedCa(ca.certPem, 'garbage')).toEqual([
      { field: 'cert', message: 'not a valid TLS key pair: tls: failed to find any PEM data in key input' },
    ]);
    expect(checkProvidedCa(ca.keyPem, ca.certPem)).toEqual([
      {
        field: 'cert',
        message:
          'not a valid TLS key pair: tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched',
      },
    ]);
    expect(checkProvidedCa(ca.certPem, ca.certPem)).toEqual([
      { field: 'cert', message: 'not a valid TLS key pair: tls: found a certificate rather than a key in the PEM for the private key' },
    ]);
    expect(checkProvidedCa(pem('CERTIFICATE', Buffer.from('not der')), ca.keyPem)).toEqual([
      { field: 'cert', message: 'not a valid TLS key pair: x509: malformed certificate' },
    ]);
    expect(checkProvidedCa(ca.certPem, pem('RSA PRIVATE KEY', Buffer.from('not der')))).toEqual([
      { field: 'cert', message: 'not a valid TLS key pair: tls: failed to parse private key' },
    ]);
  });

  it('rejects a mismatched key', async () => {
    const otherKey = leafKey.export({ type: 'pkcs1', format: 'pem' }) as string;
    expect(checkProvidedCa(ca.certPem, otherKey)).toEqual([
      { field: 'cert', message: 'not a valid TLS key pair: tls: private key does not match public key' },
    ]);
    const { generateKeyPairSync } = await import('node:crypto');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }) as string;
    expect(checkProvidedCa(ca.certPem, ec)).toEqual([
      { field: 'cert', message: 'not a valid TLS key pair: tls: private key type does not match public key type' },
    ]);
  });

  it('rejects a non-CA leaf certificate', async () => {
    const x509 = await loadX509();
    const leaf = await makeCert({
      subject: 'CN=leaf',
      key: leafKey,
      ca: false,
      usages: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
    });
    const leafKeyPem = leafKey.export({ type: 'pkcs1', format: 'pem' }) as string;
    expect(checkProvidedCa(leaf, leafKeyPem)).toEqual([
      { field: 'cert[0]', message: "basic constraint 'CA' must be set to 'true' (see X509-SVID: 4.1. Basic Constraints)" },
      { field: 'cert[0]', message: "key usage extension 'keyCertSign' must be set (see X509-SVID: 4.3. Key Usage)" },
    ]);
  });

  it('rejects keyAgreement on a CA and checks every certificate of the chain', async () => {
    const x509 = await loadX509();
    const agreeing = await makeCert({
      subject: 'CN=agree',
      key: caKey,
      ca: true,
      usages: x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.keyAgreement,
    });
    expect(checkProvidedCa(agreeing, ca.keyPem)).toEqual([
      {
        field: 'cert[0]',
        message: "key usage extension 'keyAgreement' must NOT be set (see X509-SVID: Appendix A. X.509 Field Reference)",
      },
    ]);

    const leaf = await makeCert({
      subject: 'CN=leaf',
      key: leafKey,
      ca: false,
      usages: x509.KeyUsageFlags.digitalSignature,
      issuer: { certPem: ca.certPem, key: caKey },
    });
    expect(new X509Certificate(leaf).verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(checkProvidedCa(ca.certPem + leaf, ca.keyPem)).toEqual([
      { field: 'cert[1]', message: "basic constraint 'CA' must be set to 'true' (see X509-SVID: 4.1. Basic Constraints)" },
      { field: 'cert[1]', message: "key usage extension 'keyCertSign' must be set (see X509-SVID: 4.3. Key Usage)" },
    ]);
    expect(checkProvidedCa(ca.certPem + pem('CERTIFICATE', Buffer.from('junk')), ca.keyPem)).toEqual([
      { field: 'cert[1]', message: 'not a valid x509 certificate: x509: malformed certificate' },
    ]);
  });
});

describe('parseKumaDuration', () => {
  it('parses Kuma durations in milliseconds', () => {
    expect(parseKumaDuration('0')).toBe(0);
    expect(parseKumaDuration('10y')).toBe(10 * YEAR);
    expect(parseKumaDuration('2w')).toBe(14 * DAY);
    expect(parseKumaDuration('500ms')).toBe(500);
    expect(parseKumaDuration('90m')).toBe(90 * 60e3);
    for (const bad of ['', '10', '1h30m', '1.5h', '2e', '-1s']) expect(parseKumaDuration(bad)).toBeUndefined();
  });
});
