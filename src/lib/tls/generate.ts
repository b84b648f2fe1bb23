/** `kumactl generate tls-certificate`: its checks and texts (kumactl 2.14.3), then the files. */
import { writeFileSync } from 'node:fs';
import { UsageError, UserError } from '../errors.js';
import { parseStringSlice } from '../tokens/generate.js';
import { newSelfSignedCert, type CertType, type KeyType } from './self-signed.js';
import { goErrnoText } from '../go/os.js';

export interface TlsCertificateOptions {
  certType: string;
  keyType: string;
  hostnames: readonly string[];
  keyFile: string;
  certFile: string;
}

/** Make the pair and write it; answers what goes to stdout (a PEM for `-`, or where the files are). */
export async function generateTlsCertificate(opts: TlsCertificateOptions): Promise<string> {
  if (opts.certType !== 'client' && opts.certType !== 'server') {
    throw new UsageError(`invalid certificate type ${JSON.stringify(opts.certType)}`, '--type takes client or server');
  }
  const hostnames = parseStringSlice(opts.hostnames, 'hostname');
  if (hostnames.length === 0) throw new UsageError('at least one hostname must be given');
  if (opts.keyType !== '' && opts.keyType !== 'rsa' && opts.keyType !== 'ecdsa') {
    throw new UsageError(`invalid key type ${JSON.stringify(opts.keyType)}`, '--key-type takes rsa (the default) or ecdsa');
  }
  let pair;
  try {
    pair = await newSelfSignedCert(opts.certType as CertType, (opts.keyType || 'rsa') as KeyType, hostnames);
  } catch (err) {
    throw new UserError(`could not generate certificate: ${(err as Error).message}`);
  }
  let out = '';
  const write = (file: string, text: string, mode: number, what: string) => {
    if (file === '-') {
      out += text;
      return;
    }
    try {
      writeFileSync(file, text, { mode });
    } catch (err) {
      throw new UserError(`could not write the ${what} file: open ${file}: ${goErrnoText(err) ?? (err as Error).message}`);
    }
  };
  write(opts.keyFile, pair.keyPem, 0o400, 'key');
  write(opts.certFile, pair.certPem, 0o600, 'cert');
  if (opts.certFile !== '-' && opts.keyFile !== '-') out += `Private key saved in ${opts.keyFile}\nCertificate saved in ${opts.certFile}\n`;
  return out;
}
