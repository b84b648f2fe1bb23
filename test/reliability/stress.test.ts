/**
 * The local control plane under stress, run the way users run it: `kumactl control-plane run --store
 * sqlite:FILE` as a child process, driven over HTTP by concurrent writer loops.
 *
 * 1. 16 writers for 30 s on 40 shared MeshTimeouts, plus resources of their own and a mesh that is created
 *    and deleted over and over while they write into it; readers page through lists meanwhile.
 * 2. 20 SIGKILLs in a row during concurrent writes and mesh creations/deletions on one SQLite file.
 * 3. Request limits: 413 over 5 MiB, Kuma's 400 for malformed JSON, invalid names never stored.
 *
 * Acknowledged = the 2xx status arrived. Every write carries a stamp (writer, sequence) twice: in a label
 * and spread over the spec, so a record mixing two writes shows. Which stamp a resource may hold: the
 * server applies writes to one resource one after another, so any write answered before another
 * acknowledged write to that resource was sent has been overwritten. What remains is a write that was
 * still unanswered when the last acknowledged write was sent (its answer came at or after that moment),
 * or, after a SIGKILL, one that never got an answer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { Agent, request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { startControlPlane } from '../../src/lib/control-plane/index.js';
import { ROOT } from '../helpers/cli.js';

const RUN_JS = join(ROOT, 'bin', 'run.js');
const BUILT = existsSync(join(ROOT, 'dist', 'commands', 'control-plane', 'run.js'));
if (!BUILT) console.warn('stress.test.ts: dist/ is missing, the child-process tests are skipped (npm test builds first)');

const LOAD_MS = 30_000;
const WRITERS = 16;
const SHARED_MESHES = ['m-0', 'm-1'];
const SHARED = Array.from({ length: 40 }, (_, i) => ({ mesh: SHARED_MESHES[i % 2]!, name: `shared-${i}` }));
const KILLS = 20;
/** Kuma's rule for resource names: a lowercase RFC 1123 subdomain of at most 253 characters. */
const VALID_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const scratch = mkdtempSync(join(tmpdir(), 'kumactl-stress-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Small seeded PRNG (mulberry32): a failing run can be replayed with the seed it prints. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ------------------------------------------------------------------------------------ stamped writes

/** The spec a stamp produces: 1 to 4 `to` entries, each naming the stamp. */
function stampedSpec(stamp: string, seq: number): Record<string, unknown> {
  // written as kuma-cp writes a duration back (`1m1s`, not `61s`), so the stored spec is this one
  const secs = (seq % 900) + 1;
  const idleTimeout = secs < 60 ? `${secs}s` : `${Math.floor(secs / 60)}m${secs % 60}s`;
  return {
    targetRef: { kind: 'Mesh' },
    to: Array.from({ length: 1 + (seq % 4) }, (_, i) => ({
      targetRef: { kind: 'MeshService', name: `svc-${i}-${stamp}` },
      default: { idleTimeout, connectionTimeout: `${i + 1}s` },
    })),
  };
}

function stampedDoc(mesh: string, name: string, stamp: string, seq: number): Record<string, unknown> {
  return { type: 'MeshTimeout', mesh, name, labels: { stamp, seq: String(seq) }, spec: stampedSpec(stamp, seq) };
}

/** The stamp of a stored MeshTimeout, or `torn:...` when its labels and spec are not of one write. */
function stampOf(item: { labels?: Record<string, string>; spec?: unknown }): string {
  const stamp = item.labels?.stamp;
  const seq = Number(item.labels?.seq);
  if (stamp === undefined || !Number.isInteger(seq)) return `torn:labels ${JSON.stringify(item.labels)}`;
  const want = JSON.stringify(stampedSpec(stamp, seq));
  return JSON.stringify(item.spec) === want ? stamp : `torn:${stamp} spec ${JSON.stringify(item.spec).slice(0, 200)}`;
}

interface Attempt {
  stamp: string;
  sentAt: number;
  /** When the answer came; Infinity when none came (the control plane was killed). */
  endAt: number;
  status: number;
}

/** Every write attempt per resource key, and what the resource may hold because of them. */
class Ledger {
  readonly byKey = new Map<string, Attempt[]>();
  acked = 0;

  add(key: string, attempt: Attempt): void {
    let list = this.byKey.get(key);
    if (!list) this.byKey.set(key, (list = []));
    list.push(attempt);
    if (attempt.status >= 200 && attempt.status < 300) this.acked++;
  }

  /** Stamps the resource may hold, and whether it must exist. */
  allowed(key: string): { stamps: Set<string>; mustExist: boolean } {
    const attempts = this.byKey.get(key) ?? [];
    const ok = (a: Attempt) => a.status >= 200 && a.status < 300;
    const lastSent = Math.max(-Infinity, ...attempts.filter(ok).map((a) => a.sentAt));
    const stamps = new Set(attempts.filter((a) => (ok(a) || a.status === 0) && a.endAt >= lastSent).map((a) => a.stamp));
    return { stamps, mustExist: attempts.some(ok) };
  }

  /** Keys whose stored stamp (undefined: absent) breaks `allowed`, with the reason. */
  violations(stored: Map<string, string>): string[] {
    const out: string[] = [];
    for (const key of this.byKey.keys()) {
      const { stamps, mustExist } = this.allowed(key);
      const have = stored.get(key);
      if (have === undefined) {
        if (mustExist) out.push(`${key}: acknowledged, but missing`);
      } else if (!stamps.has(have)) {
        out.push(`${key}: holds ${have}, allowed ${[...stamps].join(' ') || 'nothing'}`);
      }
    }
    return out;
  }
}

// ------------------------------------------------------------------------------- the control plane

interface Cp {
  child: ChildProcess;
  url: string;
  agent: Agent;
  output: () => string;
}

/** `kumactl control-plane run --port 0 ARGS`, resolved once it prints its URL; rejected if it exits first. */
function launch(args: string[]): Promise<Cp> {
  const child = spawn(process.execPath, [RUN_JS, 'control-plane', 'run', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /control plane listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (m) resolve({ child, url: m[1]!, agent: new Agent({ connections: 64, keepAliveTimeout: 5_000 }), output: () => out });
    });
    child.once('exit', (code, signal) => reject(new Error(`control plane exited (${code ?? signal}) before listening:\n${out}`)));
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

interface Answer {
  status: number;
  json: any;
}

async function call(cp: Cp, method: 'GET' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<Answer> {
  const res = await request(path.startsWith('http') ? path : `${cp.url}${path}`, {
    method,
    dispatcher: cp.agent,
    ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
  });
  const text = await res.body.text();
  try {
    return { status: res.statusCode, json: JSON.parse(text) };
  } catch {
    return { status: res.statusCode, json: text };
  }
}

/** Every item of a list, following `next`; checks each page against the total. */
async function listAll(cp: Cp, path: string, size: number): Promise<{ total: number; items: any[] }> {
  const items: any[] = [];
  let url: string | null = `${path}${path.includes('?') ? '&' : '?'}size=${size}`;
  let total = -1;
  while (url) {
    const page = await call(cp, 'GET', url);
    if (page.status !== 200) throw new Error(`GET ${url}: ${page.status} ${JSON.stringify(page.json)}`);
    if (page.json.items.length > size) throw new Error(`GET ${url}: ${page.json.items.length} items on a page of ${size}`);
    total = page.json.total;
    items.push(...page.json.items);
    url = page.json.next;
  }
  return { total, items };
}

/** A PUT of a stamped MeshTimeout, recorded in the ledger (status 0: no answer). */
async function stampedPut(cp: Cp, ledger: Ledger, mesh: string, name: string, stamp: string, seq: number): Promise<number> {
  const sentAt = performance.now();
  let status = 0;
  try {
    status = (await call(cp, 'PUT', `/meshes/${mesh}/meshtimeouts/${name}`, stampedDoc(mesh, name, stamp, seq))).status;
  } catch {
    // no answer: the control plane went away mid-request
  }
  ledger.add(`${mesh}/${name}`, { stamp, sentAt, endAt: status === 0 ? Infinity : performance.now(), status });
  return status;
}

function openDb(file: string): Database.Database {
  return new Database(file, { readonly: true, fileMustExist: true });
}

/** The file is whole: integrity check, JSON of every row, counts tables equal to the rows, no orphans. */
function checkDbFile(file: string): { rows: number; stamps: Map<string, string> } {
  const db = openDb(file);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = db.prepare('SELECT type, mesh, name, labels, spec, status FROM resources').all() as Array<Record<string, string>>;
    const stamps = new Map<string, string>();
    const broken: string[] = [];
    for (const r of rows) {
      let labels: Record<string, string>;
      let spec: unknown;
      try {
        labels = JSON.parse(r.labels!);
        spec = JSON.parse(r.spec!);
        if (r.status !== null) JSON.parse(r.status!);
      } catch {
        broken.push(`${r.type} ${r.mesh}/${r.name}: unparsable`);
        continue;
      }
      if (r.type === 'MeshTimeout' && labels.stamp !== undefined) {
        const stamp = stampOf({ labels, spec });
        if (stamp.startsWith('torn:')) broken.push(`${r.mesh}/${r.name}: ${stamp}`);
        stamps.set(`${r.mesh}/${r.name}`, stamp);
      }
    }
    expect(broken).toEqual([]);
    const orphans = db.prepare("SELECT type, mesh, name FROM resources r WHERE mesh <> '' AND NOT EXISTS (SELECT 1 FROM resources m WHERE m.type = 'Mesh' AND m.mesh = '' AND m.name = r.mesh)").all();
    expect(orphans).toEqual([]);
    const counted = db.prepare('SELECT type, mesh, n FROM counts ORDER BY type, mesh').all();
    const actual = db.prepare('SELECT type, mesh, COUNT(*) AS n FROM resources GROUP BY type, mesh ORDER BY type, mesh').all();
    expect(counted).toEqual(actual);
    const typeCounted = db.prepare('SELECT type, n FROM type_counts ORDER BY type').all();
    const typeActual = db.prepare('SELECT type, COUNT(*) AS n FROM resources GROUP BY type ORDER BY type').all();
    expect(typeCounted).toEqual(typeActual);
    return { rows: rows.length, stamps };
  } finally {
    db.close();
  }
}

// ------------------------------------------------------------------------------------ 1. the load

interface LoadFigures {
  acked: number;
  /** Stamp of each shared resource as the API answered it at the end. */
  stored: Map<string, string>;
  sharedWrites: number;
  ownCreated: number;
  churnCycles: number;
  churnWrites: number;
  readerPasses: number;
  ambiguous: number;
}

/** 16 writers, a mesh churner and two readers for LOAD_MS against `cp`; then every check over the API. */
async function runLoad(cp: Cp, seed: number): Promise<LoadFigures> {
  for (const mesh of [...SHARED_MESHES, 'own']) {
    expect((await call(cp, 'PUT', `/meshes/${mesh}`, { type: 'Mesh', name: mesh, skipCreatingInitialPolicies: ['*'] })).status).toBe(201);
  }
  const ledger = new Ledger();
  for (const r of SHARED) expect(await stampedPut(cp, ledger, r.mesh, r.name, 'init', 0)).toBe(201);

  const deadline = performance.now() + LOAD_MS;
  const problems: string[] = [];
  const own = new Map<string, string>(); // key -> acknowledged stamp
  const figures: LoadFigures = { acked: 0, stored: new Map(), sharedWrites: 0, ownCreated: 0, churnCycles: 0, churnWrites: 0, readerPasses: 0, ambiguous: 0 };

  const writer = async (w: number) => {
    const random = prng(seed + w);
    for (let seq = 1; performance.now() < deadline; seq++) {
      const stamp = `w${w}s${seq}`;
      const dice = random();
      if (dice < 0.85) {
        const r = SHARED[Math.floor(random() * SHARED.length)]!;
        const status = await stampedPut(cp, ledger, r.mesh, r.name, stamp, seq);
        figures.sharedWrites++;
        if (status !== 200) problems.push(`PUT ${r.mesh}/${r.name} (${stamp}): ${status}`);
      } else if (dice < 0.95) {
        const name = `own-${stamp}`;
        const status = (await call(cp, 'PUT', `/meshes/own/meshtimeouts/${name}`, stampedDoc('own', name, stamp, seq))).status;
        if (status === 201) own.set(`own/${name}`, stamp);
        else problems.push(`create own/${name}: ${status}`);
      } else {
        const name = `in-churn-w${w}`;
        const res = await call(cp, 'PUT', `/meshes/churn/meshtimeouts/${name}`, stampedDoc('churn', name, stamp, seq));
        figures.churnWrites++;
        const meshMissing = res.status === 404 && res.json?.title === 'Failed to retrieve Mesh';
        if (res.status !== 200 && res.status !== 201 && !meshMissing) problems.push(`PUT churn/${name}: ${res.status} ${JSON.stringify(res.json)}`);
      }
    }
  };

  // Creates and deletes (with everything in it) the mesh the writers also write into; ends deleted.
  const churner = async () => {
    while (performance.now() < deadline) {
      const created = await call(cp, 'PUT', '/meshes/churn', { type: 'Mesh', name: 'churn' });
      await new Promise((r) => setTimeout(r, 50));
      const deleted = await call(cp, 'DELETE', '/meshes/churn');
      if (created.status !== 201 || deleted.status !== 200) problems.push(`churn: create ${created.status}, delete ${deleted.status} ${JSON.stringify(deleted.json)}`);
      figures.churnCycles++;
    }
  };

  // Pages through a shared mesh (fixed membership): every name exactly once, nothing torn.
  const pager = async () => {
    for (let pass = 0; performance.now() < deadline; pass++) {
      const mesh = SHARED_MESHES[pass % 2]!;
      const { total, items } = await listAll(cp, `/meshes/${mesh}/meshtimeouts`, 7);
      const names = items.map((i) => i.name).sort();
      const want = SHARED.filter((r) => r.mesh === mesh).map((r) => r.name).sort();
      if (total !== want.length || JSON.stringify(names) !== JSON.stringify(want)) problems.push(`pass ${pass} over ${mesh}: total ${total}, names ${names.join(',')}`);
      for (const item of items) if (stampOf(item).startsWith('torn:')) problems.push(`read ${mesh}/${item.name}: ${stampOf(item)}`);
      const insight = await call(cp, 'GET', `/mesh-insights/${mesh}`);
      if (insight.json?.policies?.MeshTimeout?.total !== want.length) problems.push(`insight of ${mesh}: ${JSON.stringify(insight.json?.policies)}`);
      figures.readerPasses++;
    }
  };

  // Reads across meshes while meshes come and go: pages are never over size, items never torn.
  const crossReader = async () => {
    while (performance.now() < deadline) {
      const page = await call(cp, 'GET', '/meshtimeouts?size=50');
      if (page.status !== 200 || page.json.items.length > 50 || page.json.total < SHARED.length) {
        problems.push(`cross-mesh page: ${page.status} ${JSON.stringify(page.json).slice(0, 200)}`);
        continue;
      }
      for (const item of page.json.items) {
        if (item.labels?.stamp !== undefined && stampOf(item).startsWith('torn:')) problems.push(`read ${item.mesh}/${item.name}: ${stampOf(item)}`);
      }
    }
  };

  await Promise.all([...Array.from({ length: WRITERS }, (_, w) => writer(w)), churner(), pager(), crossReader()]);
  expect(problems.slice(0, 20)).toEqual([]);

  // Final state over the API: each shared resource holds an allowed write, own resources exactly theirs.
  const stored = figures.stored;
  for (const r of SHARED) {
    const got = await call(cp, 'GET', `/meshes/${r.mesh}/meshtimeouts/${r.name}`);
    if (got.status === 200) stored.set(`${r.mesh}/${r.name}`, stampOf(got.json));
  }
  expect(ledger.violations(stored)).toEqual([]);
  figures.ambiguous = SHARED.filter((r) => ledger.allowed(`${r.mesh}/${r.name}`).stamps.size > 1).length;

  const owned = await listAll(cp, '/meshes/own/meshtimeouts', 9);
  expect(owned.total).toBe(own.size);
  expect(owned.items.length).toBe(own.size);
  const mismatched = owned.items.filter((i) => own.get(`own/${i.name}`) !== stampOf(i)).map((i) => i.name);
  expect(mismatched).toEqual([]);

  // Across meshes: ours, and the default mesh's two default policies; nothing of the deleted mesh.
  const everything = await listAll(cp, '/meshtimeouts', 100);
  expect(everything.total).toBe(SHARED.length + own.size + 2);
  expect(new Set(everything.items.map((i) => `${i.mesh}/${i.name}`)).size).toBe(everything.total);
  expect(everything.items.filter((i) => i.labels?.stamp === undefined).map((i) => i.mesh)).toEqual(['default', 'default']);
  expect((await call(cp, 'GET', '/meshes/churn')).status).toBe(404);

  figures.acked = ledger.acked + own.size;
  figures.ownCreated = own.size;
  return figures;
}

interface MeshOp {
  mesh: string;
  op: 'create' | 'delete';
  status: number;
}

// The two runs share the machine (each is mostly waiting on its own control plane): both at once keep the
// file within its time budget.
describe.skipIf(!BUILT)('kumactl control-plane run as a child process, under load and under SIGKILL', () => {
  it.concurrent(`${WRITERS} writers on overlapping resources: nothing lost or torn, lists and counts consistent (SQLite and memory)`, { timeout: LOAD_MS + 60_000 }, async () => {
    const started = Date.now();
    const seed = Number(process.env.STRESS_SEED ?? Date.now() % 1_000_000);
    const file = join(scratch, 'load.db');
    const launched = await Promise.allSettled([launch(['--store', `sqlite:${file}`]), launch([])]);
    const failed = launched.find((l) => l.status === 'rejected');
    if (failed) {
      for (const l of launched) if (l.status === 'fulfilled') l.value.child.kill('SIGKILL');
      throw failed.reason;
    }
    const [sqlite, memory] = launched.map((l) => (l as PromiseFulfilledResult<Cp>).value) as [Cp, Cp];
    let figures: LoadFigures[] = [];
    try {
      figures = await Promise.all([runLoad(sqlite, seed), runLoad(memory, seed + 1000)]);
    } catch (err) {
      (err as Error).message += ` (STRESS_SEED=${seed})`;
      throw err;
    } finally {
      for (const cp of [sqlite, memory]) {
        cp.child.kill('SIGTERM');
        await cp.agent.close();
      }
    }
    // A clean stop, and the file holds exactly what the API answered.
    expect(await exitOf(sqlite.child)).toEqual({ code: 0, signal: null });
    expect(await exitOf(memory.child)).toEqual({ code: 0, signal: null });
    expect(sqlite.output()).not.toMatch(/failed|Error/);
    const { stamps } = checkDbFile(file);
    for (const [key, stamp] of figures[0]!.stored) expect(stamps.get(key), key).toBe(stamp);
    const db = openDb(file);
    try {
      const stamped = db.prepare("SELECT COUNT(*) FROM resources WHERE type = 'MeshTimeout' AND json_extract(labels, '$.stamp') IS NOT NULL").pluck().get();
      expect(stamped).toBe(SHARED.length + figures[0]!.ownCreated);
    } finally {
      db.close();
    }
    for (const [store, f] of [['sqlite', figures[0]!], ['memory', figures[1]!]] as const) {
      console.log(
        `stress (${store}): ${f.acked} acknowledged writes in ${LOAD_MS / 1000} s by ${WRITERS} writers (${f.sharedWrites} on 40 shared, ${f.ownCreated} creates, ` +
          `${f.churnWrites} into a mesh deleted and recreated ${f.churnCycles} times), ${f.readerPasses} list passes; ` +
          `${40 - f.ambiguous}/40 resources with exactly one allowed final value`,
      );
    }
    console.log(`stress: ${Date.now() - started} ms in all (seed ${seed})`);
  });

  // ---------------------------------------------------------------------------------- 2. the kills

  it.concurrent(`every one of ${KILLS} restarts opens the SQLite file cleanly and holds every acknowledged write`, { timeout: 900_000 }, async ({ onTestFailed }) => {
    const started = Date.now();
    const seed = Number(process.env.STRESS_SEED ?? Date.now() % 1_000_000);
    onTestFailed(() => console.error(`SIGKILL rounds failed with STRESS_SEED=${seed}`));
    const file = join(scratch, 'kill.db');
    const ledger = new Ledger();
    const meshOps: MeshOp[] = [];
    let checkedWrites = 0;
    const ms = { start: 0, verify: 0, write: 0 };

    /** The restarted control plane holds what the ledger and the mesh operations allow. */
    const verify = async (cp: Cp) => {
      const all = await listAll(cp, '/meshtimeouts', 1000);
      const stored = new Map<string, string>();
      const torn: string[] = [];
      for (const item of all.items) {
        if (item.labels?.stamp === undefined) continue; // a mesh's default policies
        const stamp = stampOf(item);
        if (stamp.startsWith('torn:')) torn.push(`${item.mesh}/${item.name}: ${stamp}`);
        stored.set(`${item.mesh}/${item.name}`, stamp);
      }
      expect(torn).toEqual([]);
      expect(ledger.violations(stored)).toEqual([]);
      checkedWrites = ledger.acked;
      // Meshes: created with their defaults or not at all, deleted with everything in them or not at all.
      const secrets = await listAll(cp, '/secrets', 1000);
      const meshes = new Set((await listAll(cp, '/meshes', 1000)).items.map((m) => m.name));
      for (const item of [...all.items, ...secrets.items]) expect(meshes.has(item.mesh), `${item.type} ${item.name} in missing mesh ${item.mesh}`).toBe(true);
      for (const mesh of new Set(meshOps.map((o) => o.mesh))) {
        const ops = meshOps.filter((o) => o.mesh === mesh);
        const lastAcked = ops.filter((o) => o.status >= 200 && o.status < 300).at(-1);
        const unanswered = ops.filter((o) => o.status === 0).length > 0;
        if (lastAcked && !unanswered) expect(meshes.has(mesh), `${mesh} after acknowledged ${lastAcked.op}`).toBe(lastAcked.op === 'create');
        if (!meshes.has(mesh)) continue;
        const insight = (await call(cp, 'GET', `/mesh-insights/${mesh}`)).json;
        expect({ mesh, policies: insight.policies, secrets: insight.resources.Secret?.total }).toEqual({
          mesh,
          policies: { MeshCircuitBreaker: { total: 1 }, MeshRetry: { total: 1 }, MeshTimeout: { total: 2 } },
          secrets: 1,
        });
      }
    };

    for (let round = 0; round <= KILLS; round++) {
      let t = performance.now();
      const cp = await launch(['--store', `sqlite:${file}`]); // rejects if the file does not open
      ms.start += performance.now() - t;
      t = performance.now();
      try {
        await verify(cp);
        ms.verify += performance.now() - t;
      } catch (err) {
        cp.child.kill('SIGKILL');
        throw err;
      }
      if (round === KILLS) {
        cp.child.kill('SIGTERM');
        expect(await exitOf(cp.child)).toEqual({ code: 0, signal: null });
        await cp.agent.close();
        break;
      }
      t = performance.now();
      const random = prng(seed + round);
      const killAfter = 15 + Math.floor(random() * 60);
      let acked = 0;
      let killed = false;
      const refused: string[] = [];
      const writer = async (w: number) => {
        for (let i = 0; !killed; i++) {
          const stamp = `r${round}w${w}s${i}`;
          const hot = random() < 0.3;
          const name = hot ? `hot-${Math.floor(random() * 10)}` : `c-${stamp}`;
          const status = await stampedPut(cp, ledger, 'default', name, stamp, i);
          if (status === 0) return;
          if (status === 201 || (hot && status === 200)) acked++;
          else refused.push(`${name} (${stamp}): ${status}`);
        }
      };
      // Mesh creations (each a transaction of the mesh, its key and default policies) and cascading deletes.
      const mesher = async () => {
        for (let i = 0; !killed; i++) {
          const mesh = `r${round}-${i}`;
          for (const op of ['create', 'delete'] as const) {
            const record: MeshOp = { mesh, op, status: 0 };
            meshOps.push(record);
            try {
              record.status = (op === 'create' ? await call(cp, 'PUT', `/meshes/${mesh}`, { type: 'Mesh', name: mesh }) : await call(cp, 'DELETE', `/meshes/${mesh}`)).status;
            } catch {
              return;
            }
            if (op === 'create' && i % 2 === 1) break; // keep every other mesh
          }
        }
      };
      const loops = Promise.all([...Array.from({ length: 8 }, (_, w) => writer(w)), mesher()]);
      // the kill waits for acknowledged writes, not for a clock (60 s is only a hang guard)
      const giveUp = Date.now() + 60_000;
      while (acked < killAfter && Date.now() < giveUp) await new Promise((r) => setTimeout(r, 5));
      cp.child.kill('SIGKILL');
      killed = true;
      expect((await exitOf(cp.child)).signal).toBe('SIGKILL');
      await loops;
      await cp.agent.destroy();
      ms.write += performance.now() - t;
      expect(refused).toEqual([]);
      expect(acked, `round ${round}: nothing acknowledged before the kill`).toBeGreaterThan(0);
    }

    const { rows } = checkDbFile(file);
    const meshesMade = meshOps.filter((o) => o.op === 'create' && o.status === 201).length;
    console.log(
      `kill: ${KILLS} SIGKILLs, ${checkedWrites} acknowledged writes (${ledger.byKey.size} resources, ${meshesMade} meshes created) ` +
        `all present after every restart; ${rows} rows in the file; ${Date.now() - started} ms ` +
        `(starting ${Math.round(ms.start)}, checking ${Math.round(ms.verify)}, writing until the kill ${Math.round(ms.write)}; seed ${seed})`,
    );
  });
});

// --------------------------------------------------------------------------- 3. what never gets in

/**
 * A request with its path sent exactly as written (fetch would resolve `..` before sending); a body given
 * as chunks is streamed without a content-length.
 */
function rawRequest(url: string, method: string, path: string, body?: string | Buffer[]): Promise<{ status: number; text: string }> {
  const u = new URL(url);
  const chunked = Array.isArray(body);
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', ...(chunked ? { 'transfer-encoding': 'chunked' } : {}) };
    const req = httpRequest({ host: u.hostname, port: u.port, path, method, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${path}: no answer within 10 s`)));
    if (!Array.isArray(body)) return void req.end(body);
    const chunks = body;
    const pump = () => {
      while (chunks.length > 0) if (!req.write(chunks.shift()!)) return void req.once('drain', pump);
      req.end();
    };
    pump();
  });
}

/** `{"pad":"xxx…"}` in 64 KiB chunks: `kib` KiB of padding. */
function padded(kib: number): Buffer[] {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  return [Buffer.from('{"pad":"'), ...Array.from({ length: kib / 64 }, () => chunk), Buffer.from('"}')];
}

describe('request limits and names', () => {
  it('answers 413 over 5 MiB, Kuma\'s 400 for malformed JSON, and never stores an invalid name', { timeout: 180_000 }, async () => {
    const file = join(scratch, 'limits.db');
    const running = await startControlPlane({ port: 0, store: `sqlite:${file}`, keyPoolSize: 0 });
    const cp: Cp = { child: undefined as never, url: running.url, agent: new Agent(), output: () => '' };
    try {
      await call(cp, 'PUT', '/meshes/team-a', { type: 'Mesh', name: 'team-a', skipCreatingInitialPolicies: ['*'] });

      // Over the limit without a content-length: cut off while streaming, Kuma's error JSON.
      const tooBig = await rawRequest(running.url, 'PUT', '/meshes/team-a/meshtimeouts/big', padded(6 * 1024));
      expect({ status: tooBig.status, json: JSON.parse(tooBig.text) }).toEqual({ status: 413, json: { type: '/std-errors', status: 413, title: 'Request body too large', detail: 'the body exceeds the limit of 5242880 bytes', details: 'the body exceeds the limit of 5242880 bytes' } });
      // Just under the limit: read and judged on its content.
      const under = await rawRequest(running.url, 'PUT', '/meshes/team-a/meshtimeouts/big', padded(5 * 1024 - 64));
      expect(under.status).toBe(400);
      expect(JSON.parse(under.text).title).toBe('Could not process a resource');

      // Malformed JSON, per type shape (spec-wrapped, flat, global): 400 Bad Request, Kuma's five fields.
      const malformed = ['', '{', '{"type": "MeshTimeout",', "{'type': 'x'}", '{"a": NaN}', '{} {}', '\ufeff{}', '[]', 'null', '"text"', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, `{"spec":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`];
      for (const [path, type] of [['/meshes/team-a/meshtimeouts/x', 'MeshTimeout'], ['/meshes/team-a/dataplanes/x', 'Dataplane'], ['/meshes/x', 'Mesh']] as const) {
        for (const body of malformed) {
          const res = await rawRequest(running.url, 'PUT', path, body);
          const json = JSON.parse(res.text);
          expect([body.slice(0, 30), res.status, Object.keys(json), json.title, json.detail === json.details]).toEqual([body.slice(0, 30), 400, ['type', 'status', 'title', 'detail', 'details'], 'Bad Request', true]);
          expect(json.detail).toMatch(new RegExp(`^invalid ${type} object: ".+"$`));
        }
      }
      expect((await call(cp, 'GET', '/')).status).toBe(200);

      // Invalid names: refused (400 from validation, 404 from the router), never readable, never stored.
      const badNames = ['Upper', 'has space', 'under_score', '-lead', 'trail-', 'a..b', 'x'.repeat(254), 'caf\u00e9', 'a/b', 'a\\b', 'nul\u0000', 'dot.', '.hidden'];
      for (const name of badNames) {
        const path = `/meshes/team-a/meshtimeouts/${encodeURIComponent(name)}`;
        const put = await call(cp, 'PUT', path, stampedDoc('team-a', name, 'bad', 1));
        expect([name, put.status]).toEqual([name, 400]);
        expect((await call(cp, 'GET', path)).status).toBe(404);
      }
      for (const name of ['Team-A', 'm'.repeat(64), 'a_b', 'x y']) {
        expect([name, (await call(cp, 'PUT', `/meshes/${encodeURIComponent(name)}`, { type: 'Mesh', name })).status]).toEqual([name, 400]);
      }
      // `.`, `..` and backslashes in a raw path would be resolved to another resource: `..` here is Mesh team-a.
      for (const seg of ['..', '.', '%2e%2e', '%2E.', 'x\\..\\..']) {
        const put = await rawRequest(running.url, 'PUT', `/meshes/team-a/meshtimeouts/${seg}`, JSON.stringify({ type: 'Mesh', name: 'team-a', labels: { hijacked: 'yes' } }));
        expect([seg, put.status, put.text]).toEqual([seg, 404, '404: Page Not Found']);
        const del = await rawRequest(running.url, 'DELETE', `/meshes/team-a/meshtimeouts/${seg}`);
        expect([seg, del.status]).toEqual([seg, 404]);
      }
      const mesh = await call(cp, 'GET', '/meshes/team-a');
      expect([mesh.status, mesh.json.labels]).toEqual([200, undefined]);

      const listed = await listAll(cp, '/meshes/team-a/meshtimeouts', 100);
      expect([listed.total, listed.items]).toEqual([0, []]);
    } finally {
      await cp.agent.close();
      await running.close();
    }
    const db = openDb(file);
    try {
      const names = db.prepare('SELECT type, mesh, name FROM resources').all() as Array<{ type: string; mesh: string; name: string }>;
      expect(names.filter((r) => !VALID_NAME.test(r.name) || r.name.length > 253 || (r.mesh !== '' && !VALID_NAME.test(r.mesh)))).toEqual([]);
      expect(names.filter((r) => r.type === 'Mesh').map((r) => r.name).sort()).toEqual(['default', 'team-a']);
      expect(db.prepare("SELECT labels FROM resources WHERE type = 'Mesh' AND name = 'team-a'").pluck().get()).toBe('{}');
    } finally {
      db.close();
    }
  });
});
