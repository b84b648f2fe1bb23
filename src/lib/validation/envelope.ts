import { Loc } from './rules/loc.js';
import { error, warning, type Violation } from './types.js';
import type { ResourceType } from '../resources/registry.js';

/*
 * The rules every Universal resource's meta must meet (Kuma's ValidateMeta and the API server's label
 * checks), with Kuma's exact messages.
 */

const RFC1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LEGACY_MESH_CHARS = /^[0-9a-z-_.]*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const NAME_CHARS_MESSAGE =
  "invalid characters. A lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const MESH_CHARS_MESSAGE = "invalid characters. Valid characters are numbers, lowercase latin letters and '-', '_', '.' symbols.";
const QUALIFIED_NAME_ERR =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_ERR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const DNS1123_SUBDOMAIN_ERR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** Name rules for every type; mesh rules for mesh-scoped types (`mesh` is the resolved mesh). */
export function checkMeta(type: ResourceType, name: unknown, mesh: string | undefined): Violation[] {
  const out: Violation[] = [];
  // a missing or non-string name is the schema's to report
  if (typeof name === 'string') {
    const n = name;
    if (n === '') out.push(error('name', 'cannot be empty'));
    else if (n.length > 253) out.push(error('name', 'value length must less or equal 253'));
    else if (!RFC1123_SUBDOMAIN.test(n)) out.push(error('name', NAME_CHARS_MESSAGE));
  }
  if (type.scope === 'Mesh') {
    const m = mesh ?? '';
    if (m === '') out.push(error('mesh', 'cannot be empty'));
    else if (m.length > 253) out.push(error('mesh', 'value length must less or equal 253'));
    else if (!LEGACY_MESH_CHARS.test(m)) out.push(error('mesh', MESH_CHARS_MESSAGE));
    // Kuma's character set allows them, but no Mesh can have these names, and in a URL they mean
    // "this path" and "the path above": a request for mesh ".." would go to another resource.
    else if (m === '.' || m === '..') out.push(error('mesh', `cannot be ${JSON.stringify(m)}: no mesh can have this name`));
  }
  return out;
}

/**
 * Label keys and values (Kubernetes qualified names and label values) and Kuma's own labels. The
 * `kuma.io/mesh` label must name the resource's mesh only where Kuma's Universal API checks it:
 * `universalApi` (the document is in Universal form) and not for a resource of global origin.
 */
export function checkLabels(labels: unknown, resourceMesh: string | undefined, universalApi = true): Violation[] {
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) return [];
  const out: Violation[] = [];
  const checkMesh = universalApi && (labels as Record<string, unknown>)['kuma.io/origin'] !== 'global';
  for (const [key, value] of Object.entries(labels as Record<string, unknown>)) {
    const field = Loc.of('labels').k(key);
    for (const m of qualifiedNameErrors(key)) out.push(field.err(m));
    if (typeof value !== 'string') continue; // the schema reports the type
    if (value.length > 63) out.push(field.err('must be no more than 63 characters'));
    if (!LABEL_VALUE.test(value)) out.push(field.err(LABEL_VALUE_ERR));
    if (key === 'kuma.io/origin' && value !== 'global' && value !== 'zone') {
      out.push(field.err(`unknown resource origin ${JSON.stringify(value)}`));
    }
    if (key === 'kuma.io/mesh' && checkMesh && value !== (resourceMesh ?? '')) {
      out.push(field.err('kuma.io/mesh label must not differ from mesh set on resource'));
    }
  }
  return out;
}

function qualifiedNameErrors(key: string): string[] {
  const parts = key.split('/');
  if (parts.length > 2) {
    return [`a valid label key ${QUALIFIED_NAME_ERR} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  const errs: string[] = [];
  const name = parts.length === 2 ? parts[1]! : parts[0]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix === '') errs.push('prefix part must be non-empty');
    else {
      if (prefix.length > 253) errs.push('prefix part must be no more than 253 characters');
      if (!RFC1123_SUBDOMAIN.test(prefix)) errs.push(`prefix part ${DNS1123_SUBDOMAIN_ERR}`);
    }
  }
  if (name === '') errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (!QUALIFIED_NAME.test(name)) errs.push(`name part ${QUALIFIED_NAME_ERR}`);
  return errs;
}

/** A warning for types Kuma has deprecated (legacy 2.x policies and resources). */
export function deprecationOf(type: ResourceType): Violation[] {
  return type.deprecated ? [warning('type', `${type.name} is ${type.deprecated}`)] : [];
}
