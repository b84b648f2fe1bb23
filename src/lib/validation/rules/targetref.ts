/**
 * Kuma's `ValidateTargetRef` (2.14.3, pkg/core/resources/apis/mesh/validators.go; checks in Kuma's order): which kinds a position allows,
 * and the per-kind field matrix. See resources.md §7.1.
 */
import type { Violation } from '../types.js';
import { checkTags } from './tags.js';
import { asArray, asRecord, asString, isInboundPolicy, isSet, isSystemRole, K, Loc, type Obj } from './policy-common.js';

export interface TargetRefOpts {
  /** Kinds allowed in this position, e.g. ['Mesh', 'MeshService']. */
  allowedKinds: readonly string[];
  /** The policy has a non-empty `from` or `rules` (only relevant for Dataplane `sectionName`). */
  isInboundPolicy: boolean;
  /** MeshGateway `tags` (listener tags) are allowed in this position. */
  gatewayListenerTagsAllowed: boolean;
  /** Replaces `value '<Kind>' is not supported` when set (MeshLoadBalancingStrategy). */
  supportedKindsError?: string;
  /** Names accepted even though they fail the name character set (Kuma's `AllowedInvalidNames`, MeshHTTPRoute backendRefs). */
  allowedInvalidNames?: readonly string[];
}

/** Options for a targetRef inside `to`/`from` items or backendRefs: only the kinds vary. */
export function plainRef(allowedKinds: readonly string[]): TargetRefOpts {
  return { allowedKinds, isInboundPolicy: false, gatewayListenerTagsAllowed: false };
}

/** How a policy checks its top-level `spec.targetRef`. */
export interface TopLevelRefRule {
  /** Allowed kinds, or a pair chosen by the document's `kuma.io/policy-role` label. */
  kinds: readonly string[] | { readonly system: readonly string[]; readonly other: readonly string[] };
  /** Pass Kuma's `AffectsInbounds` (non-empty `from` or `rules`); false for outbound-only policies. */
  inbound?: boolean;
  /** MeshGateway listener tags allowed: always, never, or only for a system-role policy. */
  listenerTags: boolean | 'system';
}

/** The top-level `spec.targetRef` check every targetRef policy starts with (nothing when the targetRef is absent). */
export function validateTopLevelTargetRef(doc: Obj, spec: Obj, rule: TopLevelRefRule): Violation[] {
  if (!isSet(spec, 'targetRef')) return [];
  const system = isSystemRole(doc);
  const kinds = 'system' in rule.kinds ? (system ? rule.kinds.system : rule.kinds.other) : rule.kinds;
  return validateTargetRef(spec.targetRef, Loc.of('spec', 'targetRef'), {
    allowedKinds: kinds,
    isInboundPolicy: rule.inbound === true && isInboundPolicy(spec),
    gatewayListenerTagsAllowed: rule.listenerTags === 'system' ? system : rule.listenerTags,
  });
}

/** Calls `fn` for every item of `spec[key]` (`to`, `from`, `rules`) with the item (`{}` when not an object) and its location. */
export function forEachItem(spec: Obj, key: string, fn: (item: Obj, loc: Loc, index: number) => void): void {
  const base = Loc.of('spec', key);
  asArray(spec[key]).forEach((item, i) => fn(asRecord(item) ?? {}, base.i(i), i));
}

const NAME_CHARSET = /^[0-9a-z.\-_]*$/;
const NAME_CHARSET_MSG = "invalid characters: must consist of lower case alphanumeric characters, '-', '.' and '_'.";

/** Validate one targetRef object at `loc` (e.g. `spec.to[0].targetRef`). */
export function validateTargetRef(ref: unknown, loc: Loc, opts: TargetRefOpts): Violation[] {
  const r: Obj = asRecord(ref) ?? {};
  const out: Violation[] = [];
  const kind = asString(r.kind);
  if (kind === '') return [loc.f('kind').err('must be defined')];
  if (!opts.allowedKinds.includes(kind)) {
    return [loc.f('kind').err(opts.supportedKindsError ?? `value '${kind}' is not supported`)];
  }

  const name = asString(r.name);
  const namespace = asString(r.namespace);
  const sectionName = asString(r.sectionName);
  const labels = asRecord(r.labels);
  const hasLabels = labels !== undefined && Object.keys(labels).length > 0;

  const disallowed = (field: 'name' | 'mesh' | 'tags' | 'labels' | 'namespace' | 'sectionName' | 'proxyTypes'): void => {
    if (isNonEmpty(r[field])) out.push(loc.f(field).err(`must not be set with kind ${kind}`));
  };
  const proxyTypesNotEmptyIfPresent = (): void => {
    if (Array.isArray(r.proxyTypes) && r.proxyTypes.length === 0) {
      out.push(loc.f('proxyTypes').err('must be undefined or have at least one element'));
    }
  };
  const nameCharset = (): void => {
    if (name !== '' && !NAME_CHARSET.test(name) && !opts.allowedInvalidNames?.includes(name)) out.push(loc.f('name').err(NAME_CHARSET_MSG));
  };

  switch (kind) {
    case K.Mesh:
      if (name !== '') out.push(loc.f('name').err(`using name with kind ${kind} is not yet supported`));
      disallowed('mesh');
      disallowed('tags');
      disallowed('labels');
      disallowed('namespace');
      disallowed('sectionName');
      proxyTypesNotEmptyIfPresent();
      break;
    case K.Dataplane:
      disallowed('tags');
      disallowed('mesh');
      disallowed('proxyTypes');
      if (hasLabels && (name !== '' || namespace !== '')) {
        out.push(loc.f('labels').err('either labels or name and namespace must be specified'));
      }
      if (!opts.isInboundPolicy && sectionName !== '') {
        out.push(loc.f('sectionName').err('can only be used with inbound policies'));
      }
      break;
    case K.MeshSubset:
      disallowed('name');
      disallowed('mesh');
      for (const v of validateTags(r.tags, loc.f('tags'), false)) out.push(v);
      disallowed('labels');
      disallowed('namespace');
      disallowed('sectionName');
      proxyTypesNotEmptyIfPresent();
      break;
    case K.MeshService:
    case K.MeshHTTPRoute:
      nameCharset();
      disallowed('mesh');
      disallowed('tags');
      disallowed('proxyTypes');
      if (kind === K.MeshHTTPRoute) disallowed('sectionName');
      if (name === '' && !hasLabels) out.push(loc.err(`name or labels must be set when kind is ${kind}`));
      if (hasLabels && (name !== '' || namespace !== '')) {
        out.push(loc.f('labels').err('either labels or name and namespace must be specified'));
      }
      break;
    case K.MeshServiceSubset:
    case K.MeshGateway:
      if (name === '') out.push(loc.f('name').err(`must be set when kind is ${kind}`));
      nameCharset();
      disallowed('mesh');
      disallowed('proxyTypes');
      // Kuma checks the tags as a selector first, then refuses them on a MeshGateway where listener tags are not allowed.
      for (const v of validateTags(r.tags, loc.f('tags'), true)) out.push(v);
      if (kind === K.MeshGateway && !opts.gatewayListenerTagsAllowed) disallowed('tags');
      disallowed('labels');
      disallowed('namespace');
      disallowed('sectionName');
      break;
    case K.MeshExternalService:
      nameCharset();
      disallowed('mesh');
      disallowed('tags');
      disallowed('proxyTypes');
      if (name === '' && !hasLabels) out.push(loc.err(`name or labels must be set when kind is ${kind}`));
      if (hasLabels && (name !== '' || namespace !== '')) {
        out.push(loc.f('labels').err('either labels or name must be specified'));
      }
      disallowed('sectionName');
      break;
    case K.MeshMultiZoneService:
    default:
      // MeshMultiZoneService: Kuma has no per-field checks.
      break;
  }
  return out;
}

function isNonEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v !== '';
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/**
 * Tag checks (Go key order). `selector` allows the value `*` (and `/`), as Kuma's selector validation does.
 * Empty maps are allowed in targetRefs.
 */
export function validateTags(tags: unknown, loc: Loc, selector: boolean): Violation[] {
  const t = asRecord(tags);
  if (!t) return [];
  const out: Violation[] = [];
  const map = new Map(Object.entries(t).map(([k, v]) => [k, asString(v)]));
  checkTags(map, { selector }, (key, message) => out.push((key === undefined ? loc : loc.k(key)).err(message)));
  return out;
}
