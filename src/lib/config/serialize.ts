/** The config file's text as kumactl writes it (protobuf JSON turned into YAML by go-yaml v2). */
import { yamlScalar } from '../output/yaml-scalar.js';
import type { ApiServer, KumactlConfig } from './model.js';
import { goCompareStrings } from '../go/sort.js';

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

function emitMap(obj: PlainObj, indent: string): string[] {
  const lines: string[] = [];
  for (const key of Object.keys(obj).sort(goCompareStrings)) {
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
