/**
 * RSA keys as kuma-cp makes them: generated off the main thread (a small pool keeps 2048-bit ones ready),
 * PEM PKCS#1 as Go's `x509.MarshalPKCS1PrivateKey` writes them; the dataplane-token signing key
 * (`pkg/util/rsa`: RSA 2048, `RSA PRIVATE KEY`).
 */
import { generateKeyPair, type KeyObject } from 'node:crypto';

export const DEFAULT_RSA_BITS = 2048;
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

export async function rsaKey(bits: number, keys: KeyPool | undefined): Promise<KeyObject> {
  return keys === undefined ? generateRsaKey(bits) : keys.take(bits);
}

export function pkcs1Pem(key: KeyObject): string {
  return key.export({ type: 'pkcs1', format: 'pem' }) as string;
}

/** PEM as Go's `pem.Encode` writes it: 64-column base64, a trailing newline. */
export function pemEncode(type: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${type}-----\n${lines.join('\n')}\n-----END ${type}-----\n`;
}

/** The `dataplane-token-signing-key-<mesh>-1` Secret payload: RSA 2048, PEM PKCS#1. */
export async function createSigningKey(keys?: KeyPool): Promise<string> {
  return pkcs1Pem(await rsaKey(DEFAULT_RSA_BITS, keys));
}
