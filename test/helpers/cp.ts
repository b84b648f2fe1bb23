import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane, type ControlPlaneOptions, type RunningControlPlane } from '../../src/lib/control-plane/index.js';

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
