import { readFileSync } from 'node:fs';
import type { Dispatcher } from 'undici';
import { Agent, request } from './transport.js';
import type { ApiServer } from '../config/index.js';
import type { ResourceType } from '../resources/registry.js';
import { UserError, UsageError, ExitCode } from '../errors.js';
import { KUMA_VERSION, PRODUCT } from '../version.js';
import { KumaApiError, parseApiError, UnreachableError, NotKumaError, isHtml, POINT_ELSEWHERE } from './errors.js';
import { isRecord } from '../json.js';

export { KumaApiError, UnreachableError, NotKumaError } from './errors.js';

export interface ClientOptions {
  apiServer: ApiServer;
  /** Bound on every request, connection to last byte (0: none). */
  timeoutMs: number;
  /** Attempts for idempotent requests on 502/503/504, resets and refused connections. */
  attempts?: number;
  /** Called with warnings the client has for the user (skipVerify). */
  warn?: (message: string) => void;
}

export interface Response {
  status: number;
  text: string;
}

export interface ListPage {
  total: number;
  items: Record<string, unknown>[];
  next: string | null;
}

export interface IndexInfo {
  product: string;
  version: string;
  [key: string]: unknown;
}

const RETRY_STATUS = new Set([502, 503, 504]);
const RETRY_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET']);

/** kumactl's User-Agent shape: `kumactl/<version> (<os>; <arch>; <product>/<commit>)`. */
export const USER_AGENT = `kumactl/${KUMA_VERSION} (${process.platform}; ${process.arch === 'x64' ? 'amd64' : process.arch}; ${PRODUCT}/ts)`;

/** A client of Kuma's HTTP API: one keep-alive connection pool per run. */
export class KumaClient {
  private readonly dispatcher: Dispatcher;
  private readonly base: URL;
  private readonly headers: Record<string, string>;

  constructor(private readonly options: ClientOptions) {
    const api = options.apiServer;
    try {
      this.base = new URL(api.url);
    } catch {
      throw new UserError(`API Server URL is invalid: ${JSON.stringify(api.url)}`, ExitCode.USAGE);
    }
    if (this.base.protocol !== 'http:' && this.base.protocol !== 'https:') {
      throw new UserError(`unsupported protocol scheme ${JSON.stringify(this.base.protocol.replace(/:$/, ''))} in ${api.url}`, ExitCode.USAGE, 'use http://HOST:PORT or https://HOST:PORT');
    }
    this.dispatcher = new Agent({ connect: tlsOptions(api, options.warn), keepAliveTimeout: 10_000, pipelining: 1 });
    this.headers = { 'user-agent': USER_AGENT, accept: 'application/json' };
    if (api.authType === 'tokens' && api.authConf?.token) this.headers.authorization = `Bearer ${api.authConf.token}`;
    // `https://user:password@host` as Go's HTTP client reads it: basic auth (the URL sent has neither)
    else if (this.base.username || this.base.password) {
      this.headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(this.base.username)}:${decodeURIComponent(this.base.password)}`).toString('base64')}`;
    }
    for (const h of api.headers ?? []) this.headers[h.key.toLowerCase()] = h.value;
  }

  get url(): string {
    return this.options.apiServer.url;
  }

  /** Build the URL of an API path under the configured base (a base path prefix is kept). */
  urlOf(path: string, query?: Record<string, string> | URLSearchParams): string {
    return this.target(path, query).href;
  }

  private target(path: string, query?: Record<string, string> | URLSearchParams): URL {
    const basePath = this.base.pathname.replace(/\/+$/, '');
    const u = new URL(this.base.origin);
    u.pathname = `${basePath}${path}`;
    // repeated keys (`tag=a:1&tag=b:2`) come as URLSearchParams, in their order
    if (query instanceof URLSearchParams) for (const [k, v] of query) u.searchParams.append(k, v);
    else if (query) for (const [k, v] of Object.entries(query).sort(([a], [b]) => (a < b ? -1 : 1))) u.searchParams.set(k, v);
    return u;
  }

  /** One request, retried with backoff when it is idempotent and the failure is transient. */
  async send(method: 'GET' | 'PUT' | 'DELETE' | 'POST', path: string, options: { body?: unknown; query?: Record<string, string> | URLSearchParams } = {}): Promise<Response> {
    const target = this.target(path, options.query);
    const url = target.href;
    const attempts = this.options.attempts ?? 4;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await sleep(100 * 2 ** (attempt - 2));
      // the API timeout bounds the whole exchange, body included: a plain timer, where AbortSignal.timeout's
      // weakly held one cost about 15 µs a request (5,000 PUTs: 80 ms of CPU in a cpu profile)
      const deadline = this.options.timeoutMs > 0 ? new AbortController() : undefined;
      const timer = deadline && setTimeout(() => deadline.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), this.options.timeoutMs);
      try {
        const res = await request(this.dispatcher, target, {
          method,
          headers: options.body !== undefined ? { ...this.headers, 'content-type': 'application/json' } : this.headers,
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
          ...(deadline ? { signal: deadline.signal } : {}),
        });
        const text = await res.body.text();
        if (RETRY_STATUS.has(res.statusCode) && attempt < attempts) {
          lastError = new UnreachableError(`${method} ${url}: the control plane answered ${res.statusCode}`);
          continue;
        }
        return { status: res.statusCode, text };
      } catch (err) {
        lastError = err;
        const code = errorCode(err);
        if (!RETRY_CODES.has(code) || attempt === attempts) break;
      } finally {
        clearTimeout(timer);
      }
    }
    if (lastError instanceof UserError) throw lastError;
    throw this.connectionError(method, url, lastError);
  }

  private connectionError(method: string, url: string, err: unknown): UnreachableError {
    const code = errorCode(err);
    const name = (err as Error)?.name;
    let why: string;
    if (name === 'TimeoutError' || name === 'AbortError') why = `no answer within the API timeout (${this.options.timeoutMs / 1000}s; --api-timeout sets it)`;
    else if (code === 'ECONNREFUSED') why = 'connection refused';
    else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') why = 'host not found';
    else if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS|SSL/i.test(code) || /certificate/i.test((err as Error)?.message ?? '')) {
      why = `TLS verification failed: ${(err as Error).message} (set caCertFile for this control plane, or skipVerify)`;
    } else why = (err as Error)?.message ?? String(err);
    return new UnreachableError(`could not reach the control plane at ${this.base.origin}: ${why} (${method} ${url})`, POINT_ELSEWHERE);
  }

  /** Parse a JSON answer, or throw the control plane's error as kumactl shows it. */
  private expectJson(res: Response, ok: number[], what: string): unknown {
    if (ok.includes(res.status)) {
      if (res.text.trim() === '') return {};
      try {
        return JSON.parse(res.text);
      } catch {
        throw this.notKuma(`${what}: the answer is not JSON`);
      }
    }
    throw this.failure(res, what);
  }

  failure(res: Response, what: string): UserError {
    const api = parseApiError(res.status, res.text);
    if (api) return api;
    if (isHtml(res.text)) {
      // a web server's page: no Kuma API path answers with one (5xx: likely a proxy whose upstream is down)
      if (res.status >= 500) return new UnreachableError(`${what}: the answer is an HTML page (${res.status}), not JSON`, POINT_ELSEWHERE);
      return this.notKuma(`${what}: the answer is an HTML page (${res.status}), not JSON`);
    }
    const body = res.text.trim().slice(0, 200);
    if (res.status >= 500) return new UnreachableError(`${what}: (${res.status}): ${body}`);
    return new UserError(`${what}: (${res.status}): ${body}`, ExitCode.REJECTED);
  }

  async index(): Promise<IndexInfo> {
    const res = await this.send('GET', '/');
    const json = this.expectJson(res, [200], `GET ${this.urlOf('/')}`) as IndexInfo;
    if (typeof json !== 'object' || json === null || typeof json.version !== 'string') {
      throw new NotKumaError(`${this.base.origin} does not look like a Kuma control plane (no version in GET /)`);
    }
    return json;
  }

  itemPath(type: ResourceType, mesh: string | undefined, name: string): string {
    return type.scope === 'Mesh' ? `/meshes/${segment(mesh ?? 'default', 'mesh')}/${type.path}/${segment(name, 'name')}` : `/${type.path}/${segment(name, 'name')}`;
  }

  /** GET one resource; undefined when it does not exist. */
  async get(type: ResourceType, mesh: string | undefined, name: string): Promise<Record<string, unknown> | undefined> {
    const res = await this.send('GET', this.itemPath(type, mesh, name));
    if (res.status === 404) {
      const api = parseApiError(res.status, res.text);
      if (api && api.title === 'Failed to retrieve Mesh') throw api;
      if (!api && isHtml(res.text)) throw this.failure(res, `GET ${this.urlOf(this.itemPath(type, mesh, name))}`);
      return undefined;
    }
    const json = this.expectJson(res, [200], `failed to get ${name}`);
    if (!isRecord(json) || json.type !== type.name) throw this.notKuma(`GET ${this.urlOf(this.itemPath(type, mesh, name))} answered something that is not a ${type.name}`);
    return json;
  }

  /** An answer no Kuma control plane would give: the address points at something else. */
  private notKuma(what: string): NotKumaError {
    return new NotKumaError(`${what} (is ${this.base.origin} a Kuma control plane?)`, POINT_ELSEWHERE);
  }

  /** GET a list page: one mesh, every mesh (`allMeshes`), or a global type. */
  async list(type: ResourceType, scope: { mesh?: string; allMeshes?: boolean }, page: { size?: number; offset?: string } = {}): Promise<ListPage> {
    const path = type.scope === 'Mesh' && !scope.allMeshes ? `/meshes/${segment(scope.mesh ?? 'default', 'mesh')}/${type.path}` : `/${type.path}`;
    const query: Record<string, string> = {};
    if (page.offset) query.offset = page.offset;
    if (page.size) query.size = String(page.size);
    const res = await this.send('GET', path, { query });
    const json = this.expectJson(res, [200], `failed to list ${type.name}`) as Partial<ListPage>;
    if (!isRecord(json) || !Array.isArray(json.items) || typeof json.total !== 'number') throw this.notKuma(`GET ${this.urlOf(path)} answered something that is not a list of ${type.name}`);
    return { total: json.total, items: json.items, next: typeof json.next === 'string' ? json.next : null };
  }

  /** Every item of a list, following `next` (for counts and completions). */
  async listAll(type: ResourceType, scope: { mesh?: string; allMeshes?: boolean }): Promise<Record<string, unknown>[]> {
    return (await this.listUpTo(type, scope, Infinity))!;
  }

  /** Every item of a list, or undefined as soon as the list turns out to hold more than `atMost`. */
  async listUpTo(type: ResourceType, scope: { mesh?: string; allMeshes?: boolean }, atMost: number): Promise<Record<string, unknown>[] | undefined> {
    const items: Record<string, unknown>[] = [];
    let offset: string | undefined;
    for (;;) {
      const page = await this.list(type, scope, { size: 1000, ...(offset ? { offset } : {}) });
      if (page.total > atMost) return undefined;
      items.push(...page.items);
      offset = page.next ? (new URL(page.next).searchParams.get('offset') ?? undefined) : undefined;
      if (!offset || page.items.length === 0) return items;
    }
  }

  /** PUT a resource (create or update); answers the status and the server's warnings. */
  async put(type: ResourceType, resource: Record<string, unknown>): Promise<{ status: number; warnings: string[] }> {
    const mesh = typeof resource.mesh === 'string' ? resource.mesh : undefined;
    const res = await this.send('PUT', this.itemPath(type, mesh, String(resource.name)), { body: resource });
    const json = this.expectJson(res, [200, 201], `failed to apply ${type.name} "${String(resource.name)}"`) as { warnings?: unknown };
    const warnings = Array.isArray(json.warnings) ? json.warnings.map(String) : [];
    return { status: res.status, warnings };
  }

  /** DELETE a resource; false when it did not exist. */
  async delete(type: ResourceType, mesh: string | undefined, name: string): Promise<boolean> {
    const res = await this.send('DELETE', this.itemPath(type, mesh, name));
    if (res.status === 404) {
      const api = parseApiError(res.status, res.text);
      if (api && api.title !== 'Failed to retrieve Mesh') return false;
      if (api) throw api;
    }
    this.expectJson(res, [200], `failed to delete ${type.name} with the name "${name}"`);
    return true;
  }

  /**
   * `POST /tokens/<kind>` (dataplane, zone, user): the token kuma-cp answers as text/plain, or its error
   * (`what` leads the message, as kumactl's `failed to generate a dataplane token: ...`).
   */
  async generateToken(kind: 'dataplane' | 'zone' | 'user', body: unknown, what: string): Promise<string> {
    const res = await this.send('POST', `/tokens/${kind}`, { body });
    if (res.status === 200) return res.text;
    const err = this.failure(res, what);
    if (err instanceof KumaApiError) throw new UserError(`${what}: ${err.message}`, err.exitCode, err.hint);
    throw err;
  }

  async meshInsights(): Promise<Record<string, unknown>[]> {
    const res = await this.send('GET', '/mesh-insights');
    const json = this.expectJson(res, [200], 'failed to list mesh insights') as { items?: unknown };
    return Array.isArray(json.items) ? (json.items as Record<string, unknown>[]) : [];
  }

  async meshInsight(name: string): Promise<Record<string, unknown> | undefined> {
    const res = await this.send('GET', `/mesh-insights/${name}`);
    if (res.status === 404 && !isHtml(res.text)) return undefined;
    return this.expectJson(res, [200], `failed to get the insight of mesh ${name}`) as Record<string, unknown>;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

/** `GET /` against coordinates not (yet) in the config: `config control-planes add` checks with it. */
export async function fetchIndex(apiServer: ApiServer, timeoutMs: number): Promise<IndexInfo> {
  const client = new KumaClient({ apiServer: { ...apiServer, authType: undefined, authConf: undefined }, timeoutMs, attempts: 1 });
  try {
    return await client.index();
  } finally {
    await client.close();
  }
}

function tlsOptions(api: ApiServer, warn?: (message: string) => void): Record<string, unknown> {
  const read = (file: string, what: string) => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new UserError(`could not read ${what} ${file}: ${(err as Error).message}`, ExitCode.USAGE);
    }
  };
  const connect: Record<string, unknown> = {};
  if (api.skipVerify) {
    connect.rejectUnauthorized = false;
    warn?.(`TLS certificate verification is off for ${api.url} (skipVerify): anyone on the path can read and change this traffic`);
  } else if (api.caCertFile) {
    connect.ca = read(api.caCertFile, 'CA certificate');
  }
  if (api.clientCertFile && api.clientKeyFile) {
    connect.cert = read(api.clientCertFile, 'client certificate');
    connect.key = read(api.clientKeyFile, 'client key');
  }
  return connect;
}

/**
 * A name as one segment of a URL path. `.`, `..` and `/` would make it another path (`delete
 * meshtimeout ..` would be `DELETE /meshes/m/`, the mesh itself): no Kuma name has them, so they are
 * refused before anything is sent; the rest is percent-encoded.
 */
function segment(name: string, what: 'name' | 'mesh'): string {
  if (name === '' || name === '.' || name === '..' || /[/\\]/.test(name)) {
    throw new UsageError(`invalid ${what} ${JSON.stringify(name)}: a Kuma ${what === 'mesh' ? 'mesh name' : 'resource name'} is never empty, "." or "..", and has no "/" or "\\"`);
  }
  return encodeURIComponent(name);
}

function errorCode(err: unknown): string {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.cause?.code ?? e?.code ?? '';
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

