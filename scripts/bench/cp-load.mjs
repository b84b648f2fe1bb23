// The local control plane under load (npm run bench, from run.mjs): list pages and PUTs against a bare
// Node server returning the same bytes, pages scattered over 100,000 resources against over 1,000,
// and the control plane's memory under that load. The load generator (load.mjs, autocannon) runs as
// its own process; the rows also show that it saturates the bare server.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));
const BIN = join(ROOT, 'bin', 'run.js');
const NODE = process.execPath;
const SECONDS = 3;
const CONNECTIONS = 16;
const TICKS_PER_SECOND = 100; // USER_HZ of /proc/PID/stat on Linux

/** One load generator run: { rps, cpu } (cpu: the generator's own share of a core). */
export function load(options) {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [join(HERE, 'load.mjs'), JSON.stringify({ seconds: SECONDS, connections: CONNECTIONS, ...options })], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator failed: ${err}`));
      const r = JSON.parse(out);
      if (r.errors > 0) return reject(new Error(`${r.errors} failed requests against ${options.url}`));
      resolve(r);
    });
  });
}

function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime
}

function rssMiB(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
}

/** A run against a server process: requests/s, the generator's CPU share and the server's. */
async function measured(pid, options) {
  const cpu = cpuSeconds(pid);
  const start = process.hrtime.bigint();
  const r = await load(options);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { ...r, serverCpu: (cpuSeconds(pid) - cpu) / seconds };
}

/** Alternate A and B `runs` times after one warm-up each; medians and the median of ratios A/B. */
export async function compareRates(a, b, runs, median) {
  await a();
  await b();
  const ra = [];
  const rb = [];
  const ratios = [];
  for (let i = 0; i < runs; i++) {
    const x = (await a()).rps;
    const y = (await b()).rps;
    ra.push(x);
    rb.push(y);
    ratios.push(x / y);
  }
  return { a: median(ra), b: median(rb), ratio: median(ratios) };
}

const timeoutBody = (name, mesh) =>
  JSON.stringify({ type: 'MeshTimeout', name, mesh, spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '30m', http: { requestTimeout: '10s' } } }] } });

/**
 * Records the rows with `record(figure, baseline, result, budget, unit)`; answers the lines to print
 * under the table (what the load generator and the servers did).
 */
export async function controlPlaneLoadRows({ record, startServer, stop, median, work }) {
  const notes = [];
  const pct = (x) => `${(x * 100).toFixed(0)}%`;

  // 1. One 100-item page of a mesh with 1,000 policies, and a PUT, against a bare server.
  const cp = await startServer([NODE, BIN, 'control-plane', 'run', '--port', '0', '--skip-default-mesh']);
  let bare;
  try {
    const put = (path, body) => fetch(`${cp.url}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body });
    await put('/meshes/bench', JSON.stringify({ type: 'Mesh', name: 'bench', skipCreatingInitialPolicies: ['*'] }));
    for (let i = 0; i < 1000; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => put(`/meshes/bench/meshtimeouts/t-${i + j}`, timeoutBody(`t-${i + j}`, 'bench'))));
    }
    const listPath = '/meshes/bench/meshtimeouts?size=100&offset=300';
    const listFile = join(work, 'list.json');
    writeFileSync(listFile, Buffer.from(await (await fetch(`${cp.url}${listPath}`)).arrayBuffer()));
    const bodyFile = join(work, 'put.json');
    writeFileSync(bodyFile, timeoutBody('t-7', 'bench'));
    bare = await startServer([NODE, join(HERE, 'static-server.mjs'), listFile]);

    const runs = { cp: [], bare: [], bare2x: [] };
    const on = (server, list, options) => async () => {
      const r = await measured(server.child.pid, options);
      list.push(r);
      return r;
    };
    record(
      'control plane: GET 100-item list page',
      'bare server:',
      await compareRates(on(cp, runs.cp, { url: `${cp.url}${listPath}` }), on(bare, runs.bare, { url: `${bare.url}${listPath}` }), 3, median),
      { kind: 'min', value: 0.5 },
      'req/s',
    );
    // Saturation: twice the connections do not raise the bare server's rate when it is the limit.
    record(
      '  load generator check: bare server, 32 vs 16 connections',
      '16:',
      await compareRates(on(bare, runs.bare2x, { url: `${bare.url}${listPath}`, connections: 2 * CONNECTIONS }), on(bare, runs.bare, { url: `${bare.url}${listPath}` }), 2, median),
      undefined,
      'req/s',
    );
    const share = (list, key) => pct(median(list.map((r) => r[key])));
    const cost = (list) => median(list.map((r) => (r.serverCpu / r.rps) * 1e6));
    notes.push(
      `server CPU per list request (independent of how busy the machine is): control plane ${cost(runs.cp).toFixed(0)} µs, bare server ${cost(runs.bare).toFixed(0)} µs ` +
        `(bare/ours ${(cost(runs.bare) / cost(runs.cp)).toFixed(2)}x).`,
    );
    notes.push(
      `load generator: autocannon, ${CONNECTIONS} keep-alive connections, ${SECONDS} s a run. During the list runs the bare server used ${share(runs.bare, 'serverCpu')} of a core ` +
        `and the generator ${share(runs.bare, 'cpu')}; the control plane ${share(runs.cp, 'serverCpu')} (generator ${share(runs.cp, 'cpu')}). ` +
        `With ${2 * CONNECTIONS} connections the bare server used ${share(runs.bare2x, 'serverCpu')}.`,
    );

    record(
      'control plane: PUT (update) of a policy',
      'bare server:',
      await compareRates(
        () => measured(cp.child.pid, { url: `${cp.url}/meshes/bench/meshtimeouts/t-7`, method: 'PUT', bodyFile }),
        () => measured(bare.child.pid, { url: `${bare.url}/x`, method: 'PUT', bodyFile }),
        3,
        median,
      ),
      undefined,
      'req/s',
    );
  } finally {
    if (bare) await stop(bare.child);
    await stop(cp.child);
  }

  // 2. Pages at random offsets over 100,000 resources against over 1,000 (all in one list across 50
  //    meshes), and the large control plane's memory under that load against its memory idle.
  const filled = (n) => startServer([NODE, '--expose-gc', join(HERE, 'filled-cp.mjs'), String(n)]);
  const small = await filled(1000);
  const large = await filled(100_000);
  try {
    const idle = rssMiB(large.child.pid);
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(large.child.pid))), 100);
    const scattered = (server, total) => () => load({ url: `${server.url}/meshtimeouts`, scatter: { total, size: 100 } });
    try {
      record('list pages scattered over 100,000 resources', 'over 1,000:', await compareRates(scattered(large, 100_000), scattered(small, 1000), 3, median), { kind: 'min', value: 0.5 }, 'req/s');
    } finally {
      clearInterval(sampler);
    }
    record('  control plane RSS under that load (peak)', 'idle:', { a: peak, b: idle, ratio: peak / idle }, { kind: 'max', value: 2 }, 'MiB');
    notes.push(`control plane memory (RSS) idle: ${idle.toFixed(0)} MiB with 100,000 resources, ${rssMiB(small.child.pid).toFixed(0)} MiB with 1,000.`);
  } finally {
    await stop(small.child);
    await stop(large.child);
  }
  return notes;
}
