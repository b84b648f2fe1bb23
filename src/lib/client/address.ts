import type { ApiServer } from '../config/index.js';
import { PRODUCT } from '../version.js';
import { ExitCode, UserError } from '../errors.js';
import { goParseRequestURIError } from '../go/url.js';

const fail = (message: string, hint?: string) => new UserError(message, ExitCode.UNEXPECTED, hint);

/** The coordinates flags of `config control-planes add`. */
export interface CoordinateFlags {
  'ca-cert-file'?: string | undefined;
  'client-cert-file'?: string | undefined;
  'client-key-file'?: string | undefined;
  'skip-verify': boolean;
  'auth-type'?: string | undefined;
}

/**
 * `config control-planes add`'s API server coordinates, checked as kumactl checks them (the address,
 * the client certificate and key together, the auth plugin); the auth settings are left for after the
 * connection check, which does not use them.
 */
export function apiServerFrom(address: string, flags: CoordinateFlags, headers: Record<string, string>, authConf: Record<string, string>): ApiServer {
  const invalid = goParseRequestURIError(address);
  if (invalid) throw fail(`API Server URL is invalid: ${invalid}`);
  if ((flags['client-cert-file'] === undefined) !== (flags['client-key-file'] === undefined)) {
    throw fail('Both --client-cert-file and --client-key-file needs to be specified');
  }
  const authType = flags['auth-type'];
  if (authType) {
    if (authType !== 'tokens') throw fail(`authentication plugin of type ${JSON.stringify(authType)} is not found`);
    if (!authConf.token) throw fail('--auth-conf is not valid: provide token=YOUR_TOKEN');
  }
  const apiServer: ApiServer = { url: address };
  if (flags['ca-cert-file']) apiServer.caCertFile = flags['ca-cert-file'];
  if (flags['client-cert-file']) apiServer.clientCertFile = flags['client-cert-file'];
  if (flags['client-key-file']) apiServer.clientKeyFile = flags['client-key-file'];
  const headerList = Object.entries(headers)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => ({ key, value }));
  if (headerList.length > 0) apiServer.headers = headerList;
  if (flags['skip-verify']) apiServer.skipVerify = true;
  return apiServer;
}

/** `config control-planes add`'s check: GET <address>/ with the new coordinates (TLS and headers, not the auth plugin). */
export async function checkControlPlane(apiServer: ApiServer, timeoutMs: number): Promise<void> {
  const { fetchIndex } = await import('./index.js');
  let index: { product: string; version: string };
  try {
    index = await fetchIndex(apiServer, timeoutMs);
  } catch (err) {
    throw fail(`could not connect to the Control Plane API Server: ${(err as Error).message}`, 'check --address, or add it without checking with --skip-check');
  }
  if (index.product !== PRODUCT && !String(index.version).includes('preview')) {
    throw fail(`this CLI is for ${PRODUCT} but the control plane you're connected to is ${index.product}. Please use the CLI for your control plane`);
  }
}
