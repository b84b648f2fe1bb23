import { describe, it, expect } from 'vitest';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dataplaneClaims, decodeToken, signToken, userClaims, verifyToken, zoneClaims, SigningKeyNotFound } from '../../src/lib/tokens/jwt.js';
import { parseStringSlice, parseTags, parseValidFor, readCsvLine, offlineSigning } from '../../src/lib/tokens/generate.js';
import { privateKeyFromBytes, publicKeyPem } from '../../src/lib/tokens/keys.js';

const KEY_PEM = readFileSync(fileURLToPath(new URL('../fixtures/tokens/signing-key.pem', import.meta.url)), 'utf8');
const key = createPrivateKey(KEY_PEM);
const publicKey = createPublicKey(key);
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0, 700);
const part = (token: string, i: number) => Buffer.from(token.split('.')[i]!, 'base64url').toString('utf8');

describe('tokens as kuma-cp 2.14 issues them', () => {
  it('has the header of golang-jwt with the kid, and the claims in Go field order then exp, nbf, iat, jti', async () => {
    const claims = dataplaneClaims({ name: 'dp-1', mesh: 'demo', tags: { 'kuma.io/service': ['web', 'api', 'web'], 'a/b': ['x'], empty: [] }, type: 'dataplane', workload: 'w' });
    const token = await signToken(claims, key, '7', 3600e3, NOW);
    expect(part(token, 0)).toBe('{"alg":"RS256","kid":"7","typ":"JWT"}');
    const payload = JSON.parse(part(token, 1));
    expect(Object.keys(payload)).toEqual(['Name', 'Mesh', 'Tags', 'Type', 'Workload', 'exp', 'nbf', 'iat', 'jti']);
    // tag names sorted, values deduplicated and sorted, tags without values left out
    expect(payload.Tags).toEqual({ 'a/b': ['x'], 'kuma.io/service': ['api', 'web'] });
    expect(Object.keys(payload.Tags)).toEqual(['a/b', 'kuma.io/service']);
    // issued 5 s in the past, expiring validFor + 5 s after that, whole seconds
    const issued = Math.floor((NOW - 5000) / 1000);
    expect(payload.iat).toBe(issued);
    expect(payload.nbf).toBe(issued);
    expect(payload.exp).toBe(Math.floor((NOW - 5000 + 3600e3 + 5000) / 1000));
    expect(payload.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("writes the claims as Go's encoding/json does: <, > and & escaped", async () => {
    const token = await signToken(userClaims({ name: 'R&D <ops>', groups: ['a&b'] }), key, '1', 1000, NOW);
    expect(part(token, 1)).toMatch(/^\{"Name":"R\\u0026D \\u003cops\\u003e","Groups":\["a\\u0026b"\],"exp":/);
    await expect(verifyToken(token, () => publicKey, NOW)).resolves.toMatchObject({ Name: 'R&D <ops>', Groups: ['a&b'] });
  });

  it('zone and user claims keep Go nil slices as null', async () => {
    const zone = JSON.parse(part(await signToken(zoneClaims({ zone: 'z', scope: ['ingress'] }), key, '1', 1000, NOW), 1));
    expect(Object.keys(zone)).toEqual(['Zone', 'Scope', 'exp', 'nbf', 'iat', 'jti']);
    const user = JSON.parse(part(await signToken(userClaims({ name: 'john', groups: null }), key, '1', 1000, NOW), 1));
    expect(Object.keys(user)).toEqual(['Name', 'Groups', 'exp', 'nbf', 'iat', 'jti']);
    expect(user.Groups).toBeNull();
  });

  it('verifies with the public key, and refuses an expired, a not yet valid, a foreign or a kid-less token', async () => {
    const token = await signToken(userClaims({ name: 'john', groups: ['a'] }), key, '1', 60e3, NOW);
    await expect(verifyToken(token, () => publicKey, NOW)).resolves.toMatchObject({ Name: 'john', Groups: ['a'] });
    await expect(verifyToken(token, () => publicKey, NOW + 61e3)).rejects.toThrow('token is expired');
    await expect(verifyToken(token, () => publicKey, NOW - 60e3)).rejects.toThrow("token is not yet valid: 'valid_from' date is in the future");
    const other = createPublicKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    await expect(verifyToken(token, () => other, NOW)).rejects.toThrow('token signature is invalid');
    await expect(verifyToken(token, () => undefined, NOW)).rejects.toBeInstanceOf(SigningKeyNotFound);
    const { SignJWT } = await import('jose');
    const noKid = await new SignJWT({ Name: 'x' }).setProtectedHeader({ alg: 'RS256' }).sign(key);
    await expect(verifyToken(noKid, () => publicKey, NOW)).rejects.toThrow('JWT token must have kid header');
    const decoded = await decodeToken(token);
    expect(decoded.header.kid).toBe('1');
  });

  it('reads keys as kuma-cp does: PEM RSA PRIVATE KEY, legacy PKCS#1 DER; another PEM type is refused', () => {
    const der = key.export({ type: 'pkcs1', format: 'der' });
    expect(publicKeyPem(privateKeyFromBytes(der))).toBe(publicKeyPem(key));
    expect(publicKeyPem(key)).toMatch(/^-----BEGIN RSA PUBLIC KEY-----\n/);
    const pkcs8 = key.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(() => privateKeyFromBytes(Buffer.from(pkcs8))).toThrow('invalid key encoding "PRIVATE KEY"');
  });
});

describe("kumactl's flag syntax", () => {
  it('--tag as pflag StringToString, then values split on commas', () => {
    expect(parseTags(['kuma.io/service=web,web-api'])).toEqual({ 'kuma.io/service': ['web', 'web-api'] });
    expect(parseTags(['a=1,b=2', 'c=3'])).toEqual({ a: ['1'], b: ['2'], c: ['3'] });
    expect(parseTags(['a=1', 'a=2'])).toEqual({ a: ['2'] });
    expect(() => parseTags(['a'])).toThrow('invalid argument "a" for "--tag" flag: a must be formatted as key=value');
    expect(() => parseTags(['a=1,2,b=3'])).toThrow('2 must be formatted as key=value');
  });

  it('slices as CSV, --valid-for as a Go duration', () => {
    expect(readCsvLine('a,"b,c",d')).toEqual(['a', 'b,c', 'd']);
    expect(parseStringSlice(['a,b', 'c', ''], 'group')).toEqual(['a', 'b', 'c']);
    expect(parseValidFor('1h30m')).toBe(5400e9);
    expect(() => parseValidFor('1d')).toThrow('invalid argument "1d" for "--valid-for" flag: time: unknown unit "d" in duration "1d"');
  });

  it('--kid goes with --signing-key-path and only with it', () => {
    expect(offlineSigning({})).toBeUndefined();
    expect(offlineSigning({ signingKeyPath: 'k.pem', kid: '1' })).toEqual({ path: 'k.pem', kid: '1' });
    expect(() => offlineSigning({ signingKeyPath: 'k.pem' })).toThrow('--kid is required when --signing-key-path is used');
    expect(() => offlineSigning({ kid: '1' })).toThrow('--kid cannot be used when --signing-key-path is used');
  });
});
