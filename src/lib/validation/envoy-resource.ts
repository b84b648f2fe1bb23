/*
 * Kuma's ValidateResourceYAML / ValidateResourceYAMLPatch (pkg/core/resources/apis/mesh/validators.go) for native
 * Envoy values: the text is read as YAML (else as JSON) and decoded into the Envoy message with golang/protobuf's
 * jsonpb (unknown fields allowed); an added resource is then checked by the message's generated validation, which
 * stops at the first failure.
 *
 * Emulated: decoding errors for a text that is not a JSON/YAML object (`unexpected EOF`, Go's JSON syntax errors, a
 * top-level array, string, number or boolean), and these generated checks: Cluster `name` and `connectTimeout`,
 * VirtualHost `name` and `domains`, Filter and HttpFilter `name`. Other field-level checks (field types, nested
 * messages, `@type` resolution) are not: such a value is accepted here and refused by kuma-cp.
 */
import { parse as parseYaml } from 'yaml';
import { goJsonDecodeError } from '../go/json.js';

export type EnvoyMessage = 'Cluster' | 'Listener' | 'VirtualHost' | 'Filter' | 'HttpFilter';

const GO_JSON_TYPE: Record<string, string> = { string: 'string', number: 'number', boolean: 'bool' };

/** What decoding (and, when `validate`, the message's own checks) says about the value, or null. */
export function envoyResourceProblem(message: EnvoyMessage, text: string, validate: boolean): string | null {
  let value: unknown;
  try {
    // Go's YAML reader refuses nesting deeper than 10000 and Kuma then reads the text as JSON; our YAML reader gives
    // up far earlier (and slowly), so deeply nested text goes straight to the JSON reading.
    if (flowDepthExceeds(text, 1000)) throw new Error('too deep for YAML');
    value = parseYaml(text, { prettyErrors: false, uniqueKeys: false }) as unknown;
  } catch {
    const err = goJsonDecodeError(text);
    if (err !== null) return err;
    try {
      value = JSON.parse(text.trim()) as unknown;
    } catch {
      return null; // a first JSON value followed by more text: Go decodes the first value only
    }
  }
  if (value === undefined || value === null) value = {};
  if (Array.isArray(value)) return 'json: cannot unmarshal array into Go value of type map[string]json.RawMessage';
  if (typeof value !== 'object') {
    return `json: cannot unmarshal ${GO_JSON_TYPE[typeof value] ?? 'object'} into Go value of type map[string]json.RawMessage`;
  }
  return validate ? generatedCheck(message, value as Record<string, unknown>) : null;
}

/** A field by its JSON (lowerCamel) or proto (snake_case) name; jsonpb accepts both. */
function field(obj: Record<string, unknown>, json: string, proto: string): unknown {
  return obj[json] ?? obj[proto];
}

function emptyString(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

/** protobuf JSON Duration ("1.5s") in nanoseconds; undefined when it is not one. */
function protoDuration(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/.exec(v);
  if (!m) return undefined;
  const ns = Number(m[2]) * 1e9 + Number((m[3] ?? '').padEnd(9, '0') || '0');
  return m[1] ? -ns : ns;
}

function generatedCheck(message: EnvoyMessage, obj: Record<string, unknown>): string | null {
  const name = obj.name;
  switch (message) {
    case 'Cluster': {
      if (emptyString(name)) return 'invalid Cluster.Name: value length must be at least 1 runes';
      const timeout = protoDuration(field(obj, 'connectTimeout', 'connect_timeout'));
      if (timeout !== undefined && timeout <= 0) return 'invalid Cluster.ConnectTimeout: value must be greater than 0s';
      return null;
    }
    case 'VirtualHost': {
      if (emptyString(name)) return 'invalid VirtualHost.Name: value length must be at least 1 runes';
      const domains = obj.domains;
      if (domains === undefined || domains === null || (Array.isArray(domains) && domains.length === 0)) {
        return 'invalid VirtualHost.Domains: value must contain at least 1 item(s)';
      }
      return null;
    }
    case 'Filter':
      return emptyString(name) ? 'invalid Filter.Name: value length must be at least 1 runes' : null;
    case 'HttpFilter':
      return emptyString(name) ? 'invalid HttpFilter.Name: value length must be at least 1 runes' : null;
    default:
      return null;
  }
}

/** Whether `[`/`{` nesting (outside quotes) goes deeper than `limit`. */
function flowDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== '') {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') {
      if (++depth > limit) return true;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return false;
}
