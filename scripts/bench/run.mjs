// npm run bench: each figure against a baseline measured in the same run, as a ratio, with its budget.
// Budgets are DESIGN.md's. Runs alternate (A B A B ...) so machine drift hits both sides alike.
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { generateDocuments } from './documents.mjs';
import { hostileInputs } from './hostile.mjs';
import { median, startServer, stop, timeOnce } from './proc.mjs';
import { startupRows } from './startup.mjs';
import { impactRows } from './impact.mjs';
import { controlPlaneLoadRows } from './cp-load.mjs';
import { applyLatencyRows } from './apply-latency.mjs';
import { validateMemoryRows } from './validate-memory.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));
const BIN = join(ROOT, 'bin', 'run.js');
const NODE = process.execPath;
const work = mkdtempSync(join(tmpdir(), 'kumactl-bench-'));

/** Alternate A and B `runs` times after one warm-up each; medians and the median of pairwise ratios. */
function compare(a, b, runs) {
  timeOnce(a.argv, a.opts);
  timeOnce(b.argv, b.opts);
  const ta = [];
  const tb = [];
  const ratios = [];
  for (let i = 0; i < runs; i++) {
    const x = timeOnce(a.argv, a.opts);
    const y = timeOnce(b.argv, b.opts);
    ta.push(x);
    tb.push(y);
    ratios.push(x / y);
  }
  return { a: median(ta), b: median(tb), ratio: median(ratios) };
}

let memory = '';
const notes = [];
const rows = [];
/** Whole units, or two decimals under 10 (a 0.15 ms GET is not "0 ms"). */
const figureText = (v) => (v < 10 ? v.toFixed(2) : v.toFixed(0));

function record(figure, baseline, result, budget, unit = 'ms') {
  const pass = !budget || (budget.kind === 'max' ? result.ratio <= budget.value : result.ratio >= budget.value);
  rows.push({
    figure,
    ours: `${figureText(result.a)} ${unit}`,
    baseline: `${baseline} ${figureText(result.b)} ${unit}`,
    ratio: `${result.ratio.toFixed(2)}x`,
    budget: budget ? `${budget.kind === 'max' ? '<=' : '>='} ${budget.value}x` : '-',
    verdict: budget ? (pass ? 'pass' : 'MISS') : 'info',
  });
}

try {
  // 1. Start-up: each command against an empty Node process (./startup.mjs).
  notes.push(await startupRows(record));

  // 2. Offline validation of 10,000 documents against parsing the same text with `yaml` alone.
  const file = join(work, 'docs.yaml');
  writeFileSync(file, generateDocuments(10_000));
  const parseOnly = join(work, 'parse-only.mjs');
  writeFileSync(
    parseOnly,
    `import { readFileSync } from 'node:fs';\nimport { parseAllDocuments } from ${JSON.stringify(join(ROOT, 'node_modules', 'yaml', 'dist', 'index.js'))};\n` +
      `const docs = parseAllDocuments(readFileSync(process.argv[2], 'utf8'));\nlet n = 0;\nfor (const d of docs) if (d.toJS()) n++;\nif (n !== 10000) process.exit(1);\n`,
  );
  record(
    'validate, 10,000 documents',
    'yaml parse:',
    compare({ argv: [NODE, BIN, 'validate', '-f', file] }, { argv: [NODE, parseOnly, file] }, 5),
    { kind: 'max', value: 3 },
  );

  // 2b. The heaviest hostile inputs of the reliability suite (its `size` family: a 50 MB file, 10,000
  //     documents, megabyte names, labels and values): the tests only guard against hangs, the time
  //     of the slowest one is this row.
  const hostile = await hostileInputs(work, 'size');
  let slowest;
  for (const h of hostile) {
    const r = compare({ argv: [NODE, BIN, 'validate', '--no-config', '-f', h.file], opts: { allowFail: true } }, { argv: [NODE, '-e', '0'] }, 3);
    if (!slowest || r.a > slowest.result.a) slowest = { name: h.name, result: r };
  }
  record(`validate, slowest hostile input (${slowest.name}, of ${hostile.length})`, 'node -e 0:', slowest.result);

  // 4. The local control plane under load (cp-load.mjs).
  memory = (await controlPlaneLoadRows({ record, startServer, stop, median, work })).join('\n');

  // 5. `kumactl apply` of 5,000 policies over 50 meshes against the same requests (GET then PUT each)
  //    sent one after another over one connection. Each run starts from a fresh control plane; the
  //    ratio here is baseline/ours (a speed-up), so the budget is a minimum. Each variant also times
  //    its floor: the PUTs alone, 8 in flight, nothing read or validated; no client can beat that
  //    against the same control plane.
  const applyFile = join(work, 'apply.yaml');
  writeFileSync(applyFile, generateDocuments(5_050)); // 50 Meshes (no default policies) + 5,000 policies
  const sequentialArgv = (url) => [NODE, join(HERE, 'sequential-apply.mjs'), url, applyFile];
  const applyArgv = (url) => [NODE, BIN, 'apply', '-f', applyFile, '--no-config', '--cp-address', url];
  const floorArgv = (url) => [...sequentialArgv(url), 'put-only'];
  const onFresh = (cpArgv) => async (argvFor) => {
    const fresh = await startServer(cpArgv);
    try {
      return timeOnce(argvFor(fresh.url));
    } finally {
      await stop(fresh.child);
    }
  };
  const applyRows = async (label, run, pairs) => {
    const applied = [];
    const sequential = [];
    const speedups = [];
    for (let i = 0; i < pairs; i++) {
      const b = await run(sequentialArgv);
      const a = await run(applyArgv);
      sequential.push(b);
      applied.push(a);
      speedups.push(b / a);
    }
    const f = await run(floorArgv);
    // DESIGN.md's 5x is stated across a network (the latency-proxy rows below); on loopback one local
    // control plane is the bottleneck of both clients, so these rows and their floor are reported.
    record(`kumactl apply, 5,000 policies in 50 meshes${label}, loopback (speed-up)`, 'sequential GET+PUT:', { a: median(applied), b: median(sequential), ratio: median(speedups) });
    record('  floor: the PUTs alone, 8 in flight, nothing read or checked', 'sequential GET+PUT:', { a: f, b: median(sequential), ratio: median(sequential) / f });
  };
  // As the budget states it: every Mesh new, so the control plane generates its 50 signing keys.
  await applyRows('', onFresh([NODE, BIN, 'control-plane', 'run', '--port', '0', '--skip-default-mesh']), 1);
  // The same with the 50 keys generated before the clock starts: what the client and requests cost.
  await applyRows(', keys ready', onFresh([NODE, join(HERE, 'keyed-cp.mjs'), '50']), 2);

  // 6. apply against a remote control plane (a latency proxy), and validate's memory.
  await applyLatencyRows(record, { work });
  await validateMemoryRows(record, { work });

  // 7. Policy matching: one proxy's rules against a plain GET of it; diff --impact over 1,000 proxies.
  await impactRows({ NODE, BIN, work, startServer, stop, median, compare, record });
} finally {
  rmSync(work, { recursive: true, force: true });
}

const cols = ['figure', 'ours', 'baseline', 'ratio', 'budget', 'verdict'];
const report = new Table({ head: cols.map((c) => c.toUpperCase()), style: { head: [], border: [] } });
for (const r of rows) report.push(cols.map((c) => r[c]));
console.log(report.toString());
if (memory) console.log(`\n${memory}`);
for (const note of notes) console.log(note);
console.log(`\nnode ${process.version}, ${new Date().toISOString()}; medians of alternating runs; ratio = median of pairwise ratios`);
