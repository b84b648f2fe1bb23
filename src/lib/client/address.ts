import type { ApiServer } from '../config/index.js';
import { PRODUCT } from '../version.js';
import { ExitCode, UserError } from '../errors.js';

const fail = (message: string, hint?: string) => new UserError(message, ExitCode.UNEXPECTED, hint);

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

/**
 * Go's url.ParseRequestURI as kumactl applies it to --address: an absolute URL or an absolute path.
 * (`localhost:5681` passes: its scheme is "localhost".) Returns Go's error text, or undefined.
 */
export function requestUriError(address: string): string | undefined {
  const q = JSON.stringify(address);
  if (address === '') return 'parse "": empty url';
  if (/[\x00-\x1f\x7f]/.test(address)) return `parse ${q}: net/url: invalid control character in URL`;
  if (address.startsWith('/')) return undefined;
  if (address.startsWith(':')) return `parse ${q}: missing protocol scheme`;
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(address) || !URL.canParse(address)) return `parse ${q}: invalid URI for request`;
  return undefined;
}
