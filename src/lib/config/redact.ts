/** Credentials hidden in what `config view` (and `--log-level debug`) print. */
import type { KumactlConfig } from './model.js';

export const REDACTED = '<redacted>';

const SECRET_CONF_KEY = /token|password|secret|key/i;
const SECRET_HEADER = /^(authorization|proxy-authorization|cookie)$|token|secret|passw(or)?d|api-?key|credential/i;
const SECRET_HEADER_VALUE = /^(bearer|basic|token)\s/i;
/** The password of `scheme://user:password@host` (Go's HTTP client sends it as basic auth). */
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*:)[^/?#]*@/i;

/** An API server URL without the password it may carry. */
export function maskUrl(url: string): string {
  return url.replace(URL_PASSWORD, `$1${REDACTED}@`);
}

/** A copy with credentials replaced by `<redacted>`: authConf values, credential-bearing headers, URL passwords. */
export function maskSecrets(config: KumactlConfig): KumactlConfig {
  const copy = structuredClone(config);
  for (const cp of copy.controlPlanes ?? []) {
    const api = cp.coordinates?.apiServer;
    if (!api) continue;
    if (api.url) api.url = maskUrl(api.url);
    if (api.authConf) for (const k of Object.keys(api.authConf)) if (SECRET_CONF_KEY.test(k) && api.authConf[k]) api.authConf[k] = REDACTED;
    for (const h of api.headers ?? []) if ((SECRET_HEADER.test(h.key) || SECRET_HEADER_VALUE.test(h.value)) && h.value) h.value = REDACTED;
  }
  return copy;
}
