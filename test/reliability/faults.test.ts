/**
 * Issue 8: the CLI against a network path that fails. A fault-injecting proxy (test/helpers/fault-proxy.ts)
 * sits between the built CLI and a local control plane. For every fault: the documented exit code, a
 * clear message without a stack trace, retries only where they are safe (the proxy's log shows which
 * requests were repeated), and a re-run once the fault is gone converges: every resource exactly once,
 * with the content of the input, nothing else.
 *
 * Retry policy asserted here (src/lib/client): GET and PUT are idempotent in Kuma's API (PUT by name
 * creates or replaces), so both are retried after 502/503/504, refused connections and resets, up to
 * 4 attempts; a 4xx is final; a request that timed out is not repeated (the user's --api-timeout is
 * the bound on the wait; re-running apply is how to resume, and it finds what the timed-out PUT did).
 */
import { describe, it, expect, beforeAll, afterAll, type TestContext } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { kumactl, ROOT, type CliResult } from '../helpers/cli.js';
import { startTestControlPlane, type TestControlPlane } from '../helpers/cp.js';
import { startFaultProxy, burst, always, type FaultProxy, type SeenRequest } from '../helpers/fault-proxy.js';

// ------------------------------------------------------------------------------------ the batch

interface Desired {
  type: 'Mesh' | 'MeshTimeout' | 'MeshRetry';
  name: string;
  mesh?: string;
  spec?: Record<string, unknown>;
}
const TENANTS = ['tenant-a', 'tenant-b'] as const;
const COLLECTION: Record<string, string> = { MeshTimeout: 'meshtimeouts', MeshRetry: 'meshretries' };

// minutes below 60, written as kuma-cp writes them back (`5m0s`), so the stored copy equals the file
const timeoutPolicy = (mesh: string, name: string, minutes: number): Desired => ({
  type: 'MeshTimeout',
  name,
  mesh,
  spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: `${minutes}m0s` } }] },
});
const retryPolicy = (mesh: string, name: string, retries: number): Desired => ({
  type: 'MeshRetry',
  name,
  mesh,
  spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { http: { numRetries: retries } } }] },
});

/** Two tenant meshes (no default policies), then 3 MeshTimeouts and 2 MeshRetries in each: 12 resources. */
function tenantBatch(): Desired[] {
  const meshes: Desired[] = TENANTS.map((name) => ({ type: 'Mesh', name }));
  const timeouts = TENANTS.flatMap((m) => [0, 1, 2].map((i) => timeoutPolicy(m, `timeouts-${i}`, i + 1)));
  const retries = TENANTS.flatMap((m) => [0, 1].map((i) => retryPolicy(m, `retries-${i}`, i + 2)));
  return [...meshes, ...timeouts, ...retries];
}

/** `count` MeshTimeouts spread over the two tenant meshes, after the meshes. */
function bigBatch(count: number): Desired[] {
  const meshes: Desired[] = TENANTS.map((name) => ({ type: 'Mesh', name }));
  return [...meshes, ...Array.from({ length: count }, (_, i) => timeoutPolicy(TENANTS[i % 2]!, `bulk-${i}`, (i % 50) + 1))];
}

function toYaml(batch: Desired[]): string {
  return batch
    .map((d) => stringify(d.type === 'Mesh' ? { type: 'Mesh', name: d.name, skipCreatingInitialPolicies: ['*'] } : { type: d.type, name: d.name, mesh: d.mesh, spec: d.spec }))
    .join('---\n');
}

const idOf = (d: Desired) => `resource type="${d.type}" mesh="${d.mesh ?? ''}" name="${d.name}"`;

// ------------------------------------------------------------------------------------ reading the results

interface Summary {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  notSent: number;
}

function summaryOf(stderr: string): Summary {
  const m = /^Summary: (\d+) created, (\d+) updated, (\d+) unchanged, (\d+) failed(?:, (\d+) not sent)?$/m.exec(stderr);
  if (!m) throw new Error(`no summary line in stderr:\n${stderr}`);
  const [created, updated, unchanged, failed, notSent] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number];
  return { created, updated, unchanged, failed, notSent };
}

/** Resource ids per verb printed on stdout (`... Created`). */
function verbsOf(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const l of stdout.split('\n').filter(Boolean)) {
    const m = /^(resource type=".*" mesh=".*" name=".*") (Created|Updated|Unchanged)$/.exec(l);
    if (!m) throw new Error(`unexpected stdout line: ${l}`);
    out.set(m[1]!, m[2]!);
  }
  return out;
}

const STACK = /^\s+at .+[(:]\d+|\bnode:internal\b|^\S*Error: .*\n\s+at /m;

/** Lines of apply's stderr that report a failed resource. */
const failureLines = (stderr: string) => stderr.split('\n').filter((l) => /^resource type="\w+" mesh="[\w-]*" name="[\w-]+": failed/.test(l));

/**
 * Every resource the summary counts has its line: applied and unchanged ones on stdout, failed ones on
 * stderr. Answers the summary.
 */
function expectEveryResultListed(r: CliResult): Summary {
  const sum = summaryOf(r.stderr);
  const verbs = [...verbsOf(r.stdout).values()];
  const listed = {
    created: verbs.filter((v) => v === 'Created').length,
    updated: verbs.filter((v) => v === 'Updated').length,
    unchanged: verbs.filter((v) => v === 'Unchanged').length,
    failed: failureLines(r.stderr).length,
  };
  expect(listed, 'lines printed per result vs the summary').toEqual({ created: sum.created, updated: sum.updated, unchanged: sum.unchanged, failed: sum.failed });
  return sum;
}

/**
 * apply's failure report: nothing but kumactl's version warning, one line per failed resource naming
 * it and the cause, and the summary; every result listed. No stack trace, no noise. Answers the summary.
 */
function expectApplyFailureReport(r: CliResult, cause: RegExp): Summary {
  expect(r.stderr).not.toMatch(STACK);
  for (const l of r.stderr.trimEnd().split('\n')) expect(l).toMatch(/^(WARNING: .+|resource type="\w+" mesh="[\w-]*" name="[\w-]+": failed.*|Summary: .+)$/);
  const sum = expectEveryResultListed(r);
  expect(sum.failed).toBeGreaterThan(0);
  expect(failureLines(r.stderr)).toContainEqual(expect.stringMatching(cause));
  return sum;
}

/** A failed command other than apply: one `Error:` line saying why, at most a hint line after it, no stack. */
function expectOneErrorLine(stderr: string, cause: RegExp): void {
  expect(stderr).not.toMatch(STACK);
  const lines = stderr.trimEnd().split('\n').filter((l) => !l.startsWith('WARNING: '));
  expect(lines[0]).toMatch(/^Error: /);
  expect(lines[0]).toMatch(cause);
  expect(lines.length).toBeLessThanOrEqual(2);
}

/** Settles once `done()` holds (checked every 10 ms), or after 30 s so that a wrong count cannot hang a run. */
function until(done: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const giveUp = Date.now() + 30_000;
    const tick = setInterval(() => {
      if (!done() && Date.now() < giveUp) return;
      clearInterval(tick);
      resolve();
    }, 10);
  });
}

const key = (r: SeenRequest) => `${r.method} ${r.path}`;
function countBy(entries: SeenRequest[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of entries) m.set(key(e), (m.get(key(e)) ?? 0) + 1);
  return m;
}
const isPolicyPath = (path: string) => /^\/meshes\/[^/]+\/mesh\w+\/[^/]+$/.test(path);
const ofTenantB = (r: SeenRequest) => r.path.startsWith('/meshes/tenant-b/');

// ------------------------------------------------------------------------------------ the control plane's state

async function listNames(cp: TestControlPlane, path: string): Promise<{ names: string[]; items: Record<string, any>[] }> {
  const r = await cp.call('GET', `${path}?size=1000`);
  expect(r.status).toBe(200);
  expect(r.json.next ?? null).toBeNull();
  return { names: r.json.items.map((i: { name: string }) => i.name).sort(), items: r.json.items };
}

/** The control plane holds exactly `batch` (and the default mesh): each resource once, as written, nothing else. */
async function expectExactly(cp: TestControlPlane, batch: Desired[]): Promise<void> {
  const meshes = await listNames(cp, '/meshes');
  expect(meshes.names).toEqual(['default', ...TENANTS]);
  for (const mesh of TENANTS) {
    for (const [type, collection] of Object.entries(COLLECTION)) {
      const wanted = batch.filter((d) => d.type === type && d.mesh === mesh);
      const live = await listNames(cp, `/meshes/${mesh}/${collection}`);
      expect(live.names, `${collection} of ${mesh}`).toEqual(wanted.map((d) => d.name).sort());
      for (const item of live.items) {
        expect([item.type, item.mesh, item.name, item.spec]).toEqual([type, mesh, item.name, wanted.find((d) => d.name === item.name)!.spec]);
      }
    }
  }
}

/** The ids (as apply prints them) of every tenant Mesh, MeshTimeout and MeshRetry on the control plane. */
async function appliedIds(cp: TestControlPlane): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const name of (await listNames(cp, '/meshes')).names) if (name !== 'default') ids.add(`resource type="Mesh" mesh="" name="${name}"`);
  for (const mesh of TENANTS) {
    for (const [type, collection] of Object.entries(COLLECTION)) {
      const r = await cp.call('GET', `/meshes/${mesh}/${collection}?size=1000`);
      if (r.status !== 200) continue;
      for (const item of r.json.items) ids.add(`resource type="${type}" mesh="${mesh}" name="${item.name}"`);
    }
  }
  return ids;
}

// ------------------------------------------------------------------------------------ the tests

let dir: string;
let batchFile: string;
const BATCH = tenantBatch();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kumactl-faults-'));
  batchFile = join(dir, 'tenants.yaml');
  writeFileSync(batchFile, toYaml(BATCH));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh control plane behind a fresh proxy for one test, closed when the test ends. */
interface Scenario {
  cp: TestControlPlane;
  proxy: FaultProxy;
  /** The CLI with `args`, pointed at the proxy, without a config file. */
  run(args: string[]): Promise<CliResult>;
  /** `apply -f` of the tenant batch through the proxy. */
  apply(...extra: string[]): Promise<CliResult>;
  /** Clear the fault, apply the same file again: exit 0, nothing failed, the control plane holds exactly the batch. */
  rerunConverges(): Promise<Map<string, string>>;
}

/**
 * The fault tests are independent (a control plane and a proxy each) and mostly wait (backoff, timeouts),
 * so they run concurrently, at most SLOTS at a time: the machine has 2 cores and other suites run too.
 */
const SLOTS = 3;
let free = SLOTS;
const waiting: (() => void)[] = [];
async function takeSlot(): Promise<() => void> {
  if (free > 0) free--;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  return () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
}

async function scenario(ctx: TestContext): Promise<Scenario> {
  const release = await takeSlot();
  const cp = await startTestControlPlane('memory', { keyPoolSize: 0 });
  const proxy = await startFaultProxy(cp.url);
  ctx.onTestFinished(async () => {
    await proxy.close();
    await cp.close();
    release();
  });
  const run = (args: string[]) => kumactl([...args, '--no-config', '--cp-address', proxy.url]);
  const apply = (...extra: string[]) => run(['apply', '-f', batchFile, ...extra]);
  return {
    cp,
    proxy,
    run,
    apply,
    async rerunConverges() {
      await proxy.clear();
      const again = await apply();
      expect([again.code, again.stderr]).toEqual([0, expect.stringMatching(/^Summary: \d+ created, 0 updated, \d+ unchanged, 0 failed\n$/)]);
      const verbs = verbsOf(again.stdout);
      expect([...verbs.keys()]).toEqual(BATCH.map(idOf));
      await expectExactly(cp, BATCH);
      return verbs;
    },
  };
}

describe.concurrent('kumactl through a faulty path to the control plane', { timeout: 300_000 }, () => {
  it('connection refused: apply and get exit 5 naming the address, nothing applied; a re-run converges', async (ctx) => {
    const { cp, proxy, run, apply, rerunConverges } = await scenario(ctx);
    await proxy.refuse();
    const r = await apply();
    expect([r.code, r.stdout]).toEqual([5, '']);
    const sum = expectApplyFailureReport(r, new RegExp(`could not reach the control plane at ${proxy.url}: connection refused`));
    // both meshes failed; none of their policies was sent (reported failed with their mesh, or not sent)
    expect(failureLines(r.stderr).filter((l) => l.includes('type="Mesh"'))).toHaveLength(2);
    expect(sum).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
    expect(sum.failed + sum.notSent).toBe(BATCH.length);

    const started = performance.now();
    const get = await run(['get', 'meshes']);
    expect([get.code, get.stdout]).toEqual([5, '']);
    expectOneErrorLine(get.stderr, new RegExp(`^Error: could not reach the control plane at ${proxy.url}: connection refused \\(GET ${proxy.url}/meshes\\)$`));
    // a refused connection carried nothing: it is retried with backoff (100 + 200 + 400 ms) before giving up
    expect(performance.now() - started).toBeGreaterThanOrEqual(700);

    expect(proxy.log).toEqual([]);
    expect((await listNames(cp, '/meshes')).names).toEqual(['default']);
    const verbs = await rerunConverges();
    expect(new Set(verbs.values())).toEqual(new Set(['Created']));
  });

  it('the control plane goes away in the middle: exit 6, what was applied is listed, a re-run completes it', async (ctx) => {
    const { cp, proxy, apply, rerunConverges } = await scenario(ctx);
    // once both meshes are written and answered, the next policy write drops its connection and the port starts refusing
    const meshesAnswered = () => proxy.log.filter((e) => e.method === 'PUT' && !isPolicyPath(e.path) && e.status === 201).length;
    proxy.rule = (req) => (req.method === 'PUT' && isPolicyPath(req.path) && meshesAnswered() === TENANTS.length ? { kind: 'down' } : undefined);
    const r = await apply();
    expect(r.code).toBe(6);
    const printed = verbsOf(r.stdout);
    expect(printed.get(idOf(BATCH[0]!))).toBe('Created');
    expect(printed.get(idOf(BATCH[1]!))).toBe('Created');
    const sum = expectApplyFailureReport(r, /could not reach the control plane at .*: connection refused/);
    expect(sum.created + sum.failed + sum.notSent).toBe(BATCH.length);
    // nothing reached the proxy once it stopped listening: the retries met a closed port
    const down = proxy.log.find((e) => e.fault === 'down')!;
    expect(proxy.log.filter((e) => e.start > down.end!)).toEqual([]);
    // everything printed as Created is there
    const stored = await appliedIds(cp);
    for (const id of printed.keys()) expect(stored.has(id)).toBe(true);

    const verbs = await rerunConverges();
    for (const id of printed.keys()) expect(verbs.get(id)).toBe('Unchanged');
  });

  it('a reset in the middle of an answer: the request is sent again (PUT is idempotent), exit 0', async (ctx) => {
    const { cp, proxy, apply, rerunConverges } = await scenario(ctx);
    // the first answer to every write is cut after its headers and half its body: the control plane did the write
    const reset = new Set<string>();
    proxy.rule = (req) => {
      if (req.method !== 'PUT' || reset.has(req.path)) return undefined;
      reset.add(req.path);
      return { kind: 'reset' };
    };
    const r = await apply();
    expect([r.code, r.stderr]).toEqual([0, 'Summary: 12 created, 0 updated, 0 unchanged, 0 failed\n']);
    expect(new Set(verbsOf(r.stdout).values())).toEqual(new Set(['Created']));
    const puts = countBy(proxy.log.filter((e) => e.method === 'PUT'));
    expect(puts.size).toBe(BATCH.length);
    expect([...puts.values()].every((n) => n === 2)).toBe(true);
    const gets = countBy(proxy.log.filter((e) => e.method === 'GET'));
    expect([...gets.values()].every((n) => n === 1)).toBe(true);
    await expectExactly(cp, BATCH);

    const verbs = await rerunConverges();
    expect(new Set(verbs.values())).toEqual(new Set(['Unchanged']));
  });

  it('resets that do not stop: 4 attempts each, then exit 6 with the rest not sent; a re-run converges', async (ctx) => {
    const { proxy, apply, rerunConverges } = await scenario(ctx);
    proxy.rule = (req) => (req.method === 'PUT' && ofTenantB(req) && isPolicyPath(req.path) ? { kind: 'reset' } : undefined);
    const r = await apply();
    expect(r.code).toBe(6);
    expectApplyFailureReport(r, /could not reach the control plane at .*: (other side closed|read ECONNRESET)/);
    const reset = countBy(proxy.log.filter((e) => e.fault === 'reset'));
    expect(reset.size).toBeGreaterThan(0);
    for (const [request, n] of reset) expect([request, n]).toEqual([request, 4]);
    // nothing of tenant-b's policies is printed as applied
    expect([...verbsOf(r.stdout).keys()].filter((id) => id.includes('mesh="tenant-b"'))).toEqual([]);

    const verbs = await rerunConverges();
    // the control plane got the writes whose answers were cut: the re-run finds them as written
    for (const request of reset.keys()) {
      const [, mesh, collection, name] = /^PUT \/meshes\/([^/]+)\/([^/]+)\/(.+)$/.exec(request)!;
      const type = Object.keys(COLLECTION).find((t) => COLLECTION[t] === collection)!;
      expect(verbs.get(`resource type="${type}" mesh="${mesh}" name="${name}"`)).toBe('Unchanged');
    }
  });

  it('a short burst of 502/503: GETs and PUTs are retried and the apply succeeds, exit 0', async (ctx) => {
    const { cp, proxy, apply, rerunConverges } = await scenario(ctx);
    const puts = burst(2, 503, (req) => req.method === 'PUT');
    const gets = burst(2, 502, (req) => req.method === 'GET' && isPolicyPath(req.path));
    proxy.rule = (req, n) => puts(req, n) ?? gets(req, n);
    const r = await apply();
    expect([r.code, r.stderr]).toEqual([0, 'Summary: 12 created, 0 updated, 0 unchanged, 0 failed\n']);
    const failedOnce = proxy.log.filter((e) => e.fault === 'status');
    expect(failedOnce.map((e) => e.status).sort()).toEqual([502, 502, 503, 503]);
    // each answered 5xx was sent again and then succeeded
    for (const e of failedOnce) expect(proxy.log.some((later) => later.n > e.n && key(later) === key(e) && later.fault === undefined)).toBe(true);
    expect(proxy.log).toHaveLength(1 + 2 * BATCH.length + failedOnce.length);
    await expectExactly(cp, BATCH);
    const verbs = await rerunConverges();
    expect(new Set(verbs.values())).toEqual(new Set(['Unchanged']));
  });

  it('5xx that go on: 4 attempts, then exit 6 (apply) or 5 (get); a re-run converges', async (ctx) => {
    const { proxy, run, apply, rerunConverges } = await scenario(ctx);
    proxy.rule = (req) => (req.method === 'PUT' && ofTenantB(req) && isPolicyPath(req.path) ? { kind: 'status', status: 503, body: 'upstream busy' } : undefined);
    const r = await apply();
    expect(r.code).toBe(6);
    expectApplyFailureReport(r, /: failed: failed to apply Mesh(Timeout|Retry) "[\w-]+": \(503\): upstream busy$/);
    const failing = countBy(proxy.log.filter((e) => e.fault === 'status'));
    expect(failing.size).toBeGreaterThan(0);
    for (const [request, n] of failing) expect([request, n]).toEqual([request, 4]);

    proxy.rule = always({ kind: 'status', status: 502, body: 'bad gateway' });
    proxy.log.length = 0;
    const get = await run(['get', 'meshes']);
    expect([get.code, get.stdout]).toEqual([5, '']);
    expectOneErrorLine(get.stderr, /^Error: failed to list Mesh: \(502\): bad gateway$/);
    expect(countBy(proxy.log).get('GET /meshes')).toBe(4);

    await rerunConverges();
  });

  it('the control plane refuses (403): exit 4, a 4xx is never retried, nothing of those meshes is sent', async (ctx) => {
    const { proxy, apply, rerunConverges } = await scenario(ctx);
    const denied = JSON.stringify({ type: '/std-errors', status: 403, title: 'Access Denied', detail: 'user "ci" cannot access the resource of type "Mesh"' });
    proxy.rule = (req) => (req.method === 'PUT' ? { kind: 'status', status: 403, body: denied, contentType: 'application/json' } : undefined);
    const r = await apply();
    expect([r.code, r.stdout]).toEqual([4, '']);
    expectApplyFailureReport(r, /^resource type="Mesh" mesh="" name="tenant-a": failed server side: Access Denied \(user "ci" cannot access the resource of type "Mesh"\)$/);
    expect(summaryOf(r.stderr)).toEqual({ created: 0, updated: 0, unchanged: 0, failed: 12, notSent: 0 });
    expect(proxy.log.filter((e) => e.method === 'PUT').map(key).sort()).toEqual(['PUT /meshes/tenant-a', 'PUT /meshes/tenant-b']);
    expect(proxy.log.filter((e) => isPolicyPath(e.path))).toEqual([]);
    await rerunConverges();
  });

  it('a truncated answer: cut short of its content-length it is retried (exit 5 when it persists); complete but short JSON is not, exit 6', async (ctx) => {
    const { proxy, run, apply, rerunConverges } = await scenario(ctx);
    proxy.rule = always({ kind: 'truncate', mode: 'length' });
    const get = await run(['get', 'meshes']);
    expect([get.code, get.stdout]).toEqual([5, '']);
    expectOneErrorLine(get.stderr, /^Error: could not reach the control plane at .*: other side closed \(GET .*\/meshes\)$/);
    expect(countBy(proxy.log).get('GET /meshes')).toBe(4);

    // the writes of tenant-b's policies get a well-formed answer with half a JSON body: done on the
    // control plane, but the CLI cannot read the answer; it must not claim them
    await proxy.clear();
    proxy.log.length = 0;
    proxy.rule = (req) => (req.method === 'PUT' && ofTenantB(req) && isPolicyPath(req.path) ? { kind: 'truncate', mode: 'none' } : undefined);
    const r = await apply();
    expect(r.code).toBe(6);
    expectApplyFailureReport(r, /: failed: failed to apply Mesh(Timeout|Retry) "[\w-]+": the answer is not JSON/);
    const truncated = countBy(proxy.log.filter((e) => e.fault === 'truncate'));
    expect(truncated.size).toBeGreaterThan(0);
    for (const [request, n] of truncated) expect([request, n]).toEqual([request, 1]);
    expect([...verbsOf(r.stdout).keys()].filter((id) => id.includes('mesh="tenant-b"') && !id.includes('type="Mesh"'))).toEqual([]);
    await rerunConverges();
  });

  it('after a stop, every result is still reported: the failures and what was applied', async (ctx) => {
    const { proxy, apply } = await scenario(ctx);
    // tenant-a's Mesh is answered only once tenant-b's five policies have had their unreadable
    // answers, which stop the run: tenant-a's policies are then never sent. An event, not a delay,
    // orders the two, so a busy machine cannot reorder them.
    const truncatedAnswers = () => proxy.log.filter((e) => e.fault === 'truncate' && e.end !== undefined).length;
    const tenantBAnswered = until(() => truncatedAnswers() === 5);
    proxy.rule = (req) => {
      if (req.method === 'PUT' && req.path === '/meshes/tenant-a') return { kind: 'hold', until: tenantBAnswered };
      return req.method === 'PUT' && ofTenantB(req) && isPolicyPath(req.path) ? { kind: 'truncate', mode: 'none' } : undefined;
    };
    const r = await apply();
    expect(r.code).toBe(6);
    const sum = expectApplyFailureReport(r, /^resource type="MeshTimeout" mesh="tenant-b" name="timeouts-0": failed: failed to apply MeshTimeout "timeouts-0": the answer is not JSON/);
    expect(sum).toEqual({ created: 2, updated: 0, unchanged: 0, failed: 5, notSent: 5 });
    expect(r.stdout).toBe(`${idOf(BATCH[0]!)} Created\n${idOf(BATCH[1]!)} Created\n`);
  });

  it('an HTML server on the port: exit 5, nothing written, a message that says it is not a Kuma control plane', async (ctx) => {
    const { proxy, run, apply, rerunConverges } = await scenario(ctx);
    proxy.rule = always({ kind: 'impostor', body: '<!doctype html><html><body>It works!</body></html>', contentType: 'text/html' });
    const r = await apply();
    expect([r.code, r.stdout]).toEqual([5, '']);
    expectApplyFailureReport(r, new RegExp(`the answer is not JSON \\(is ${proxy.url} a Kuma control plane\\?\\)`));
    expect(proxy.log.filter((e) => e.method === 'PUT')).toEqual([]);
    const get = await run(['get', 'meshes']);
    expect([get.code, get.stdout]).toEqual([5, '']);
    expectOneErrorLine(get.stderr, new RegExp(`^Error: failed to list Mesh: the answer is not JSON \\(is ${proxy.url} a Kuma control plane\\?\\)$`));
    await rerunConverges();
  });

  it('names the cause of a failed version check once', async (ctx) => {
    const { proxy, run } = await scenario(ctx);
    // GET / refused, the rest forwarded: the check fails, the command works
    proxy.rule = (req) => (req.path === '/' ? { kind: 'status', status: 403, body: 'forbidden', contentType: 'text/plain' } : undefined);
    const get = await run(['get', 'meshes']);
    expect(get.code).toBe(0);
    const warning = get.stderr.split('\n').find((l) => l.startsWith('WARNING: '));
    expect(warning).toMatch(/^WARNING: Failed to retrieve server version, can't check compatibility: Unable to retrieve server version: /);
    expect(warning).not.toMatch(/(Unable to retrieve server version: ){2}/);
  });

  it('a JSON server that is not Kuma: exit 5, nothing written, nothing reported as applied', async (ctx) => {
    const { proxy, run, apply, rerunConverges } = await scenario(ctx);
    proxy.rule = always({ kind: 'impostor', body: '{"hello":"world"}', contentType: 'application/json' });
    const r = await apply();
    expect([r.code, r.stdout]).toEqual([5, '']);
    expect(r.stderr).toMatch(/does not look like a Kuma control plane|is .* a Kuma control plane\?/);
    expect(r.stderr).not.toMatch(STACK);
    expect(proxy.log.filter((e) => e.method === 'PUT')).toEqual([]);
    const get = await run(['get', 'meshes']);
    expect([get.code, get.stdout]).toEqual([5, '']);
    expectOneErrorLine(get.stderr, /a Kuma control plane/);
    await rerunConverges();
  });
});

/**
 * Timeouts run one at a time: with other CLIs starting next to it, a healthy request of a cold CLI can
 * come close to a short --api-timeout, and only the slowed request may time out here.
 */
describe('kumactl when the control plane answers too late', { timeout: 300_000 }, () => {
  it('get gives up after --api-timeout 500ms: exit 5, one line saying so, the request not repeated', async (ctx) => {
    const { proxy, run } = await scenario(ctx);
    proxy.rule = always({ kind: 'slow', ms: 1500 });
    const get = await run(['get', 'meshes', '--api-timeout', '500ms']);
    expect([get.code, get.stdout]).toEqual([5, '']);
    expectOneErrorLine(get.stderr, /^Error: could not reach the control plane at .*: no answer within the API timeout \(0\.5s; --api-timeout sets it\) \(GET .*\/meshes\)$/);
    expect(countBy(proxy.log).get('GET /meshes')).toBe(1);
  });

  it('a write answered too late: exit 6, not claimed, not repeated; the re-run finds it done', async (ctx) => {
    const { cp, proxy, apply, rerunConverges } = await scenario(ctx);
    // the meshes exist already (creating one makes the control plane generate a key, which is slow
    // next to a short timeout on a busy machine); the policies are to be created
    for (const mesh of TENANTS) expect((await cp.call('PUT', `/meshes/${mesh}`, { type: 'Mesh', name: mesh, skipCreatingInitialPolicies: ['*'] })).status).toBe(201);
    // the control plane does the write; its answer comes after the CLI stopped waiting
    const slowPath = '/meshes/tenant-b/meshtimeouts/timeouts-1';
    const slowOne = idOf(timeoutPolicy('tenant-b', 'timeouts-1', 2));
    proxy.rule = (req) => (req.method === 'PUT' && req.path === slowPath ? { kind: 'slow', ms: 3000 } : undefined);
    const r = await apply('--api-timeout', '1s');
    expect(r.code).toBe(6);
    expectApplyFailureReport(r, /name="timeouts-1": failed: could not reach the control plane at .*: no answer within the API timeout \(1s; --api-timeout sets it\) \(PUT /);
    expect(verbsOf(r.stdout).has(slowOne)).toBe(false);
    expect(countBy(proxy.log).get(`PUT ${slowPath}`)).toBe(1);
    expect((await cp.call('GET', slowPath)).status).toBe(200);

    const verbs = await rerunConverges();
    expect(verbs.get(slowOne)).toBe('Unchanged');
  });
});


// ------------------------------------------------------------------------------------ Ctrl-C

describe('kumactl apply interrupted by SIGINT', () => {
  let cp: TestControlPlane;
  let proxy: FaultProxy;
  let bigFile: string;
  const BIG = bigBatch(300);

  beforeAll(async () => {
    cp = await startTestControlPlane('memory', { keyPoolSize: 0 });
    proxy = await startFaultProxy(cp.url);
    bigFile = join(dir, 'big.yaml');
    writeFileSync(bigFile, toYaml(BIG));
  });
  afterAll(async () => {
    await proxy.close();
    await cp.close();
  });

  /** Run apply in a child, send it SIGINT once `afterLines` result lines are out; when the signal went and when it exited. */
  async function applyAndInterrupt(afterLines: number): Promise<CliResult & { signalledAt: number; acknowledgedAt: number }> {
    // a fixed number of request slots: the adaptive default may have grown past 8 by the signal, and
    // the test bounds what goes out after it by the slots
    const args = [join(ROOT, 'bin/run.js'), 'apply', '-f', bigFile, '--no-config', '--cp-address', proxy.url, '--concurrency', '8'];
    const child = spawn(process.execPath, args, { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let signalledAt = 0;
    let acknowledgedAt = 0;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if (acknowledgedAt === 0 && stderr.includes('interrupted')) acknowledgedAt = performance.now();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (signalledAt === 0 && stdout.split('\n').length > afterLines) {
        signalledAt = performance.now();
        child.kill('SIGINT');
      }
    });
    const [code] = (await once(child, 'close')) as [number | null];
    return { code: code ?? -1, stdout, stderr, signalledAt, acknowledgedAt };
  }

  it('stops sending, lists what was applied, exits 6; a re-run applies the rest', async () => {
    proxy.rule = always({ kind: 'slow', ms: 20 });
    const r = await applyAndInterrupt(5);
    expect(r.signalledAt).toBeGreaterThan(0);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('interrupted: finishing the requests in flight, sending nothing more\n');
    expect(r.stderr).not.toMatch(STACK);
    const sum = summaryOf(r.stderr);
    expect([sum.updated, sum.unchanged, sum.failed]).toEqual([0, 0, 0]);
    expect(sum.notSent).toBeGreaterThan(0);
    expect(sum.created + sum.notSent).toBe(BIG.length);

    // stdout lists every resource applied, and that is exactly what the control plane now holds
    expectEveryResultListed(r);
    const printed = verbsOf(r.stdout);
    expect(await appliedIds(cp)).toEqual(new Set(printed.keys()));

    // sending stopped. Once the CLI said so, nothing new was read and only writes already under way
    // (at most one per request slot) went out. (How soon after the signal is a figure for a quiet
    // machine, not a test: the suite's hang guard bounds it.)
    expect(r.acknowledgedAt).toBeGreaterThan(r.signalledAt);
    const late = proxy.log.filter((e) => e.start > r.acknowledgedAt);
    expect(late.filter((e) => e.method !== 'PUT')).toEqual([]);
    expect(late.length).toBeLessThanOrEqual(8);

    await proxy.clear();
    const again = await kumactl(['apply', '-f', bigFile, '--no-config', '--cp-address', proxy.url]);
    expect([again.code, again.stderr]).toEqual([0, `Summary: ${sum.notSent} created, 0 updated, ${sum.created} unchanged, 0 failed\n`]);
    const verbs = verbsOf(again.stdout);
    for (const id of printed.keys()) expect(verbs.get(id)).toBe('Unchanged');
    const ids = BIG.map(idOf);
    expect(await appliedIds(cp)).toEqual(new Set(ids));
    for (const mesh of TENANTS) {
      const live = await listNames(cp, `/meshes/${mesh}/meshtimeouts`);
      expect(live.names).toEqual(BIG.filter((d) => d.mesh === mesh).map((d) => d.name).sort());
      for (const item of live.items) expect(item.spec).toEqual(BIG.find((d) => d.mesh === mesh && d.name === item.name)!.spec);
    }
  });
});
