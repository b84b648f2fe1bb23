import { describe, it, expect } from 'vitest';
import { spawn, spawnSync, execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { ROOT } from '../helpers/cli.js';

const BIN = join(ROOT, 'bin', 'run.js');

/** Start `kumactl control-plane run` and wait for its one line on stdout. */
function startCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcessWithoutNullStreams; url: string; startMs: number }> {
  if (!existsSync(join(ROOT, 'dist', 'commands', 'control-plane', 'run.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, 'control-plane', 'run', '--port', '0', ...args], { env: { ...process.env, ...env }, stdio: 'pipe' });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^control plane listening on (https?:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (m) resolve({ child, url: m[1]!, startMs: Date.now() - started });
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before listening: ${err}`)));
  });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  // an exit that already happened (a SIGKILL leaves exitCode null and sets signalCode) resolves at once
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.on('exit', (code) => resolve(code))));
}

describe('kumactl control-plane run', () => {
  it('prints one line, serves the API, and exits 0 on SIGTERM after finishing', async () => {
    const { child, url, startMs } = await startCli([]);
    expect(startMs).toBeGreaterThan(0); // the start-up time is measured by `npm run bench`, not asserted here
    const meshes = (await (await fetch(`${url}/meshes`)).json()) as { total: number };
    expect(meshes.total).toBe(1);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('honours KUMA_DEFAULTS_SKIP_MESH_CREATION and KUMA_API_SERVER_READ_ONLY', async () => {
    const { child, url } = await startCli([], { KUMA_DEFAULTS_SKIP_MESH_CREATION: 'true', KUMA_API_SERVER_READ_ONLY: 'true' });
    try {
      expect(((await (await fetch(`${url}/meshes`)).json()) as { total: number }).total).toBe(0);
      const put = await fetch(`${url}/meshes/x`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"type":"Mesh","name":"x"}' });
      expect(put.status).toBe(405);
    } finally {
      child.kill('SIGINT');
      expect(await exited(child)).toBe(0);
    }
  });

  it('--seed loads files and directories (repeatable) as written, without the default mesh; a bad seed is exit 3 naming the document', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kumactl-seed-cli-'));
    try {
      mkdirSync(join(dir, 'policies'));
      writeFileSync(join(dir, 'mesh.yaml'), 'type: Mesh\nname: prod\n');
      writeFileSync(join(dir, 'policies', 'mt.yaml'), 'type: MeshTimeout\nname: t\nmesh: prod\nspec:\n  targetRef:\n    kind: Mesh\n');
      const { child, url } = await startCli(['--seed', join(dir, 'mesh.yaml'), '--seed', join(dir, 'policies')]);
      try {
        const meshes = (await (await fetch(`${url}/meshes`)).json()) as { items: Array<{ name: string }> };
        expect(meshes.items.map((m) => m.name)).toEqual(['prod']);
        const mts = (await (await fetch(`${url}/meshes/prod/meshtimeouts`)).json()) as { items: Array<{ name: string; labels?: unknown }> };
        expect(mts.items.map((m) => [m.name, m.labels])).toEqual([['t', undefined]]);
      } finally {
        child.kill('SIGTERM');
        await exited(child);
      }
      writeFileSync(join(dir, 'bad.yaml'), 'type: Mesh\nname: a\n---\ntype: NoSuchType\nname: b\n');
      const bad = spawnSync(process.execPath, [BIN, 'control-plane', 'run', '--port', '0', '--seed', join(dir, 'bad.yaml')], { encoding: 'utf8' });
      expect(bad.status).toBe(3);
      expect(bad.stderr).toContain(`${join(dir, 'bad.yaml')}:4:1: cannot be seeded: type:`);
      expect(bad.stdout).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a non-loopback address without --admin-token, exit 2', async () => {
    const child = spawn(process.execPath, [BIN, 'control-plane', 'run', '--port', '0', '--address', '0.0.0.0'], { stdio: 'pipe' });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    expect(await exited(child)).toBe(2);
    expect(err).toMatch(/^Error: refusing to listen on 0\.0\.0\.0 without --admin-token/);
  });

  it('serves HTTPS with the given certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kumactl-tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
      const { child, url } = await startCli(['--tls-cert-file', join(dir, 'cert.pem'), '--tls-key-file', join(dir, 'key.pem')]);
      try {
        expect(url).toMatch(/^https:\/\//);
        const res = await undiciFetch(`${url}/`, { dispatcher: new Agent({ connect: { rejectUnauthorized: false } }) });
        expect(((await res.json()) as { product: string }).product).toBe('Kuma');
      } finally {
        child.kill('SIGTERM');
        await exited(child);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps every acknowledged write across SIGKILLs with the SQLite store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kumactl-kill-'));
    const db = join(dir, 'kuma.db');
    const acknowledged: string[] = [];
    try {
      for (let round = 0; round < 3; round++) {
        const { child, url } = await startCli(['--store', `sqlite:${db}`]);
        let i = 0;
        let acked = 0;
        let killed = false;
        const writer = (async () => {
          while (!killed) {
            const name = `r${round}-${i++}`;
            const body = { type: 'MeshTimeout', name, mesh: 'default', spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1m' } }] } };
            try {
              const res = await fetch(`${url}/meshes/default/meshtimeouts/${name}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
              if (res.status === 201) {
                acknowledged.push(name);
                acked++;
              }
            } catch {
              return; // killed mid-request: not acknowledged
            }
          }
        })();
        // kill in the middle of the stream: after some writes were acknowledged, while more are in flight
        const deadline = Date.now() + 5000;
        while (acked < 15 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        child.kill('SIGKILL');
        killed = true;
        await writer;
        await exited(child);
      }
      const { child, url } = await startCli(['--store', `sqlite:${db}`]);
      try {
        const list = (await (await fetch(`${url}/meshes/default/meshtimeouts?size=1000`)).json()) as { items: Array<{ name: string; spec: unknown }> };
        const stored = new Set(list.items.map((i) => i.name));
        expect(acknowledged.length).toBeGreaterThan(10);
        expect(acknowledged.filter((n) => !stored.has(n))).toEqual([]);
        expect(list.items.every((i) => typeof i.spec === 'object')).toBe(true);
      } finally {
        child.kill('SIGTERM');
        await exited(child);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
