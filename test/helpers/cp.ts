import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { beforeAll, afterAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane, type ControlPlaneOptions, type RunningControlPlane } from '../../src/lib/control-plane/index.js';
import { kumactl, type CliResult } from './cli.js';

/** The two stores every conformance test runs against. */
export const STORES = ['memory', 'sqlite'] as const;
export type StoreKind = (typeof STORES)[number];

export interface TestControlPlane extends RunningControlPlane {
  /** fetch against the control plane; JSON bodies are sent with the right content type. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any; text: string; headers: Headers }>;
  /** PUT that must succeed (test set-up): throws with the control plane's answer otherwise. */
  put(path: string, body: unknown): Promise<void>;
}

/** A control plane on 127.0.0.1, port 0, with a fresh store. */
export async function startTestControlPlane(store: StoreKind, options: ControlPlaneOptions = {}): Promise<TestControlPlane> {
  const dir = mkdtempSync(join(tmpdir(), 'kumactl-cp-'));
  const cp = await startControlPlane({ port: 0, store: store === 'memory' ? 'memory' : `sqlite:${join(dir, 'kuma.db')}`, keyPoolSize: 2, ...options });
  const call: TestControlPlane['call'] = async (method, path, body, headers = {}) => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${cp.url}${path}`, init);
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers };
  };
  const put: TestControlPlane['put'] = async (path, body) => {
    const r = await call('PUT', path, body);
    if (r.status >= 300) throw new Error(`PUT ${path}: ${r.status} ${r.text}`);
  };
  return {
    ...cp,
    call,
    put,
    close: async () => {
      await cp.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * What an e2e test of a command needs: a control plane on loopback, a HOME of its own (so no user config is
 * read or written) and the environment that points the built CLI at the control plane.
 */
export interface CliSession {
  cp: TestControlPlane;
  home: string;
  env: { KUMACTL_CP_ADDRESS: string; HOME: string };
  /** Run the built CLI against this control plane. */
  run(args: string[], options?: { stdin?: string; cwd?: string; env?: NodeJS.ProcessEnv }): Promise<CliResult>;
  /** A file in HOME with `content`; its path. */
  file(name: string, content: string): string;
  /** GET that must answer 200: its JSON. */
  json(path: string): Promise<any>;
  close(): Promise<void>;
}

/** Start a `CliSession`; `seed` puts the resources the tests read. */
export async function startCliSession(
  options: ControlPlaneOptions & { store?: StoreKind; seed?: (cp: TestControlPlane) => Promise<void> } = {},
): Promise<CliSession> {
  const { store = 'memory', seed, ...cpOptions } = options;
  const cp = await startTestControlPlane(store, cpOptions);
  const home = mkdtempSync(join(tmpdir(), 'kumactl-home-'));
  const env = { KUMACTL_CP_ADDRESS: cp.url, HOME: home };
  try {
    await seed?.(cp);
  } catch (err) {
    await cp.close();
    rmSync(home, { recursive: true, force: true });
    throw err;
  }
  return {
    cp,
    home,
    env,
    run: (args, { env: extra, ...rest } = {}) => kumactl(args, { env: { ...env, ...extra }, ...rest }),
    file(name, content) {
      const path = join(home, name);
      writeFileSync(path, content);
      return path;
    },
    async json(path) {
      const r = await cp.call('GET', path);
      if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.text}`);
      return r.json;
    },
    async close() {
      await cp.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** One `CliSession` for the tests of a `describe`: started before them, closed after them. */
export function sharedCliSession(options: Parameters<typeof startCliSession>[0] = {}): CliSession {
  let current: CliSession | undefined;
  const session = (): CliSession => {
    if (!current) throw new Error('the CLI session starts in beforeAll');
    return current;
  };
  beforeAll(async () => {
    current = await startCliSession(options);
  });
  afterAll(async () => {
    await current?.close();
  });
  return {
    get cp() {
      return session().cp;
    },
    get home() {
      return session().home;
    },
    get env() {
      return session().env;
    },
    run: (args, runOptions) => session().run(args, runOptions),
    file: (name, content) => session().file(name, content),
    json: (path) => session().json(path),
    close: () => session().close(),
  };
}
