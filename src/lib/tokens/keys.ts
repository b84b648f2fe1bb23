/**
 * Token signing keys as kuma-cp keeps them (`pkg/core/tokens`, `pkg/util/rsa`): RSA 2048, PEM PKCS#1
 * (`RSA PRIVATE KEY`); public keys PEM PKCS#1 (`RSA PUBLIC KEY`). Secrets hold the PEM; a key that is not
 * PEM is read as PKCS#1 DER (keys of Kuma before 1.4).
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { goReadFileError } from '../go/os.js';

const RSA_PRIVATE = 'RSA PRIVATE KEY';

/** The first PEM block's type, as Go's `pem.Decode` finds it (undefined when there is none). */
export function pemBlockType(text: string): string | undefined {
  const m = /-----BEGIN ([^\n-]*)-----\r?\n[\s\S]*?\n-----END \1-----/.exec(text);
  return m?.[1];
}

/** Whether the bytes hold a PEM `RSA PRIVATE KEY` block (`util_rsa.IsPrivateKeyPEMBytes`). */
export function isPrivateKeyPem(text: string): boolean {
  return pemBlockType(text) === RSA_PRIVATE;
}

/**
 * The private key of a PEM `RSA PRIVATE KEY` (`util_rsa.FromPEMBytesToPrivateKey`): another block type is
 * `invalid key encoding "<type>"`; bytes that are no PEM at all are read as PKCS#1 DER, as kuma-cp reads a
 * legacy key from a Secret.
 */
export function privateKeyFromBytes(bytes: Buffer): KeyObject {
  const text = bytes.toString('latin1');
  const type = pemBlockType(text);
  if (type === undefined) return createPrivateKey({ key: bytes, format: 'der', type: 'pkcs1' });
  if (type !== RSA_PRIVATE) throw new Error(`invalid key encoding ${JSON.stringify(type)}`);
  return createPrivateKey({ key: text, format: 'pem' });
}

/** The public key of a private key, as PEM PKCS#1 `RSA PUBLIC KEY` (`kumactl generate public-key`). */
export function publicKeyPem(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ type: 'pkcs1', format: 'pem' }) as string;
}

/**
 * The signing key in `path` for offline signing (`--signing-key-path`): exit 3 when it cannot be read or is
 * not a PEM RSA private key.
 */
export function readSigningKeyFile(path: string): KeyObject {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new InputError(goReadFileError(path, err));
  }
  const type = pemBlockType(bytes.toString('latin1'));
  if (type === undefined) {
    throw new InputError(`${path} holds no PEM data: --signing-key-path takes a PEM "RSA PRIVATE KEY"`, "make one with 'kumactl generate signing-key --format=pem > key.pem'");
  }
  try {
    return privateKeyFromBytes(bytes);
  } catch (err) {
    throw new InputError(`${path}: ${(err as Error).message}`, type !== RSA_PRIVATE ? 'the key must be a PEM "RSA PRIVATE KEY" (PKCS#1), as kumactl generate signing-key writes it' : undefined);
  }
}
