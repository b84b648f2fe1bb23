// Bench rows for `kumactl apply` against a remote control plane: 5,000 policies over 50 meshes, through
// a proxy adding a fixed round-trip delay (latency-proxy.mjs), against the sequential client
// (sequential-apply.mjs: GET then PUT, one after another). Creates (a fresh control plane, its 50 keys
// generated before the clock starts) and a re-apply where all is Unchanged; on loopback also the
// clients' CPU time, with a second core kept busy. Called by run.mjs; alone:
//   node scripts/bench/apply-latency.mjs   (APPLY_LATENCY_DOCS=N for a smaller input, see the end for more)
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDocuments } from './documents.mjs';
import { median, startServer, stop } from './proc.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));
const BIN = join(ROOT, 'bin', 'run.js');
const NODE = process.execPath;

/** Runs a command to its end: wall time (ms) and CPU time (user + system, ms) from /usr/bin/time. */
function timed(argv) {
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', ...argv], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  if (r.status !== 0 || !cpu) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return { ms, cpu: (Number(cpu[1]) + Number(cpu[2])) * 1000 };
}

/** The round trip a client sees through `url`: median of 30 sequential GETs on one connection (ms). */
async function roundTrip(url) {
  const times = [];
  for (let i = 0; i < 31; i++) {
    const start = performance.now();
    await (await fetch(`${url}/meshes/none-such`)).arrayBuffer();
    if (i > 0) times.push(performance.now() - start);
  }
  return median(times);
}

/**
 * One client's two runs against a fresh control plane behind a proxy adding `delay` ms (0: none):
 * creates, then the same input again (all Unchanged).
 */
async function twoRuns(argvFor, delay) {
  const cp = await startServer([NODE, join(HERE, 'keyed-cp.mjs'), '50']);
  const proxy = delay > 0 ? await startServer([NODE, join(HERE, 'latency-proxy.mjs'), cp.url, String(delay)]) : undefined;
  try {
    const url = proxy?.url ?? cp.url;
    const rtt = await roundTrip(url);
    const creates = timed(argvFor(url));
    const again = timed(argvFor(url));
    return { rtt, creates, again };
  } finally {
    if (proxy) await stop(proxy.child);
    await stop(cp.child);
  }
}

/** The rows: `record(figure, baselineLabel, {a, b, ratio}, budget, unit)` as run.mjs's. */
export async function applyLatencyRows(record, { docs = 5_050, work, delays = [10, 2.5], loopback = true } = {}) {
  const dir = work ?? mkdtempSync(join(tmpdir(), 'kumactl-bench-'));
  const file = join(dir, 'apply-latency.yaml');
  writeFileSync(file, generateDocuments(docs));
  const policies = (docs - 50).toLocaleString('en-US');
  const apply = (url) => [NODE, BIN, 'apply', '-f', file, '--no-config', '--cp-address', url];
  const sequential = (url) => [NODE, join(HERE, 'sequential-apply.mjs'), url, file];
  const speedUp = (ours, base) => ({ a: ours.ms, b: base.ms, ratio: base.ms / ours.ms });
  try {
    const budgets = { 10: [20, 30], 2.5: [8, 8] };
    for (const delay of delays) {
      const [creates, unchanged] = budgets[delay] ?? [1, 1];
      const ours = await twoRuns(apply, delay);
      const base = await twoRuns(sequential, delay);
      const at = `through a proxy adding ${delay} ms a round trip (measured ${ours.rtt.toFixed(1)} ms)`;
      record(`apply, ${policies} policies in 50 meshes, creates, ${at} (speed-up)`, 'sequential GET+PUT:', speedUp(ours.creates, base.creates), { kind: 'min', value: creates });
      record(`  the same again, all Unchanged (speed-up)`, 'sequential GET+PUT:', speedUp(ours.again, base.again), { kind: 'min', value: unchanged });
    }
    if (!loopback) return;
    // loopback, a second core kept busy: never slower than the naive client, and no more CPU
    const busy = spawn(NODE, ['-e', 'for (;;);'], { stdio: 'ignore' });
    try {
      const ours = await twoRuns(apply, 0);
      const base = await twoRuns(sequential, 0);
      record(`apply, ${policies} policies, creates, loopback, a second core busy (speed-up)`, 'sequential GET+PUT:', speedUp(ours.creates, base.creates), { kind: 'min', value: 1 });
      record(`  the same again, all Unchanged (speed-up)`, 'sequential GET+PUT:', speedUp(ours.again, base.again), { kind: 'min', value: 1 });
      record(`  client CPU time, creates`, 'sequential GET+PUT:', { a: ours.creates.cpu, b: base.creates.cpu, ratio: ours.creates.cpu / base.creates.cpu }, { kind: 'max', value: 1 });
      record(`  client CPU time, all Unchanged`, 'sequential GET+PUT:', { a: ours.again.cpu, b: base.again.cpu, ratio: ours.again.cpu / base.again.cpu }, { kind: 'max', value: 1 });
    } finally {
      busy.kill('SIGKILL');
    }
  } finally {
    if (!work) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = [];
  const record = (figure, baseline, r, budget, unit = 'ms') => {
    const pass = budget.kind === 'max' ? r.ratio <= budget.value : r.ratio >= budget.value;
    rows.push(`${figure}: ours ${r.a.toFixed(0)} ${unit}, ${baseline} ${r.b.toFixed(0)} ${unit}, ${r.ratio.toFixed(2)}x (${budget.kind === 'max' ? '<=' : '>='} ${budget.value}x: ${pass ? 'pass' : 'MISS'})`);
    console.log(rows.at(-1));
  };
  // APPLY_LATENCY_DELAYS=10,2.5 (ms; the rows to run), APPLY_LATENCY_LOOPBACK=0 to leave out loopback
  const delays = (process.env.APPLY_LATENCY_DELAYS ?? '10,2.5').split(',').filter(Boolean).map(Number);
  await applyLatencyRows(record, { docs: Number(process.env.APPLY_LATENCY_DOCS ?? 5_050), delays, loopback: process.env.APPLY_LATENCY_LOOPBACK !== '0' });
}
