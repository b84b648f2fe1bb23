/** The kumactl configuration as data, and its edits by `config control-planes add|remove|switch` (pure: a new configuration, nothing written). */
import { ExitCode, UserError } from '../errors.js';

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

/** What kumactl writes on first use and what `--no-config` runs with. */
export function defaultConfig(): KumactlConfig {
  return {
    controlPlanes: [{ name: 'local', coordinates: { apiServer: { url: 'http://localhost:5681' } } }],
    contexts: [{ name: 'local', controlPlane: 'local' }],
    currentContext: 'local',
  };
}

const fail = (message: string) => new UserError(message, ExitCode.UNEXPECTED);

/**
 * `config control-planes add`: the control plane and a context of the same name, made current.
 * An existing one of that name is replaced with `overwrite`, else kumactl's error.
 */
export function addControlPlane(config: KumactlConfig, entry: ControlPlaneEntry, opts: { overwrite?: boolean } = {}): KumactlConfig {
  const next = structuredClone(config);
  const name = entry.name;
  const cps = (next.controlPlanes ??= []);
  const cpAt = cps.findIndex((cp) => cp.name === name);
  if (cpAt >= 0 && !opts.overwrite) throw fail(`Control Plane with name ${JSON.stringify(name)} already exists. Use --overwrite to replace an existing one.`);
  if (cpAt >= 0) cps[cpAt] = structuredClone(entry);
  else cps.push(structuredClone(entry));
  const context: ContextEntry = { name, controlPlane: name };
  const ctxs = (next.contexts ??= []);
  const ctxAt = ctxs.findIndex((c) => c.name === name);
  if (ctxAt >= 0 && !opts.overwrite) throw fail(`Context with name ${JSON.stringify(name)} already exists`);
  if (ctxAt >= 0) ctxs[ctxAt] = context;
  else ctxs.push(context);
  next.currentContext = name;
  return next;
}

/**
 * `config control-planes remove`: the control plane and every context pointing at it (kumactl can
 * leave the second of two adjacent ones behind; we do not). When the current context goes, the first
 * remaining one becomes current. `current`: the context now current, if any.
 */
export function removeControlPlane(config: KumactlConfig, name: string): { config: KumactlConfig; current?: ContextEntry } {
  const next = structuredClone(config);
  const controlPlanes = next.controlPlanes ?? [];
  if (!controlPlanes.some((cp) => cp.name === name)) throw fail(`there is no Control Plane with name ${JSON.stringify(name)}`);
  next.controlPlanes = controlPlanes.filter((cp) => cp.name !== name);
  const removed = new Set((next.contexts ?? []).filter((c) => c.controlPlane === name).map((c) => c.name));
  next.contexts = (next.contexts ?? []).filter((c) => c.controlPlane !== name);
  if (next.currentContext !== undefined && removed.has(next.currentContext)) next.currentContext = next.contexts[0]?.name ?? '';
  const current = next.contexts.find((c) => c.name === next.currentContext);
  return current ? { config: next, current } : { config: next };
}

/** `config control-planes switch`: the context `name` (kumactl's --name is a context name) made current. */
export function switchContext(config: KumactlConfig, name: string): KumactlConfig {
  if (!config.contexts?.some((c) => c.name === name)) throw fail(`there is no Control Plane with name ${JSON.stringify(name)}`);
  return { ...structuredClone(config), currentContext: name };
}
