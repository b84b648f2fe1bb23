/**
 * The kumactl configuration file (`~/.kumactl/config`): where it lives, first-use creation, reading
 * (camelCase and snake_case keys, as kumactl's protobuf-JSON decoding accepts), writing in kumactl's
 * exact YAML form, and which control plane a command talks to. No HTTP here.
 */
import { chmodSync, closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { randomBytes } from 'node:crypto';
import { yamlModule } from '../lazy-yaml.js';
import { ExitCode, UsageError, UserError } from '../errors.js';
import { goPathError } from '../go/os.js';

export interface Header {
  key: string;
  value: string;
}

export interface ApiServer {
  url: string;
  caCertFile?: string;
  clientCertFile?: string;
  clientKeyFile?: string;
  headers?: Header[];
  authType?: string;
  authConf?: Record<string, string>;
  skipVerify?: boolean;
}

export interface ControlPlaneEntry {
  name: string;
  coordinates: { apiServer: ApiServer };
}

export interface ContextEntry {
  name: string;
  controlPlane: string;
  defaults?: { mesh?: string };
}

export interface KumactlConfig {
  controlPlanes?: ControlPlaneEntry[];
  contexts?: ContextEntry[];
  currentContext?: string;
}

/** The control plane a command talks to. */
export interface Target {
  /** Name of the control plane in the config (`cp-address` for --cp-address / KUMACTL_CP_ADDRESS). */
  controlPlane: string;
  apiServer: ApiServer;
  /** `defaults.mesh` of the current context; kumactl ignores it, we use it when no --mesh is given. */
  defaultMesh?: string;
}

export const NO_ACTIVE_CP =
  'active Control Plane is not set. Use `kumactl config control-planes add` to add a Control Plane and make it active';
export const BROKEN_CONFIG =
  'apparently, configuration is broken. Use `kumactl config control-planes add` to add a Control Plane and make it active';
export const REDACTED = '<redacted>';

/** What kumactl writes on first use and what `--no-config` runs with. */
export function defaultConfig(): KumactlConfig {
  return {
    controlPlanes: [{ name: 'local', coordinates: { apiServer: { url: 'http://localhost:5681' } } }],
    contexts: [{ name: 'local', controlPlane: 'local' }],
    currentContext: 'local',
  };
}

/** `--config-file`, else `KUMACTL_CONFIG`, else `$HOME/.kumactl/config`. */
export function configPath(flags: { configFile?: string }, env: NodeJS.ProcessEnv = process.env): string {
  if (flags.configFile) return flags.configFile;
  if (env.KUMACTL_CONFIG) return env.KUMACTL_CONFIG;
  return join(env.HOME ?? '', '.kumactl', 'config');
}

/**
 * The configuration a command runs with. `noConfig`: the built-in default, nothing read or written.
 * Otherwise the file is created with the default on first use (directories 0755, file 0600), then read.
 */
export function loadConfig(opts: { configFile?: string; noConfig?: boolean }, env: NodeJS.ProcessEnv = process.env): { config: KumactlConfig; path: string } {
  const path = configPath(opts, env);
  if (opts.noConfig) return { config: defaultConfig(), path };
  if (!pathExists(path)) saveConfig(path, defaultConfig()); // first use
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(`Failed to read configuration from file ${JSON.stringify(path)}: ${goPathError(err, 'read', path)}`, ExitCode.UNEXPECTED);
  }
  try {
    return { config: parseConfig(text), path };
  } catch (err) {
    throw new UserError(`Failed to parse configuration from file ${JSON.stringify(path)}: ${(err as Error).message}`, ExitCode.UNEXPECTED);
  }
}

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

// ---------------------------------------------------------------------------------------------
// Decoding (protobuf JSON rules: both key spellings, unknown keys ignored, null = absent)

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

// ---------------------------------------------------------------------------------------------
// Writing

/** Write the configuration atomically (temp file + rename in the same directory), mode 0600. */
export function saveConfig(path: string, config: KumactlConfig): void {
  try {
    writeConfigFile(path, config);
  } catch (err) {
    throw new UserError(`Failed to save configuration to file ${JSON.stringify(path)}: ${goPathError(err, 'open', path)}`, ExitCode.UNEXPECTED);
  }
}

function writeConfigFile(path: string, config: KumactlConfig): void {
  const target = followSymlinks(path);
  const dir = dirname(target);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const tmp = join(dir, `.${randomBytes(6).toString('hex')}.kumactl-config.tmp`);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    try {
      writeSync(fd, serializeConfig(config));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, 0o600);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** A symlinked config file (dotfiles) is written through, not replaced by a regular file. */
function followSymlinks(path: string): string {
  let p = resolvePath(path);
  for (let i = 0; i < 40; i++) {
    let st;
    try {
      st = lstatSync(p);
    } catch {
      return p;
    }
    if (!st.isSymbolicLink()) return p;
    p = resolvePath(dirname(p), readlinkSync(p));
  }
  return p;
}

/** As Go's os.Stat + IsNotExist: only a missing file (or a dangling link) counts as absent. */
function pathExists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return !(code === 'ENOENT' || code === 'ENOTDIR');
  }
}

/** kumactl's YAML: keys sorted at every level, 2-space indent, sequences not indented, zero values omitted. */
export function serializeConfig(config: KumactlConfig): string {
  const plain = toPlain(config);
  if (Object.keys(plain).length === 0) return '{}\n';
  return `${emitMap(plain, '').join('\n')}\n`;
}

type Plain = string | boolean | PlainObj | Plain[];
interface PlainObj {
  [k: string]: Plain;
}

/** Proto3 JSON: empty strings, false, empty lists and empty maps are left out; messages that are set stay (`{}`). */
function toPlain(config: KumactlConfig): PlainObj {
  const out: PlainObj = {};
  if (config.controlPlanes?.length) {
    out.controlPlanes = config.controlPlanes.map((cp) => {
      const o: PlainObj = {};
      if (cp.name) o.name = cp.name;
      if (cp.coordinates) {
        const c: PlainObj = {};
        if (cp.coordinates.apiServer) c.apiServer = apiServerPlain(cp.coordinates.apiServer);
        o.coordinates = c;
      }
      return o;
    });
  }
  if (config.contexts?.length) {
    out.contexts = config.contexts.map((ctx) => {
      const o: PlainObj = {};
      if (ctx.name) o.name = ctx.name;
      if (ctx.controlPlane) o.controlPlane = ctx.controlPlane;
      if (ctx.defaults) o.defaults = ctx.defaults.mesh ? { mesh: ctx.defaults.mesh } : {};
      return o;
    });
  }
  if (config.currentContext) out.currentContext = config.currentContext;
  return out;
}

function apiServerPlain(api: ApiServer): PlainObj {
  const o: PlainObj = {};
  if (api.url) o.url = api.url;
  if (api.caCertFile) o.caCertFile = api.caCertFile;
  if (api.clientCertFile) o.clientCertFile = api.clientCertFile;
  if (api.clientKeyFile) o.clientKeyFile = api.clientKeyFile;
  if (api.headers?.length) {
    o.headers = api.headers.map((h) => {
      const ho: PlainObj = {};
      if (h.key) ho.key = h.key;
      if (h.value) ho.value = h.value;
      return ho;
    });
  }
  if (api.authType) o.authType = api.authType;
  if (api.authConf && Object.keys(api.authConf).length > 0) {
    const conf: PlainObj = {};
    for (const [k, v] of Object.entries(api.authConf)) conf[k] = v; // map entries are kept even when empty
    o.authConf = conf;
  }
  if (api.skipVerify === true) o.skipVerify = true;
  return o;
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function emitMap(obj: PlainObj, indent: string): string[] {
  const lines: string[] = [];
  for (const key of Object.keys(obj).sort(byteOrder)) {
    const v = obj[key]!;
    const k = yamlScalar(key);
    if (Array.isArray(v)) {
      if (v.length === 0) lines.push(`${indent}${k}: []`);
      else lines.push(`${indent}${k}:`, ...emitSeq(v, indent));
    } else if (typeof v === 'object') {
      if (Object.keys(v).length === 0) lines.push(`${indent}${k}: {}`);
      else lines.push(`${indent}${k}:`, ...emitMap(v, `${indent}  `));
    } else {
      lines.push(`${indent}${k}: ${typeof v === 'boolean' ? String(v) : yamlScalar(v)}`);
    }
  }
  return lines;
}

function emitSeq(items: Plain[], indent: string): string[] {
  const lines: string[] = [];
  for (const item of items) {
    if (Array.isArray(item)) {
      lines.push(`${indent}- []`); // not produced by the config schema
    } else if (typeof item === 'object') {
      if (Object.keys(item).length === 0) {
        lines.push(`${indent}- {}`);
      } else {
        const inner = emitMap(item, `${indent}  `);
        inner[0] = `${indent}- ${inner[0]!.slice(indent.length + 2)}`;
        lines.push(...inner);
      }
    } else {
      lines.push(`${indent}- ${typeof item === 'boolean' ? String(item) : yamlScalar(item)}`);
    }
  }
  return lines;
}

// go-yaml v2's choice of scalar style: plain when the text reads back as the same string,
// double quotes when it would read back as another type (null, bool, number, timestamp),
// single quotes when it starts with an indicator or contains ": " / " #".
const YAML11_SPECIAL = new Set(
  '~ null Null NULL y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF .inf .Inf .INF +.inf +.Inf +.INF -.inf -.Inf -.INF .nan .NaN .NAN <<'.split(' '),
);
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/;

function readsAsOtherType(s: string): boolean {
  if (s === '' || YAML11_SPECIAL.has(s)) return true;
  if (!/^[-+0-9.]/.test(s)) return false;
  const plain = s.replace(/_/g, '');
  return GO_INT.test(plain) || YAML_FLOAT.test(plain) || BASE60.test(s) || TIMESTAMP.test(s);
}

function isPrintable(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const ok = c === 0x0a || (c >= 0x20 && c <= 0x7e) || c === 0x85 || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff) || c >= 0x10000;
    if (!ok) return false;
  }
  return true;
}

function plainAllowed(s: string): boolean {
  if (s.startsWith('---') || s.startsWith('...')) return false;
  const first = s[0]!;
  if ('#,[]{}&*!|>\'"%@`'.includes(first)) return false;
  if ('?:-'.includes(first) && (s.length === 1 || s[1] === ' ')) return false;
  if (s.startsWith(' ') || s.endsWith(' ')) return false;
  if (/:( |$)/.test(s) || / #/.test(s)) return false;
  return true;
}

const ESCAPES: Record<string, string> = {
  '\0': '\\0', '\x07': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\v': '\\v', '\f': '\\f', '\r': '\\r', '\x1b': '\\e',
  '"': '\\"', '\\': '\\\\', '\x85': '\\N', '\xa0': '\\_', '\u2028': '\\L', '\u2029': '\\P',
};

function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const esc = ESCAPES[ch];
    if (esc) out += esc;
    else if (isPrintable(ch)) out += ch;
    else {
      const c = ch.codePointAt(0)!;
      out += c <= 0xff ? `\\x${c.toString(16).toUpperCase().padStart(2, '0')}` : c <= 0xffff ? `\\u${c.toString(16).toUpperCase().padStart(4, '0')}` : `\\U${c.toString(16).toUpperCase().padStart(8, '0')}`;
    }
  }
  return `${out}"`;
}

/** One string as go-yaml v2 writes it in block context (no line folding). */
export function yamlScalar(s: string): string {
  if (readsAsOtherType(s) || s.includes('\n') || !isPrintable(s)) return doubleQuoted(s);
  if (plainAllowed(s)) return s;
  return `'${s.replace(/'/g, "''")}'`;
}

// ---------------------------------------------------------------------------------------------
// Secrets in `config view`

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

// ---------------------------------------------------------------------------------------------
// Which control plane a command talks to

/**
 * kumactl's resolution: current context → its control plane (`--context` replaces that control-plane
 * name, as kumactl does). `cpAddress` bypasses the file; `token` adds `Authorization: Bearer`.
 */
export function resolveTarget(config: KumactlConfig, opts: { context?: string; cpAddress?: string; token?: string }): Target {
  let target: Target;
  if (opts.cpAddress) {
    if (!/^https?:\/\/[^/]/i.test(opts.cpAddress) || !URL.canParse(opts.cpAddress)) {
      throw new UsageError(`invalid control plane address ${JSON.stringify(opts.cpAddress)} (--cp-address / KUMACTL_CP_ADDRESS): use http://HOST:PORT or https://HOST:PORT`);
    }
    target = { controlPlane: 'cp-address', apiServer: { url: opts.cpAddress } };
  } else {
    if (!config.currentContext) throw new UserError(NO_ACTIVE_CP, ExitCode.UNEXPECTED);
    const ctx = config.contexts?.find((c) => c.name === config.currentContext);
    if (!ctx) throw new UserError(BROKEN_CONFIG, ExitCode.UNEXPECTED);
    const cpName = opts.context || ctx.controlPlane;
    const cp = config.controlPlanes?.find((c) => c.name === cpName);
    if (!cp) throw new UserError(BROKEN_CONFIG, ExitCode.UNEXPECTED);
    target = { controlPlane: cp.name, apiServer: structuredClone(cp.coordinates?.apiServer ?? { url: '' }) };
    if (ctx.defaults?.mesh) target.defaultMesh = ctx.defaults.mesh;
  }
  if (opts.token) {
    target.apiServer.authType = 'tokens';
    target.apiServer.authConf = { ...target.apiServer.authConf, token: opts.token };
  }
  return target;
}
