import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { timingSafeEqual, createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { AddressInfo } from 'node:net';
import { finished } from 'node:stream';
import { typeByPath, type ResourceType } from '../resources/registry.js';
import { isRecord } from '../json.js';
import { ApiError, PlainError } from './api-error.js';
import { ADMIN, ANONYMOUS, renderJson, type Caller, type ControlPlaneEngine } from './engine.js';
import type { StoredResource } from './store/types.js';
import { OVERVIEWS, typeByLegacyOverviewPath } from './insights.js';
import { handleRules, isRulesPath } from './rules-routes.js';
import type { TokenKind } from '../tokens/jwt.js';
import { inspectEndpoint, type InspectContext } from './inspect-routes.js';
import { legacyPoliciesEndpoint } from './legacy-policies.js';

const TOKEN_KINDS: readonly string[] = ['dataplane', 'zone', 'user'];
const AUTHENTICATED = 'mesh-system:authenticated';

/*
 * The HTTP face of the local control plane: kuma-cp 2.14's resource API (kuma-api.md), its error
 * envelope, pagination and filters, and its plain-text router errors.
 */

export interface ServerOptions {
  address: string;
  port: number;
  /** When set, every request but `GET /` must carry `Authorization: Bearer <token>`. */
  adminToken?: string;
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Request bodies over this many bytes get 413 (default 5 MiB). */
  bodyLimit?: number;
}

const MAX_PAGE = 1000;
/** Deepest JSON nesting a PUT body may have (Kuma resources need a few dozen levels at most). */
const MAX_DEPTH = 512;
const DEFAULT_PAGE = 100;

type Route =
  | { kind: 'index' }
  | { kind: 'resources' }
  | { kind: 'whoami' }
  | { kind: 'token'; token: TokenKind }
  | { kind: 'list'; type: ResourceType; mesh?: string; template: string }
  | { kind: 'item'; type: ResourceType; mesh?: string; name: string }
  | { kind: 'overviews'; type: ResourceType; mesh?: string; template: string }
  | { kind: 'overview'; type: ResourceType; mesh?: string; name: string }
  | { kind: 'service-insights'; mesh?: string; template: string }
  | { kind: 'service-insight'; mesh: string; name: string }
  | { kind: 'gateway-dataplanes'; mesh: string; name: string }
  | { kind: 'unsupported'; type: ResourceType; mesh?: string; name: string; what: string };

export class ControlPlaneServer {
  private server?: Server;
  private inFlight = 0;
  private idle: Array<() => void> = [];
  private readonly tokenDigest?: Buffer;
  /** Buffers for list bodies, reused: a page not cached would otherwise be 100 KB of garbage a request. */
  private readonly bodies = new BodyBuffers();

  constructor(
    readonly engine: ControlPlaneEngine,
    readonly options: ServerOptions,
  ) {
    if (options.adminToken !== undefined) this.tokenDigest = digest(options.adminToken);
  }

  /** Start listening; answers the URL to reach it. */
  async listen(): Promise<string> {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    const server = this.options.tls ? createHttpsServer({ cert: this.options.tls.cert, key: this.options.tls.key }, handler) : createHttpServer(handler);
    server.keepAliveTimeout = 120_000;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.address, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const host = isIP(this.options.address) === 6 ? `[${this.options.address}]` : this.options.address;
    return `${this.options.tls ? 'https' : 'http'}://${host}:${port}`;
  }

  /** Stop accepting, let requests in flight finish, then return. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    server.closeIdleConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    try {
      await this.dispatch(req, res);
    } catch (err) {
      this.fail(res, err, req.method ?? 'GET');
    } finally {
      if (--this.inFlight === 0) for (const done of this.idle.splice(0)) done();
    }
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // URL parsing resolves `..` (and `%2e%2e`, `\`): `DELETE /meshes/a/meshtimeouts/..` would delete Mesh a.
    if (hasDotSegment(req.url ?? '/')) throw pageNotFound();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    if (isRulesPath(url.pathname)) return handleRules(this.engine, method, url.pathname, await this.authenticate(req), res);
    const segments = url.pathname.split('/').filter((s) => s !== '').map(safeDecode);
    const inspect = inspectEndpoint(segments) ?? legacyPoliciesEndpoint(segments);
    if (inspect) return this.answerInspect(inspect, method, req, res, url);
    const route = this.route(url.pathname);
    if (route.kind === 'index') {
      allow(method, ['GET']);
      return send(res, 200, this.engine.index());
    }
    const caller = await this.authenticate(req);
    if (route.kind === 'resources') {
      allow(method, ['GET']);
      return send(res, 200, this.engine.resourceCatalogue());
    }
    if (route.kind === 'whoami') {
      allow(method, ['GET']);
      return send(res, 200, { name: caller.name, groups: caller.groups });
    }
    if (route.kind === 'token') {
      allow(method, ['POST']);
      consumeJson(method, req.headers['content-type']);
      const text = await readBody(req, this.options.bodyLimit ?? 5 * 1024 * 1024);
      const token = await this.engine.tokens.issue(route.token, text, caller);
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(token) });
      res.end(token);
      return;
    }
    if (route.kind !== 'list' && route.kind !== 'item') return this.inspect(route, method, req, res, url, caller);
    if (route.kind === 'list') {
      allow(method, ['GET']);
      consumeJson(method, req.headers['content-type']);
      const query = listQuery(url.searchParams, route.template);
      const filter = route.type.name === 'Dataplane' ? dataplaneFilter(url.searchParams, route.template) : undefined;
      const body = this.bodies.take();
      const result = this.engine.list(route.type, route.mesh, query, caller, filter, body.alloc);
      const next = result.nextOffset !== undefined ? nextUrl(req, url, result.nextOffset, this.options.tls !== undefined) : null;
      // the body's buffer is written from until the response has gone to the socket
      if (body.taken()) finished(res, body.release);
      return sendList(res, result.total, result.items, next);
    }
    allow(method, ['GET', 'PUT', 'DELETE']);
    consumeJson(method, req.headers['content-type']);
    if (method === 'GET') return send(res, 200, this.engine.get(route.type, route.mesh, route.name, caller));
    if (method === 'DELETE') return send(res, 200, this.engine.delete(route.type, route.mesh, route.name, caller));
    this.engine.admitWrite(route.type, route.mesh);
    const text = await readBody(req, this.options.bodyLimit ?? 5 * 1024 * 1024);
    let body: unknown;
    try {
      // Go's decoder stops at a depth too; ours must stop before copying and validating overflow the stack.
      if (nestingDepth(text) > MAX_DEPTH) throw new Error('exceeded max depth');
      body = JSON.parse(text);
    } catch (err) {
      throw new ApiError(400, 'Bad Request', `invalid ${route.type.name} object: ${JSON.stringify((err as Error).message)}`);
    }
    const result = await this.engine.put(route.type, route.mesh, route.name, body, caller);
    return send(res, result.status, result.body);
  }

  /** The policy-matching inspection endpoints (inspect-routes.ts). */
  private async answerInspect(handler: (ctx: InspectContext) => { status: number; body: unknown }, method: string, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    allow(method, ['GET']);
    const caller = await this.authenticate(req);
    consumeJson(method, req.headers['content-type']);
    const tls = this.options.tls !== undefined;
    const answer = handler({
      engine: this.engine,
      caller,
      params: url.searchParams,
      listQuery: (template) => listQuery(url.searchParams, template),
      nextUrl: (offset) => nextUrl(req, url, offset, tls),
    });
    send(res, answer.status, answer.body);
  }

  /** Overviews, service insights and the inspect endpoints (read-only). */
  private inspect(route: Exclude<Route, { kind: 'index' | 'resources' | 'whoami' | 'list' | 'item' }>, method: string, req: IncomingMessage, res: ServerResponse, url: URL, caller: Caller): void {
    allow(method, ['GET']);
    consumeJson(method, req.headers['content-type']);
    const sendList = (result: { total: number; items: string[]; nextOffset?: number }) => {
      const next = result.nextOffset !== undefined ? nextUrl(req, url, result.nextOffset, this.options.tls !== undefined) : null;
      const items = result.items.length > 0 ? `[\n${result.items.join(',\n')}\n ]` : '[]';
      sendText(res, 200, `{\n "total": ${result.total},\n "items": ${items},\n "next": ${JSON.stringify(next)}\n}\n`);
    };
    switch (route.kind) {
      case 'overviews': {
        const query = listQuery(url.searchParams, route.template);
        const filter = route.type.name === 'Dataplane' ? dataplaneFilter(url.searchParams, route.template) : undefined;
        return sendList(this.engine.listOverviews(route.type, route.mesh, query, caller, filter));
      }
      case 'overview':
        return send(res, 200, this.engine.getOverview(route.type, route.mesh, route.name, caller));
      case 'service-insights':
        return sendList(this.engine.listServiceInsights(route.mesh, listQuery(url.searchParams, route.template)));
      case 'service-insight':
        return send(res, 200, this.engine.getServiceInsight(route.mesh, route.name));
      case 'gateway-dataplanes':
        return send(res, 200, this.engine.meshGatewayDataplanes(route.mesh, route.name));
      case 'unsupported':
        return this.engine.notSupported(route.type, route.mesh, route.name, caller, route.what);
    }
  }

  /** Routes beyond plain resources: `_overview`, `+insights`, service insights, inspect endpoints. */
  private inspectRoute(segments: string[]): Route | undefined {
    let mesh: string | undefined;
    let rest = segments;
    if (segments[0] === 'meshes' && segments.length >= 3) {
      mesh = segments[1]!;
      rest = segments.slice(2);
    }
    const [first, second, third, fourth, ...more] = rest;
    if (more.length > 0) return undefined;
    // a mesh-scoped type under /meshes/{mesh} or across meshes; a global type only outside /meshes
    const scoped = (type: ResourceType) => type.scope === 'Mesh' || mesh === undefined;
    const template = (p: string) => (mesh !== undefined ? `/meshes/{mesh}/${p}` : `/${p}`);
    if (first === 'service-insights') {
      if (second === undefined) return { kind: 'service-insights', ...(mesh !== undefined ? { mesh } : {}), template: template(first) };
      if (mesh !== undefined && third === undefined) return { kind: 'service-insight', mesh, name: second };
      return undefined;
    }
    const legacy = first !== undefined ? typeByLegacyOverviewPath(first) : undefined;
    if (legacy && scoped(legacy) && third === undefined) {
      if (second === undefined) return { kind: 'overviews', type: legacy, ...(mesh !== undefined ? { mesh } : {}), template: template(first!) };
      if (legacy.scope === 'Global' || mesh !== undefined) return { kind: 'overview', type: legacy, ...(mesh !== undefined ? { mesh } : {}), name: second };
    }
    const type = first !== undefined ? typeByPath(first) : undefined;
    if (!type || second === undefined || !scoped(type)) return undefined;
    if (OVERVIEWS[type.name] && second === '_overview' && third === undefined) {
      return { kind: 'overviews', type, ...(mesh !== undefined ? { mesh } : {}), template: template(`${first}/_overview`) };
    }
    if (third === undefined || (type.scope === 'Mesh' && mesh === undefined)) return undefined;
    const at = { type, ...(mesh !== undefined ? { mesh } : {}), name: second };
    if (OVERVIEWS[type.name] && third === '_overview' && fourth === undefined) return { kind: 'overview', ...at };
    if (type.name === 'MeshGateway' && third === 'dataplanes' && fourth === undefined) return { kind: 'gateway-dataplanes', mesh: mesh!, name: second };
    if (type.policy && third === 'dataplanes' && fourth === undefined) return { kind: 'unsupported', ...at, what: `Listing the data plane proxies a ${type.name} applies to` };
    if (type.name === 'Dataplane' && fourth === undefined && third === 'policies') {
      return { kind: 'unsupported', ...at, what: 'Listing the policies that apply to a data plane proxy' };
    }
    if (['Dataplane', 'ZoneIngress', 'ZoneEgress'].includes(type.name) && fourth === undefined && ['xds', 'stats', 'clusters', '_config'].includes(third)) {
      return { kind: 'unsupported', ...at, what: `Reading a proxy's Envoy ${third === 'xds' ? 'config dump' : third.replace(/^_/, '')} (no proxy connects to it)` };
    }
    return undefined;
  }

  private route(pathname: string): Route {
    const segments = pathname.split('/').filter((s) => s !== '').map(safeDecode);
    if (segments.length === 0) return { kind: 'index' };
    const special = this.inspectRoute(segments);
    if (special) return special;
    const [first, second, third, fourth, ...rest] = segments;
    if (rest.length > 0) throw pageNotFound();
    if (first === '_resources' && second === undefined) return { kind: 'resources' };
    if (first === 'who-am-i' && second === undefined) return { kind: 'whoami' };
    if (first === 'tokens') {
      if (second === undefined || third !== undefined || !TOKEN_KINDS.includes(second)) throw pageNotFound();
      return { kind: 'token', token: second as TokenKind };
    }
    if (first === 'meshes' && third !== undefined) {
      const type = typeByPath(third);
      if (!type || type.scope !== 'Mesh') throw pageNotFound();
      if (fourth === undefined) return { kind: 'list', type, mesh: second!, template: `/meshes/{mesh}/${type.path}` };
      return { kind: 'item', type, mesh: second!, name: fourth };
    }
    if (fourth !== undefined || third !== undefined) throw pageNotFound();
    const type = typeByPath(first!);
    if (!type) throw pageNotFound();
    if (type.scope === 'Mesh') {
      if (second !== undefined) throw pageNotFound();
      return { kind: 'list', type, template: `/${type.path}` };
    }
    if (second === undefined) return { kind: 'list', type, template: `/${type.path}` };
    return { kind: 'item', type, name: second };
  }

  /**
   * kuma-cp's localhost-is-admin rule (hardened as in 2.14), or the configured admin token; otherwise a
   * user token this control plane issued (`kumactl generate user-token`), as kuma-cp's token
   * authenticator reads it: the user of its claims, plus the group `mesh-system:authenticated`.
   */
  private async authenticate(req: IncomingMessage): Promise<Caller> {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (this.tokenDigest && m && timingSafeEqual(digest(m[1]!), this.tokenDigest)) return ADMIN;
    if (!this.tokenDigest && isLocalAdmin(req)) return ADMIN;
    if (m) {
      try {
        const claims = await this.engine.tokens.verify('user', m[1]!);
        const groups = Array.isArray(claims.Groups) ? claims.Groups.filter((g): g is string => typeof g === 'string') : [];
        return { name: typeof claims.Name === 'string' ? claims.Name : '', groups: [...groups, AUTHENTICATED] };
      } catch {
        throw new ApiError(401, 'Invalid authentication data', 'Unauthenticated');
      }
    }
    if (this.tokenDigest) throw new ApiError(401, 'Invalid authentication data', 'Unauthenticated');
    return ANONYMOUS;
  }

  private fail(res: ServerResponse, err: unknown, method: string): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (err instanceof PlainError) {
      res.writeHead(err.status, { 'content-type': 'text/plain; charset=utf-8', ...err.headers });
      res.end(err.text);
      return;
    }
    if (err instanceof ApiError) {
      // The rest of a body over the limit is left unread: this connection cannot carry another request.
      if (err.status === 413) res.setHeader('connection', 'close');
      return send(res, err.status, err.toJSON());
    }
    process.stderr.write(`control plane: ${method} failed: ${(err as Error).stack ?? String(err)}\n`);
    const title = method === 'POST' ? 'Could not issue a token' : method === 'PUT' ? 'Could not process a resource' : method === 'DELETE' ? 'Could not delete a resource' : 'Could not retrieve a resource';
    send(res, 500, new ApiError(500, title, 'Internal Server Error').toJSON());
  }
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

function safeDecode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A `.` or `..` path segment, also percent-encoded, or a backslash (which URL parsing reads as `/`). */
function hasDotSegment(rawUrl: string): boolean {
  const path = rawUrl.split('?')[0]!;
  if (!path.includes('.') && !path.includes('%')) return path.includes('\\');
  return path.includes('\\') || path.split('/').some((s) => /^\.{1,2}$/.test(safeDecode(s)));
}

/** The deepest nesting of objects and arrays in JSON text (brackets inside strings do not count). */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

function pageNotFound(): PlainError {
  return new PlainError(404, '404: Page Not Found');
}

function allow(method: string, methods: string[]): void {
  if (!methods.includes(method)) throw new PlainError(405, '405: Method Not Allowed', { allow: methods.join(', ') });
}

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?$/i;

/** Loopback peer, no proxy headers, a loopback Host, and no cross-site browser request. */
function isLocalAdmin(req: IncomingMessage): boolean {
  const peer = req.socket.remoteAddress ?? '';
  const loopback = peer === '::1' || peer.startsWith('127.') || peer.startsWith('::ffff:127.');
  if (!loopback) return false;
  if (req.headers.forwarded || req.headers['x-forwarded-for'] || req.headers['x-real-ip']) return false;
  if (!LOOPBACK_HOST.test(req.headers.host ?? '')) return false;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    try {
      const o = new URL(origin);
      if (`${o.host}` !== req.headers.host || o.pathname !== '/' || o.search || o.username) return false;
    } catch {
      return false;
    }
  }
  return true;
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(limit: number): ApiError {
  return new ApiError(413, 'Request body too large', `the body exceeds the limit of ${limit} bytes`);
}

/** Pagination and label filters, with kuma-cp's exact 400s. */
function listQuery(params: URLSearchParams, template: string): { offset: number; size: number; name?: string; labels?: Record<string, string> } {
  const title = 'Could not retrieve resources';
  let size = DEFAULT_PAGE;
  const rawSize = params.get('size');
  if (rawSize !== null && rawSize !== '') {
    if (!/^[+-]?\d+$/.test(rawSize)) throw new ApiError(400, title, 'Invalid page size', [{ field: 'size', reason: 'invalid format' }]);
    size = Number(rawSize);
    if (size <= 0) throw new ApiError(400, title, 'Invalid page size', [{ field: 'size', reason: 'must be greater than 0' }]);
    if (size > MAX_PAGE) throw new ApiError(400, title, 'Invalid page size', [{ field: 'size', reason: `invalid page size of ${rawSize}. Maximum page size is ${MAX_PAGE}` }]);
  }
  let offset = 0;
  const rawOffset = params.get('offset');
  if (rawOffset !== null && rawOffset !== '') {
    if (!/^[+-]?\d+$/.test(rawOffset)) throw new ApiError(400, title, `invalid: invalid offset: strconv.Atoi: parsing ${JSON.stringify(rawOffset)}: invalid syntax`);
    offset = Number(rawOffset);
    if (offset < 0) throw new ApiError(400, title, 'invalid: invalid offset: must be non-negative');
    if (!Number.isSafeInteger(offset)) throw new ApiError(400, title, 'invalid: invalid offset: exceeds maximum value');
  }
  const labels: Record<string, string> = {};
  const invalid: Array<{ field: string; reason: string }> = [];
  for (const [key, value] of params) {
    if (!key.startsWith('filter[')) continue;
    const m = /^filter\[labels\.(.+?)\](.*)$/.exec(key);
    if (!m) invalid.push({ field: `${template}.${key}`, reason: 'filters are only supported on labels' });
    else if (m[2] !== '') invalid.push({ field: `${template}.${key}`, reason: 'advanced filters are not supported' });
    else labels[m[1]!] = value;
  }
  if (invalid.length > 0) throw new ApiError(400, title, 'Resource is not valid', invalid);
  const query: { offset: number; size: number; name?: string; labels?: Record<string, string> } = { offset, size };
  const name = params.get('name');
  if (name !== null && name !== '') query.name = name;
  if (Object.keys(labels).length > 0) query.labels = labels;
  return query;
}

/** Dataplane-only filters: `tag=key:value` (fuzzy, `*` matches all) and `gateway=true|false|builtin|delegated`. */
function dataplaneFilter(params: URLSearchParams, template: string): ((r: StoredResource) => boolean) | undefined {
  const tags = params
    .getAll('tag')
    .filter((t) => t.includes(':'))
    .map((t) => [t.slice(0, t.indexOf(':')), t.slice(t.indexOf(':') + 1)] as const);
  const gateway = params.get('gateway');
  if (gateway !== null && !['true', 'false', 'builtin', 'delegated'].includes(gateway)) {
    throw new ApiError(400, 'Could not retrieve resources', 'Resource is not valid', [
      { field: `${template}.gateway`, reason: `shoud use \`true\`, \`false\`, 'builtin' or 'delegated' instead of ${gateway}` },
    ]);
  }
  if (tags.length === 0 && gateway === null) return undefined;
  const matches = (set: unknown) =>
    isRecord(set) && tags.every(([k, v]) => typeof set[k] === 'string' && (v === '*' || (set[k] as string).includes(v)));
  return (r) => {
    const networking = isRecord(r.spec.networking) ? r.spec.networking : {};
    const gw = isRecord(networking.gateway) ? networking.gateway : undefined;
    if (gateway !== null) {
      const type = gw ? (gw.type === 'BUILTIN' || gw.type === 1 ? 'builtin' : 'delegated') : undefined;
      if (gateway === 'false' && gw) return false;
      if (gateway === 'true' && !gw) return false;
      if ((gateway === 'builtin' || gateway === 'delegated') && type !== gateway) return false;
    }
    if (tags.length === 0) return true;
    const inbounds = Array.isArray(networking.inbound) ? networking.inbound : [];
    return inbounds.some((i) => isRecord(i) && matches(i.tags)) || (gw !== undefined && matches(gw.tags));
  };
}

/** The next page's absolute URL: scheme, Host, path, the query with `offset` replaced, keys sorted. */
function nextUrl(req: IncomingMessage, url: URL, offset: number, tls: boolean): string {
  const params = new URLSearchParams(url.searchParams);
  params.set('offset', String(offset));
  params.sort();
  return `${tls ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}${url.pathname}?${params.toString()}`;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  sendText(res, status, `${renderJson(body)}\n`);
}

/**
 * A list response around its items' bytes (see ListBytes): the same text as the string form. The
 * items go out as they are, without a copy (they are often a cached page).
 */
function sendList(res: ServerResponse, total: number, items: Buffer, next: string | null): void {
  const tail = `,\n "next": ${JSON.stringify(next)}\n}\n`;
  if (items.length === 0) return sendText(res, 200, `{\n "total": ${total},\n "items": []${tail}`);
  const head = Buffer.from(`{\n "total": ${total},\n "items": [\n`);
  const end = Buffer.from(`\n ]${tail}`);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': head.length + items.length + end.length });
  res.cork();
  res.write(head);
  res.write(items);
  res.end(end);
  res.uncork();
}

/**
 * Reusable buffers for list bodies. `take` answers an allocator that hands out at most one buffer (of
 * a power-of-two size, from the free ones when one is large enough) and `release`, which gives it
 * back; a few free buffers are kept.
 */
class BodyBuffers {
  private free: Buffer[] = [];

  take(): { alloc: (size: number) => Buffer; taken: () => boolean; release: () => void } {
    let taken: Buffer | undefined;
    return {
      taken: () => taken !== undefined,
      alloc: (size) => {
        if (taken) return Buffer.allocUnsafe(size);
        const i = this.free.findIndex((b) => b.length >= size);
        taken = i >= 0 ? this.free.splice(i, 1)[0]! : Buffer.allocUnsafeSlow(2 ** Math.ceil(Math.log2(Math.max(size, 64 * 1024))));
        return taken;
      },
      release: () => {
        if (taken && this.free.length < MAX_FREE_BODIES) this.free.push(taken);
        taken = undefined;
      },
    };
  }
}

const MAX_FREE_BODIES = 8;

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * kuma-cp's resource routes consume `application/json` only, and its router (go-restful) decides as
 * follows, so we do too: the Content-Type is a comma-separated list whose entries lose their
 * `;parameters` and surrounding spaces and are compared case-sensitively; a request without one
 * passes only for GET, HEAD, OPTIONS, DELETE and TRACE (a body-less method) and is otherwise read as
 * `application/octet-stream`. Anything else: 415 with a plain-text body.
 */
export function consumeJson(method: string, header: string | undefined): void {
  if (!header) {
    if (['GET', 'HEAD', 'OPTIONS', 'DELETE', 'TRACE'].includes(method)) return;
    throw new PlainError(415, '415: Unsupported Media Type');
  }
  const types = header.split(',').map((t) => t.split(';')[0]!.trim());
  if (!types.includes('application/json')) throw new PlainError(415, '415: Unsupported Media Type');
}
