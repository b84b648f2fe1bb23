/**
 * Reading the text of a config file: YAML as go-yaml v2 reads it, then kumactl's protobuf-JSON
 * decoding (camelCase and snake_case keys, unknown keys ignored, null = absent).
 */
import { yamlModule } from '../lazy-yaml.js';
import type { ApiServer, ContextEntry, ControlPlaneEntry, KumactlConfig } from './model.js';

/** Parse the text of a config file. Throws an Error with a one-line reason. */
export function parseConfig(text: string): KumactlConfig {
  // kumactl reads the file with go-yaml v2 (YAML 1.1: yes/no booleans, timestamps left as strings)
  const docs = yamlModule().parseAllDocuments(text, {
    version: '1.1',
    customTags: (tags) => tags.filter((t) => (typeof t === 'string' ? t : t.tag) !== 'tag:yaml.org,2002:timestamp'),
  });
  const doc = docs[0];
  if (!doc) return {}; // 0-byte file, or only comments
  const err = doc.errors[0];
  if (err) throw new Error(firstLine(err.message));
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  return decodeConfig(data);
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/:\s*$/, '');
}

type Obj = Record<string, unknown>;

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return 'a timestamp';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function field(obj: Obj, camel: string, snake?: string): unknown {
  const v = obj[camel] ?? (snake !== undefined ? obj[snake] : undefined);
  return v === null ? undefined : v;
}

function asObject(v: unknown, at: string): Obj | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v) || v instanceof Date) throw new Error(`${at}: expected a mapping, got ${describe(v)}`);
  return v as Obj;
}

function asList(v: unknown, at: string): unknown[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new Error(`${at}: expected a list, got ${describe(v)}`);
  return v;
}

function asString(v: unknown, at: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new Error(`${at}: expected a string, got ${describe(v)}`);
  return v;
}

function asBool(v: unknown, at: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new Error(`${at}: expected true or false, got ${describe(v)}`);
  return v;
}

function decodeConfig(data: unknown): KumactlConfig {
  const root = asObject(data, 'configuration');
  if (!root) return {};
  const config: KumactlConfig = {};
  const cps = asList(field(root, 'controlPlanes', 'control_planes'), 'controlPlanes');
  if (cps) config.controlPlanes = cps.map((cp, i) => decodeControlPlane(cp, `controlPlanes[${i}]`));
  const ctxs = asList(field(root, 'contexts'), 'contexts');
  if (ctxs) config.contexts = ctxs.map((c, i) => decodeContext(c, `contexts[${i}]`));
  const current = asString(field(root, 'currentContext', 'current_context'), 'currentContext');
  if (current) config.currentContext = current;
  return config;
}

function decodeControlPlane(v: unknown, at: string): ControlPlaneEntry {
  const obj = asObject(v, at) ?? {};
  const coords = asObject(field(obj, 'coordinates'), `${at}.coordinates`);
  const api = coords ? asObject(field(coords, 'apiServer', 'api_server'), `${at}.coordinates.apiServer`) : undefined;
  const entry = { name: asString(field(obj, 'name'), `${at}.name`) ?? '' } as ControlPlaneEntry;
  if (coords) entry.coordinates = { ...(api ? { apiServer: decodeApiServer(api, `${at}.coordinates.apiServer`) } : {}) } as ControlPlaneEntry['coordinates'];
  return entry;
}

function decodeApiServer(obj: Obj, at: string): ApiServer {
  const api: ApiServer = { url: asString(field(obj, 'url'), `${at}.url`) ?? '' };
  const strings: Array<[keyof ApiServer, string]> = [
    ['caCertFile', 'ca_cert_file'],
    ['clientCertFile', 'client_cert_file'],
    ['clientKeyFile', 'client_key_file'],
    ['authType', 'auth_type'],
  ];
  for (const [camel, snake] of strings) {
    const s = asString(field(obj, camel, snake), `${at}.${camel}`);
    if (s) (api as unknown as Obj)[camel] = s;
  }
  const headers = asList(field(obj, 'headers'), `${at}.headers`);
  if (headers && headers.length > 0) {
    api.headers = headers.map((h, i) => {
      const ho = asObject(h, `${at}.headers[${i}]`) ?? {};
      return { key: asString(field(ho, 'key'), `${at}.headers[${i}].key`) ?? '', value: asString(field(ho, 'value'), `${at}.headers[${i}].value`) ?? '' };
    });
  }
  const conf = asObject(field(obj, 'authConf', 'auth_conf'), `${at}.authConf`);
  if (conf && Object.keys(conf).length > 0) {
    api.authConf = {};
    for (const [k, val] of Object.entries(conf)) api.authConf[k] = asString(val, `${at}.authConf.${k}`) ?? '';
  }
  if (asBool(field(obj, 'skipVerify', 'skip_verify'), `${at}.skipVerify`)) api.skipVerify = true;
  return api;
}

function decodeContext(v: unknown, at: string): ContextEntry {
  const obj = asObject(v, at) ?? {};
  const ctx: ContextEntry = {
    name: asString(field(obj, 'name'), `${at}.name`) ?? '',
    controlPlane: asString(field(obj, 'controlPlane', 'control_plane'), `${at}.controlPlane`) ?? '',
  };
  const defaults = asObject(field(obj, 'defaults'), `${at}.defaults`);
  if (defaults) {
    const mesh = asString(field(defaults, 'mesh'), `${at}.defaults.mesh`);
    ctx.defaults = mesh ? { mesh } : {};
  }
  return ctx;
}
