/**
 * Kuma's checks on native Envoy values (pkg/core/resources/apis/mesh/validators.go ValidateResourceYAML /
 * ValidateResourceYAMLPatch, pkg/util/envoy ResourceFromYaml), as ProxyTemplate and MeshProxyPatch use them: the text
 * is read as YAML (or, when that fails, as JSON, with Go's encoding/json error texts), decoded as the Envoy message
 * (jsonpb, unknown fields allowed) and, for added resources, checked with the message's own validation rules, which
 * stop at the first failure.
 *
 * Envoy's protobuf schemas are not shipped here, so decoding checks the document's outer shape and the `@type` of an
 * Any, and validation covers the required names of the message types these policies add (Cluster name and
 * connectTimeout, Listener filters, HTTP filters, virtual hosts and their domains, load assignments). Anything deeper
 * is left to the control plane: a resource is never rejected on a rule this file does not know.
 */
import { yamlModule } from '../lazy-yaml.js';
import { goJsonDecode } from '../go/json.js';
import { goQuote as q } from '../go/strconv.js';

export const CLUSTER = 'envoy.config.cluster.v3.Cluster';
export const LISTENER = 'envoy.config.listener.v3.Listener';
export const NETWORK_FILTER = 'envoy.config.listener.v3.Filter';
export const HTTP_FILTER = 'envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter';
export const VIRTUAL_HOST = 'envoy.config.route.v3.VirtualHost';

/** Type URL prefixes of the message packages compiled into kuma-cp. */
const KNOWN_PACKAGES = /^(envoy|xds|udpa|google\.protobuf|google\.rpc|kuma|validate|io\.prometheus|opencensus|opentelemetry)\./;

type Json = { ok: true; value: unknown } | { ok: false; error: string };

/** Nesting this file does not follow (kuma-cp alone judges such a resource): brackets or indentation levels. */
const MAX_NESTING = 500;

function tooDeep(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c === 91 || c === 123) && ++depth > MAX_NESTING) return true;
    if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return false;
}

/** sigs.k8s.io/yaml YAMLToJSON, falling back to the raw text as JSON, then read as encoding/json's Decoder would. */
function yamlOrJson(text: string): Json | undefined {
  try {
    // Go's YAML reader refuses nesting deeper than 10000 and kuma-cp then reads the text as JSON, whose
    // scanner answers Go's "exceeded max depth"; ours gives up far earlier, so deep text goes straight to JSON
    if (tooDeep(text)) return goJsonDecode(text);
    const yaml = yamlModule();
    const doc = yaml.parseDocument(text, { version: '1.1', uniqueKeys: true, prettyErrors: false });
    if (doc.errors.length === 0) {
      const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
      return { ok: true, value: value === undefined ? null : value };
    }
    return goJsonDecode(text);
  } catch (e) {
    // nesting too deep for this stack, or aliases beyond the limit: no verdict drawn here
    if (e instanceof RangeError || (e instanceof Error && /alias/i.test(e.message))) return undefined;
    throw e;
  }
}

function goKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  return 'object';
}

/** jsonpb: a message must be a JSON object (null leaves it empty). */
function asMessage(value: unknown): { ok: true; fields: Record<string, unknown> } | { ok: false; error: string } {
  if (value === null) return { ok: true, fields: {} };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, error: `json: cannot unmarshal ${goKind(value)} into Go value of type map[string]json.RawMessage` };
  }
  return { ok: true, fields: value as Record<string, unknown> };
}

function field(o: Record<string, unknown>, json: string, proto: string): unknown {
  return o[json] !== undefined ? o[json] : o[proto];
}

/** protobuf JSON Duration ("1.5s") in nanoseconds; undefined when it is not one. */
function protoDuration(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/.exec(v);
  if (!m) return undefined;
  const ns = Number(m[2]) * 1e9 + Number((m[3] ?? '').padEnd(9, '0') || '0');
  return m[1] ? -ns : ns;
}

/** The message's own validation (protoc-gen-validate), for the rules known here; the first failure wins. */
function pgv(typeName: string, o: Record<string, unknown>): string | undefined {
  const short = typeName.slice(typeName.lastIndexOf('.') + 1);
  const requireName = (goName: string, json: string, proto: string = json): string | undefined => {
    const v = field(o, json, proto);
    if (typeof v === 'string' || v === undefined || v === null) {
      if ([...(typeof v === 'string' ? v : '')].length < 1) return `invalid ${short}.${goName}: value length must be at least 1 runes`;
    }
    return undefined;
  };
  switch (typeName) {
    case CLUSTER: {
      const e = requireName('Name', 'name');
      if (e) return e;
      const timeout = protoDuration(field(o, 'connectTimeout', 'connect_timeout'));
      if (timeout !== undefined && timeout <= 0) return `invalid ${short}.ConnectTimeout: value must be greater than 0s`;
      return undefined;
    }
    case NETWORK_FILTER:
    case HTTP_FILTER:
      return requireName('Name', 'name');
    case VIRTUAL_HOST: {
      const e = requireName('Name', 'name');
      if (e) return e;
      const domains = o.domains;
      if (!Array.isArray(domains) || domains.length < 1) return `invalid ${short}.Domains: value must contain at least 1 item(s)`;
      return undefined;
    }
    case 'envoy.config.endpoint.v3.ClusterLoadAssignment':
      return requireName('ClusterName', 'clusterName', 'cluster_name');
    default:
      return undefined;
  }
}

/** ValidateResourceYAML (validate: true) or ValidateResourceYAMLPatch (validate: false) for `typeName`. */
export function envoyMessageError(text: string, typeName: string, validate: boolean): string | undefined {
  const json = yamlOrJson(text);
  if (!json) return undefined;
  if (!json.ok) return json.error;
  const msg = asMessage(json.value);
  if (!msg.ok) return msg.error;
  return validate ? pgv(typeName, msg.fields) : undefined;
}

/** envoy.ResourceFromYaml: an Any with its `@type`, decoded and validated. */
export function envoyAnyResourceError(text: string): string | undefined {
  const json = yamlOrJson(text);
  if (!json) return undefined;
  if (!json.ok) return json.error;
  if (json.value === null) return 'proto: invalid empty type URL';
  const msg = asMessage(json.value);
  if (!msg.ok) return msg.error;
  if (!Object.prototype.hasOwnProperty.call(msg.fields, '@type')) return "Any JSON doesn't have '@type'";
  const typeUrl = msg.fields['@type'];
  if (typeof typeUrl !== 'string') return `can't unmarshal Any's '@type': ${q(JSON.stringify(typeUrl))}`;
  const typeName = typeUrl.slice(typeUrl.lastIndexOf('/') + 1);
  if (!KNOWN_PACKAGES.test(typeName)) return `could not resolve Any message type: ${typeUrl}`;
  const fields = { ...msg.fields };
  delete fields['@type'];
  return pgv(typeName, fields);
}

/** The Envoy messages MeshProxyPatch adds or patches, by their short names. */
export type EnvoyMessage = 'Cluster' | 'Listener' | 'VirtualHost' | 'Filter' | 'HttpFilter';

const MESSAGE_TYPES: Record<EnvoyMessage, string> = {
  Cluster: CLUSTER,
  Listener: LISTENER,
  VirtualHost: VIRTUAL_HOST,
  Filter: NETWORK_FILTER,
  HttpFilter: HTTP_FILTER,
};

/** envoyMessageError for MeshProxyPatch's messages: what decoding (and, when `validate`, the checks) says, or null. */
export function envoyResourceProblem(message: EnvoyMessage, text: string, validate: boolean): string | null {
  return envoyMessageError(text, MESSAGE_TYPES[message], validate) ?? null;
}
