import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { RESOURCE_TYPES, typeByName, type ResourceType } from '../resources/registry.js';
import { validateResource } from '../validation/index.js';
import { checkExternalServiceRateLimits, checkRateLimitDestinations } from '../validation/rules/legacy/manager.js';
import { normaliseForStorage } from '../validation/schema.js';
import { checkMeshUpdate, checkDataplaneMembership } from '../validation/rules/mesh.js';
import type { Violation } from '../validation/types.js';
import { isRecord } from '../json.js';
import { secretDeleteViolations } from '../validation/secrets.js';
import { applyMeshDefaults } from '../resources/mesh-defaults.js';
import { KUMA_VERSION, PRODUCT } from '../version.js';
import { ApiError, meshNotFound, notFound, validationError } from './api-error.js';
import { computeLabels, checkImmutableLabels, checkZoneLabel, type LabelContext } from './labels.js';
import { toApiJson, specOfBody } from './resource-json.js';
import { setZoneTags } from '../resources/computed.js';
import { policiesToCreate, signingKeyName, builtinCertName, builtinKeyName } from './defaults.js';
import { createBuiltinCa, createSigningKey, KeyPool } from './pki/index.js';
import { providedCaViolations } from '../validation/provided-ca.js';
import { nowRfc3339 } from './time.js';
import { ENTRY_OVERHEAD, ItemCache, RenderCache } from './render-cache.js';
import { TokenService, ZONE_TOKEN_SIGNING_KEY_PREFIX, USER_TOKEN_SIGNING_KEY_PREFIX, DEFAULT_KEY_ID } from './tokens.js';
import { ConflictError, type Store, type StoredResource, type VersionPage } from './store/types.js';
import { overviewOf, servicesOf, serviceInsightItem, unknownService, gatewayDataplanes } from './insights.js';

/*
 * The local control plane's engine: Kuma 2.14's rules for creating, reading and deleting resources,
 * and the multi-tenancy semantics of the Mesh (defaults on creation, constraints on data plane proxies,
 * deletion refused while proxies remain, everything of a mesh deleted with it).
 */

export interface EngineOptions {
  /** The zone this control plane is (a standalone kuma-cp's is `default`). */
  zone?: string;
  /** Refuse every PUT and DELETE (KUMA_API_SERVER_READ_ONLY). */
  readOnly?: boolean;
  /** Pre-generated RSA keys, so creating meshes does not wait for key generation. */
  keys?: KeyPool;
  /** Bound of the cache of rendered list items, in bytes (default RENDER_CACHE_BYTES; 0: no cache). */
  renderCacheBytes?: number;
}

export interface Caller {
  name: string;
  groups: string[];
}

export const ADMIN: Caller = { name: 'mesh-system:admin', groups: ['mesh-system:admin', 'mesh-system:authenticated'] };
export const ANONYMOUS: Caller = { name: 'mesh-system:anonymous', groups: ['mesh-system:unauthenticated'] };

export interface PutResult {
  status: 200 | 201;
  body: Record<string, unknown>;
}

export interface ListResult {
  total: number;
  /** Each item as JSON text, as it stands inside a list response (see `renderListItem`). */
  items: string[];
  /** Offset of the next page, when there is one. */
  nextOffset?: number;
}

/** A list response's page: its items as UTF-8, each as it stands in the `items` array. */
export interface ListBytes {
  total: number;
  /** The items joined by `,\n` (empty: no items). */
  items: Buffer;
  nextOffset?: number;
}

/**
 * Default bound of the caches of rendered list items and pages, in bytes: the items of about 100,000
 * policies (a MeshTimeout renders to about 650 bytes). Each item held also costs about 100 bytes of
 * heap for its record.
 */
export const RENDER_CACHE_BYTES = 72 * 1024 * 1024;
/** The share of that bound for whole pages (a page asked for again is then sent as it was). */
const PAGE_CACHE_SHARE = 1 / 12;
/** What a page's reference to one of its items holds (an object with the item's mesh, name, version). */
const REF_BYTES = 48;
const ITEM_SEPARATOR = Buffer.from(',\n');
const EMPTY = Buffer.alloc(0);
/** Pages asked for once are remembered (their keys only): a page is cached when asked for again. */
const SEEN_PAGES = 4096;

type VersionRef = VersionPage['items'][number];

/** The page a list request asks for, and the names it narrows to. */
export interface ListQuery {
  offset: number;
  size: number;
  name?: string;
  labels?: Record<string, string>;
}

export type ListFilter = (r: StoredResource) => boolean;

function listPage<T extends { total: number; nextOffset?: number }>(result: T, query: ListQuery): T {
  if (query.offset + query.size < result.total) result.nextOffset = query.offset + query.size;
  return result;
}

/** JSON as kuma-cp writes it: one-space indent, `<`, `>` and `&` escaped inside strings. */
export function renderJson(value: unknown): string {
  return escapeHtml(JSON.stringify(value, null, 1));
}

const HTML = /[<>&]/;
const HTML_ALL = /[<>&]/g;

/** Go's encoder escapes `<`, `>` and `&` (outside strings JSON has none of them). */
function escapeHtml(json: string): string {
  return HTML.test(json) ? json.replace(HTML_ALL, (c) => `\\u00${c.charCodeAt(0).toString(16)}`) : json;
}

const ITEM_PREFIX = '{\n "items": [\n'.length;
const ITEM_SUFFIX = '\n ]\n}'.length;

/** An item indented to its place inside a list response's `items` array. */
export function renderListItem(value: unknown): string {
  // Rendered where it stands, inside `{"items": [...]}`: the indents come out right in one pass.
  const text = JSON.stringify({ items: [value] }, null, 1);
  return escapeHtml(text.slice(ITEM_PREFIX, text.length - ITEM_SUFFIX));
}

const READ_ONLY_MESSAGE =
  "On zone control plane you can only modify zone resources with 'kumactl apply' or via the HTTP API. You can still use 'kumactl' or the HTTP API to modify the rest of the resource on the global control plane.\n";

/** Kuma's own warnings (the API returns these); our linter's extra warnings stay in `validate`. */
const KUMA_WARNING = /^(Invalid Mesh resource name: |'from' field is deprecated|\w+ value for 'targetRef\.kind' is deprecated)/;

/** Mesh checks kuma-cp runs in its mesh manager at create time (title "Failed to create a resource"). */
function isManagerViolation(v: Violation): boolean {
  return (
    (v.field === 'name' && v.message === 'cannot be longer than 63 characters') ||
    /^mtls\.backends\[\d+\]\.(type$|conf)/.test(v.field)
  );
}

export class ControlPlaneEngine {
  readonly zone: string;
  readonly readOnly: boolean;
  readonly keys: KeyPool;
  readonly clusterId = randomUUID();
  readonly instanceId = `${hostname()}-${Math.floor(Math.random() * 0x10000).toString(16).padStart(4, '0')}`;
  /** Issues and verifies the tokens of `POST /tokens/...` with the signing keys in the store. */
  readonly tokens: TokenService;
  private readonly labelCtx: LabelContext;
  /** Rendered list items by resource and version: a list page is mostly cache hits. */
  private readonly rendered?: ItemCache;
  /** Rendered unfiltered pages by type, mesh, offset and size, with the items and versions they show. */
  private readonly pages?: RenderCache<VersionRef[]>;
  /** Keys of pages asked for, not cached yet (pages at random offsets would only churn the cache). */
  private readonly seenPages = new RenderCache<true>(SEEN_PAGES * ENTRY_OVERHEAD);

  constructor(
    readonly store: Store,
    options: EngineOptions = {},
  ) {
    this.zone = options.zone ?? 'default';
    this.readOnly = options.readOnly ?? false;
    this.keys = options.keys ?? new KeyPool(0);
    this.labelCtx = { zone: this.zone, environment: 'universal' };
    this.tokens = new TokenService(store);
    const maxSize = options.renderCacheBytes ?? RENDER_CACHE_BYTES;
    if (maxSize > 0) {
      this.pages = new RenderCache(Math.floor(maxSize * PAGE_CACHE_SHARE));
      this.rendered = new ItemCache(maxSize - this.pages.maxBytes);
    }
  }

  /**
   * Boot-time defaults: the zone and user token signing keys (GlobalSecrets `zone-token-signing-key-1` and
   * `user-token-signing-key-1`, when no key of theirs exists), and the `default` mesh (unless skipped) with
   * its default policies and its dataplane token signing key.
   */
  async boot(options: { skipDefaultMesh?: boolean } = {}): Promise<void> {
    const keys = this.ensureGlobalSigningKeys();
    // created without labels, as kuma-cp's boot does
    const mesh = options.skipDefaultMesh || this.store.get('Mesh', '', 'default') ? undefined : this.createMesh('default', {}, {}, undefined);
    await Promise.all([keys, mesh]);
  }

  /** kuma-cp's `EnsureDefaultSigningKeyExist` for the zone and user token signing keys. */
  private async ensureGlobalSigningKeys(): Promise<void> {
    const globalSecret = typeByName('GlobalSecret')!;
    const hasKey = (prefix: string) => this.store.list({ type: 'GlobalSecret', offset: 0, limit: Number.MAX_SAFE_INTEGER }).items.some((s) => s.name.startsWith(prefix));
    const missing = [ZONE_TOKEN_SIGNING_KEY_PREFIX, USER_TOKEN_SIGNING_KEY_PREFIX].filter((p) => !hasKey(p));
    const created = await Promise.all(missing.map(async (prefix) => ({ name: `${prefix}-${DEFAULT_KEY_ID}`, pem: await createSigningKey(this.keys) })));
    this.store.transaction(() => {
      for (const { name, pem } of created) {
        if (this.store.get('GlobalSecret', '', name)) continue;
        this.write(globalSecret, '', name, { data: Buffer.from(pem).toString('base64') }, computeLabels(globalSecret, '', {}, {}, this.labelCtx), undefined);
      }
    });
  }

  index(): Record<string, unknown> {
    return { clusterId: this.clusterId, gui: '', hostname: hostname(), instanceId: this.instanceId, product: PRODUCT, version: KUMA_VERSION };
  }

  resourceCatalogue(): Record<string, unknown> {
    const resources = [...RESOURCE_TYPES]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((t) => {
        const entry: Record<string, unknown> = {
          includeInFederation: !t.readOnly && t.name !== 'Dataplane' && t.category !== 'insight',
          name: t.name,
          path: t.path,
          pluralDisplayName: t.pluralDisplayName,
        };
        if (t.policy) {
          const fromAsRules = t.name === 'MeshTimeout' || t.name === 'MeshCircuitBreaker';
          entry.policy = {
            hasFromTargetRef: fromAsRules || t.name === 'MeshTrafficPermission',
            hasRulesTargetRef: t.policy.hasRules,
            hasToTargetRef: t.policy.hasTo,
            isFromAsRules: fromAsRules,
            isTargetRef: t.policy.isTargetRef,
          };
        }
        entry.readOnly = this.readOnly || t.readOnly;
        entry.scope = t.scope;
        entry.shortName = t.shortName;
        entry.singularDisplayName = t.singularDisplayName;
        return entry;
      });
    return { resources };
  }

  // ------------------------------------------------------------------------------------------- read

  get(type: ResourceType, mesh: string | undefined, name: string, caller: Caller): Record<string, unknown> {
    if (type.name === 'MeshInsight') return this.meshInsight(name);
    this.requireMesh(type, mesh);
    this.requireAccess(type, caller);
    const r = this.store.get(type.name, mesh ?? '', name);
    if (!r) throw notFound('Could not retrieve a resource');
    return toApiJson(type, r);
  }

  list(type: ResourceType, mesh: string | undefined, query: ListQuery, caller: Caller, filter?: ListFilter, alloc?: (size: number) => Buffer): ListBytes {
    if (type.name === 'MeshInsight') {
      const insights = this.meshInsights(query.offset, query.size);
      return { ...insights, items: Buffer.from(insights.items.join(',\n')) };
    }
    const base = this.listScope(type, mesh, query, caller);
    let total: number;
    let items: Buffer;
    if (filter) {
      const all = this.store.list({ ...base, offset: 0, limit: Number.MAX_SAFE_INTEGER }).items.filter(filter);
      total = all.length;
      items = this.renderItems(type, all.slice(query.offset, query.offset + query.size), alloc);
    } else {
      const page = this.store.listVersions({ ...base, offset: query.offset, limit: query.size });
      total = page.total;
      const unfiltered = query.name === undefined && query.labels === undefined;
      const pageMesh = mesh ?? '\u0000'; // every mesh (no mesh name holds NUL)
      const pageKey = `${query.offset} ${query.size}`;
      const cached = unfiltered ? this.pages?.get(type.name, pageMesh, pageKey) : undefined;
      if (cached && sameRefs(cached.version, page.items)) {
        items = cached.bytes;
      } else {
        const admit = unfiltered && this.pages !== undefined && this.seenPages.get(type.name, pageMesh, pageKey) !== undefined;
        // a page cached is its own buffer; otherwise the caller's (reused once the response is sent)
        items = this.renderItems(type, page.items, admit ? undefined : alloc);
        if (admit) this.pages!.set(type.name, pageMesh, pageKey, page.items, items, page.items.length * REF_BYTES);
        else if (unfiltered && this.pages) this.seenPages.set(type.name, pageMesh, pageKey, true, EMPTY);
      }
    }
    return listPage<ListBytes>({ total, items }, query);
  }

  /** What a list request reads from the store, once the mesh exists and the caller may read the type. */
  private listScope(type: ResourceType, mesh: string | undefined, query: ListQuery, caller: Caller) {
    if (mesh !== undefined) this.requireMesh(type, mesh);
    this.requireAccess(type, caller);
    const filters = { ...(query.name !== undefined ? { nameContains: query.name } : {}), ...(query.labels ? { labels: query.labels } : {}) };
    return { type: type.name, ...(mesh !== undefined ? { mesh } : {}), ...filters };
  }

  /**
   * Items as they stand in a list response, joined: each from the cache when it holds that version,
   * else rendered (from the record, or read by its reference) and cached once the page is joined
   * (caching may reuse a slab that an earlier item of the same page was read from).
   */
  private renderItems(type: ResourceType, items: ReadonlyArray<StoredResource | VersionRef>, alloc?: (size: number) => Buffer): Buffer {
    const parts: Buffer[] = [];
    const fresh: Array<{ r: StoredResource; bytes: Buffer }> = [];
    for (const ref of items) {
      const hit = this.rendered?.get(type.name, ref.mesh, ref.name);
      if (hit && hit.version === ref.version) {
        parts.push(ItemCache.bytes(hit));
        continue;
      }
      const r = 'spec' in ref ? ref : this.store.get(type.name, ref.mesh, ref.name);
      if (!r) continue; // deleted in between
      const bytes = Buffer.from(renderListItem(toApiJson(type, r)));
      parts.push(bytes);
      fresh.push({ r, bytes });
    }
    const joined = joinItems(parts, alloc);
    for (const { r, bytes } of fresh) this.rendered?.set(type.name, r.mesh, r.name, r.version, bytes);
    return joined;
  }

  // ------------------------------------------------------------------------------------------ write

  /** The checks kuma-cp makes before it reads a PUT's body: the type is writable and the mesh exists. */
  admitWrite(type: ResourceType, urlMesh: string | undefined): void {
    this.requireWritable(type);
    this.requireMesh(type, urlMesh);
  }

  async put(type: ResourceType, urlMesh: string | undefined, urlName: string, body: unknown, caller: Caller): Promise<PutResult> {
    this.admitWrite(type, urlMesh);
    if (!isRecord(body)) throw new ApiError(400, 'Bad Request', `invalid ${type.name} object: "the body must be a JSON object"`);
    // flat types: validateResource reads nulls as Kuma's protobuf decoder does (unset, or a zero map value)
    const value: Record<string, unknown> = structuredClone(body);
    if (type.shape === 'spec' && type.scope === 'Mesh' && value.mesh === undefined) value.mesh = 'default';

    // Parse and validate the body (stage 1 in kuma-cp): decoding errors, schema, the type's rules.
    const violations = validateResource(type, value, { strictness: 'ignore' });
    const errors = violations.filter((v) => v.severity === 'error');
    const decodeError = type.shape === 'flat' ? errors.find((v) => /^in body (must be of type|should be one of)/.test(v.message)) : undefined;
    if (decodeError) throw new ApiError(400, 'Bad Request', `invalid ${type.name} object: ${JSON.stringify(`${decodeError.field}: ${decodeError.message}`)}`);
    const requestErrors = errors.filter((v) => !isManagerViolation(v));
    if (requestErrors.length > 0) throw validationError('Could not process a resource', requestErrors.map((v) => kumaViolation(type, v)));

    const meshKey = type.scope === 'Mesh' ? (urlMesh ?? '') : '';
    const existing = this.store.get(type.name, meshKey, urlName);

    // Request checks: the URL and the body must agree; label rules only a zone can decide.
    const mismatch: Violation[] = [];
    if (value.name !== urlName) mismatch.push({ severity: 'error', field: 'name', message: 'name from the URL has to be the same as in body' });
    if (value.type !== type.name) mismatch.push({ severity: 'error', field: 'type', message: 'type from the URL has to be the same as in body' });
    if (type.scope === 'Mesh' && value.mesh !== urlMesh) mismatch.push({ severity: 'error', field: 'mesh', message: 'mesh from the URL has to be the same as in body' });
    const requested = isRecord(value.labels) ? (value.labels as Record<string, string>) : {};
    mismatch.push(...checkZoneLabel(requested, this.labelCtx));
    if (mismatch.length > 0) throw validationError('Could not process a resource', mismatch);

    const managerErrors = errors.filter(isManagerViolation);
    const title = existing ? 'Failed to update a resource' : 'Failed to create a resource';
    if (managerErrors.length > 0) throw validationError(title, managerErrors);

    this.requireAccess(type, caller);
    normaliseForStorage(type.name, value);
    const spec = specOfBody(type, value);
    const labels = type.name === 'Mesh' ? { ...requested } : computeLabels(type, meshKey, requested, spec, this.labelCtx);
    if (existing) {
      const immutable = checkImmutableLabels(existing.labels, labels);
      if (immutable.length > 0) throw validationError('Could not update a resource', immutable);
    }

    if (type.name === 'Mesh') {
      applyMeshDefaults(spec);
      const u = [
        ...(existing ? checkMeshUpdate({ name: urlName, ...existing.spec }, { name: urlName, ...spec }) : []),
        ...this.checkProvidedCas(urlName, spec),
      ];
      if (u.length > 0) throw validationError(title, u);
    }
    if (type.name === 'Dataplane') {
      const mesh = this.store.get('Mesh', '', meshKey)!;
      // one answer: the tags the constraints are checked on are the tags stored
      const services = (mesh.spec.meshServices ?? {}) as { mode?: unknown };
      setZoneTags(spec, services.mode === 'Exclusive' || services.mode === 3, this.zone);
      const refusal = checkDataplaneMembership({ name: mesh.name, ...mesh.spec }, { mesh: meshKey, ...spec }, '');
      if (refusal) throw validationError(title, [{ field: 'mesh', message: refusal }]);
    }
    if (type.name === 'RateLimit' || type.name === 'ExternalService') {
      const inMesh = (t: string) => this.store.list({ type: t, mesh: meshKey, offset: 0, limit: Number.MAX_SAFE_INTEGER }).items;
      const refusals =
        type.name === 'RateLimit'
          ? checkRateLimitDestinations(spec, inMesh('ExternalService').map((r) => r.spec))
          : checkExternalServiceRateLimits(spec, inMesh('RateLimit').map((r) => ({ name: r.name, spec: r.spec })));
      if (refusals.length > 0) throw validationError(title, refusals);
    }

    const warnings = violations.filter((v) => v.severity === 'warning' && KUMA_WARNING.test(v.message)).map((v) => v.message);
    const status = type.name === 'Mesh' ? await this.createMesh(urlName, spec, labels, existing) : this.write(type, meshKey, urlName, spec, labels, existing);
    return { status, body: warnings.length > 0 ? { warnings } : {} };
  }

  delete(type: ResourceType, urlMesh: string | undefined, name: string, caller: Caller): Record<string, unknown> {
    this.requireWritable(type);
    this.requireMesh(type, urlMesh);
    const meshKey = type.scope === 'Mesh' ? (urlMesh ?? '') : '';
    const existing = this.store.get(type.name, meshKey, name);
    if (!existing) throw notFound('Could not delete a resource');
    this.requireAccess(type, caller);
    if (type.name === 'Mesh') {
      if (this.store.count('Dataplane', name) > 0) {
        throw validationError('Could not delete a resource', [{ field: 'mesh', message: 'unable to delete mesh, there are still some dataplanes attached' }]);
      }
      this.store.deleteMeshCascade(name);
      // versions restart if a resource is created again
      this.rendered?.clear();
      this.pages?.clear();
      return {};
    }
    if (type.name === 'Secret') {
      const owner = this.store.get('Mesh', '', meshKey);
      const inUse = owner ? secretDeleteViolations({ name: owner.name, ...owner.spec }, name) : [];
      if (inUse.length > 0) throw validationError('Could not delete a resource', inUse);
    }
    this.store.delete(type.name, meshKey, name);
    this.rendered?.delete(type.name, meshKey, name);
    this.pages?.clear(); // a page checks its items' versions, and versions restart after a delete
    return {};
  }

  // ------------------------------------------------------------------------------------ insights

  meshInsight(name: string): Record<string, unknown> {
    const mesh = this.store.get('Mesh', '', name);
    if (!mesh) throw notFound('Could not retrieve a resource');
    return this.insightOf(mesh);
  }

  meshInsights(offset: number, size: number): ListResult {
    const page = this.store.list({ type: 'Mesh', offset, limit: size });
    const result: ListResult = { total: page.total, items: page.items.map((m) => renderListItem(this.insightOf(m))) };
    if (offset + size < page.total) result.nextOffset = offset + size;
    return result;
  }

  private insightOf(mesh: StoredResource): Record<string, unknown> {
    const counts = this.store.countByType(mesh.name);
    const policies: Record<string, { total: number }> = {};
    const resources: Record<string, { total: number }> = {};
    for (const [typeName, total] of Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const t = typeByName(typeName);
      if (!t || typeName === 'Dataplane') continue;
      (t.policy ? policies : resources)[typeName] = { total };
    }
    const dataplanes = counts.Dataplane ?? 0;
    return {
      type: 'MeshInsight',
      name: mesh.name,
      creationTime: mesh.creationTime,
      modificationTime: mesh.modificationTime,
      lastSync: nowRfc3339(),
      dataplanes: { total: dataplanes, online: 0, offline: dataplanes, partiallyDegraded: 0 },
      policies,
      resources,
      dpVersions: {},
      mTLS: {},
      services: {},
    };
  }

  /** `GET .../{type}/_overview`: each resource with its insight (none here: no proxy connects). */
  listOverviews(type: ResourceType, mesh: string | undefined, query: ListQuery, caller: Caller, filter?: ListFilter): ListResult {
    const base = this.listScope(type, mesh, query, caller);
    const all = this.store.list({ ...base, offset: 0, limit: Number.MAX_SAFE_INTEGER }).items.filter(filter ?? (() => true));
    const items = all.slice(query.offset, query.offset + query.size).map((r) => renderListItem(overviewOf(type, r)));
    return listPage<ListResult>({ total: all.length, items }, query);
  }

  /** `GET .../{type}/{name}/_overview`. */
  getOverview(type: ResourceType, mesh: string | undefined, name: string, caller: Caller): Record<string, unknown> {
    this.requireMesh(type, mesh);
    this.requireAccess(type, caller);
    const r = this.store.get(type.name, mesh ?? '', name);
    if (!r) throw notFound('Could not retrieve a resource');
    return overviewOf(type, r);
  }

  /** `GET /meshes/{mesh}/service-insights` (or every mesh's): one item per service, by mesh then name. */
  listServiceInsights(mesh: string | undefined, query: { offset: number; size: number; name?: string }): ListResult {
    if (mesh !== undefined && !this.store.get('Mesh', '', mesh)) throw meshNotFound();
    const meshes = mesh !== undefined ? [this.store.get('Mesh', '', mesh)!] : this.store.list({ type: 'Mesh', offset: 0, limit: Number.MAX_SAFE_INTEGER }).items;
    const all: Record<string, unknown>[] = [];
    for (const m of meshes) {
      const { services, modified } = this.servicesOfMesh(m);
      for (const name of [...services.keys()].sort()) {
        if (query.name !== undefined && !name.includes(query.name)) continue;
        all.push(serviceInsightItem(m, name, services.get(name)!, modified));
      }
    }
    const items = all.slice(query.offset, query.offset + query.size).map(renderListItem);
    const result: ListResult = { total: all.length, items };
    if (query.offset + query.size < all.length) result.nextOffset = query.offset + query.size;
    return result;
  }

  /** `GET /meshes/{mesh}/service-insights/{service}`. */
  getServiceInsight(mesh: string, name: string): Record<string, unknown> {
    const m = this.store.get('Mesh', '', mesh);
    if (!m) throw meshNotFound();
    const { services, modified } = this.servicesOfMesh(m);
    return serviceInsightItem(m, name, services.get(name) ?? unknownService(name), modified);
  }

  private servicesOfMesh(mesh: StoredResource): { services: ReturnType<typeof servicesOf>; modified: string } {
    const all = (t: string) => this.store.list({ type: t, mesh: mesh.name, offset: 0, limit: Number.MAX_SAFE_INTEGER }).items;
    const dataplanes = all('Dataplane');
    const externalServices = all('ExternalService');
    const modified = [mesh, ...dataplanes, ...externalServices].map((r) => r.modificationTime).sort().at(-1)!;
    return { services: servicesOf(mesh, dataplanes, externalServices), modified };
  }

  /** `GET /meshes/{mesh}/meshgateways/{name}/dataplanes`: the builtin gateway proxies it selects. */
  meshGatewayDataplanes(mesh: string, name: string): Record<string, unknown> {
    if (!this.store.get('Mesh', '', mesh)) throw meshNotFound();
    const gateway = this.store.get('MeshGateway', mesh, name);
    if (!gateway) throw notFound('Could not find MeshGateway');
    const items = gatewayDataplanes(gateway, this.store.list({ type: 'Dataplane', mesh, offset: 0, limit: Number.MAX_SAFE_INTEGER }).items);
    return { total: items.length, items };
  }

  /**
   * Endpoints that need kuma-cp's policy-matching engine or a connected proxy: the resource must
   * exist (kuma-cp's 404s first), then 501 says what this control plane does not do.
   */
  notSupported(type: ResourceType, mesh: string | undefined, name: string, caller: Caller, what: string): never {
    this.requireMesh(type, mesh);
    this.requireAccess(type, caller);
    if (!this.store.get(type.name, mesh ?? '', name)) throw notFound('Could not retrieve a resource');
    throw new ApiError(501, 'Not supported by the local control plane', `${what} is not supported by the local control plane yet: run kuma-cp for it`);
  }

  // ------------------------------------------------------------------------------------- internals

  /** Write one resource; 201 on create, 200 on update. A concurrent writer in between gives 409. */
  private write(type: ResourceType, mesh: string, name: string, spec: Record<string, unknown>, labels: Record<string, string>, existing: StoredResource | undefined): 200 | 201 {
    const now = nowRfc3339();
    const record: Omit<StoredResource, 'version'> = {
      type: type.name,
      mesh,
      name,
      creationTime: existing?.creationTime ?? now,
      modificationTime: now,
      labels,
      spec,
      ...(type.hasStatus ? { status: existing?.status ?? {} } : {}),
    };
    try {
      this.store.put(record, existing?.version);
    } catch (err) {
      if (err instanceof ConflictError) throw new ApiError(409, 'Conflict', err.message);
      throw err;
    }
    return existing ? 200 : 201;
  }

  /**
   * Create or update a Mesh with its side effects, as kuma-cp's mesh manager does: builtin CA secrets for
   * every builtin backend (create and update), and on create the data plane token signing key and the
   * default policies. Keys are generated first; everything is then written in one transaction.
   */
  private async createMesh(name: string, spec: Record<string, unknown>, labels: Record<string, string>, existing: StoredResource | undefined): Promise<200 | 201> {
    const secrets: Array<{ name: string; data: string }> = [];
    for (const backend of builtinBackends(spec)) {
      if (this.store.get('Secret', name, builtinCertName(name, backend.name))) continue;
      const ca = await createBuiltinCa(name, backend.conf, this.keys);
      secrets.push({ name: builtinCertName(name, backend.name), data: Buffer.from(ca.certPem).toString('base64') });
      secrets.push({ name: builtinKeyName(name, backend.name), data: Buffer.from(ca.keyPem).toString('base64') });
    }
    if (!existing && !this.store.get('Secret', name, signingKeyName(name))) {
      secrets.push({ name: signingKeyName(name), data: Buffer.from(await createSigningKey(this.keys)).toString('base64') });
    }
    const current = this.store.get('Mesh', '', name);
    if ((current?.version ?? 0) !== (existing?.version ?? 0)) throw new ApiError(409, 'Conflict', new ConflictError('Mesh', name, '').message);
    const secretType = typeByName('Secret')!;
    return this.store.transaction(() => {
      const status = this.write(typeByName('Mesh')!, '', name, spec, labels, existing);
      for (const s of secrets) {
        if (this.store.get('Secret', name, s.name)) continue;
        this.write(secretType, name, s.name, { data: s.data }, computeLabels(secretType, name, {}, {}, this.labelCtx), undefined);
      }
      if (!existing) {
        for (const p of policiesToCreate(name, spec.skipCreatingInitialPolicies)) {
          if (this.store.get(p.type, name, p.name)) continue;
          const t = typeByName(p.type)!;
          this.write(t, name, p.name, structuredClone(p.spec), computeLabels(t, name, {}, p.spec, this.labelCtx), undefined);
        }
      }
      return status;
    });
  }

  /** kuma-cp's provided CA plugin: load the cert and key (secret, inline, file) and check the pair. */
  private checkProvidedCas(mesh: string, spec: Record<string, unknown>): Array<{ field: string; message: string }> {
    return providedCaViolations(spec, (source) => this.loadDataSource(mesh, source));
  }

  private loadDataSource(mesh: string, source: unknown): string {
    const ds = isRecord(source) ? source : {};
    if (typeof ds.inlineString === 'string') return ds.inlineString;
    if (typeof ds.inline === 'string') return Buffer.from(ds.inline, 'base64').toString('utf8');
    if (typeof ds.file === 'string') {
      try {
        return readFileSync(ds.file, 'utf8');
      } catch {
        throw new Error(`open ${ds.file}: no such file or directory`);
      }
    }
    if (typeof ds.secret === 'string') {
      const secret = this.store.get('Secret', mesh, ds.secret);
      if (!secret || typeof secret.spec.data !== 'string') throw new Error(`resource not found: type="Secret" name="${ds.secret}" mesh="${mesh}"`);
      return Buffer.from(secret.spec.data, 'base64').toString('utf8');
    }
    throw new Error('no data source');
  }

  private requireWritable(type: ResourceType): void {
    if (this.readOnly || type.readOnly) throw new ApiError(405, 'Method not allowed', READ_ONLY_MESSAGE);
  }

  private requireMesh(type: ResourceType, mesh: string | undefined): void {
    if (type.scope === 'Mesh' && mesh !== undefined && !this.store.get('Mesh', '', mesh)) throw meshNotFound();
  }

  private requireAccess(type: ResourceType, caller: Caller): void {
    if (type.adminOnly && !caller.groups.includes('mesh-system:admin')) {
      throw new ApiError(403, 'Access Denied', `user "${caller.name}/${caller.groups.join(',')}" cannot access the resource of type "${type.name}"`);
    }
  }
}

/** Items joined by `,\n`, as they stand in a list response's `items` array (in `alloc`'s buffer). */
function joinItems(items: Buffer[], alloc: (size: number) => Buffer = Buffer.allocUnsafe): Buffer {
  let size = Math.max(0, 2 * (items.length - 1));
  for (const item of items) size += item.length;
  const out = alloc(size);
  let at = 0;
  for (let i = 0; i < items.length; i++) {
    if (i > 0) at += ITEM_SEPARATOR.copy(out, at);
    at += items[i]!.copy(out, at);
  }
  return out.subarray(0, size);
}

function sameRefs(a: readonly VersionRef[], b: readonly VersionRef[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.version !== b[i]!.version || a[i]!.name !== b[i]!.name || a[i]!.mesh !== b[i]!.mesh) return false;
  }
  return true;
}

/**
 * Spec-wrapped schema violations outside `spec.` have no field in Kuma (it splits kube-openapi's text at
 * the first space and keeps the path as the field only when it starts with `spec.`): the path leads the
 * message, as for `spec` itself.
 */
function kumaViolation(type: ResourceType, v: Violation): { field: string; message: string } {
  if (type.shape === 'spec' && v.message.startsWith('in body') && !v.field.startsWith('spec.')) {
    return { field: '', message: `${v.field} ${v.message}` };
  }
  return { field: v.field, message: v.message };
}

function builtinBackends(spec: Record<string, unknown>): Array<{ name: string; conf: { rsaBits?: number; expiration?: string } }> {
  const mtls = isRecord(spec.mtls) ? spec.mtls : undefined;
  const backends = mtls && Array.isArray(mtls.backends) ? mtls.backends : [];
  return backends.filter(isRecord).filter((b) => b.type === 'builtin' && typeof b.name === 'string').map((b) => {
    const caCert = isRecord(b.conf) && isRecord(b.conf.caCert) ? b.conf.caCert : {};
    const bits = Number(caCert.RSAbits);
    return {
      name: b.name as string,
      conf: {
        ...(Number.isInteger(bits) && bits > 0 ? { rsaBits: bits } : {}),
        ...(typeof caCert.expiration === 'string' ? { expiration: caCert.expiration } : {}),
      },
    };
  });
}
