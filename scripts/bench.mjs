// npm run bench: each figure against a baseline measured in the same run, as a ratio, with its budget.
// Budgets are DESIGN.md's. Runs alternate (A B A B ...) so machine drift hits both sides alike.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'run.js');
const NODE = process.execPath;
const work = mkdtempSync(join(tmpdir(), 'kumactl-bench-'));

function timeOnce(argv, opts = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' }, ...opts });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

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

function generateDocuments(count) {
  const meshes = 50;
  const docs = [];
  for (let m = 0; m < meshes; m++) docs.push(`type: Mesh\nname: tenant-${m}\nskipCreatingInitialPolicies: ["*"]\n`);
  for (let i = 0; docs.length < count; i++) {
    const mesh = `tenant-${i % meshes}`;
    switch (i % 3) {
      case 0:
        docs.push(`type: MeshTimeout\nname: timeout-${i}\nmesh: ${mesh}\nspec:\n  targetRef:\n    kind: Mesh\n  to:\n    - targetRef:\n        kind: MeshService\n        name: svc-${i}\n      default:\n        connectionTimeout: 2s\n        idleTimeout: 30m\n        http:\n          requestTimeout: 10s\n`);
        break;
      case 1:
        docs.push(`type: MeshRetry\nname: retry-${i}\nmesh: ${mesh}\nspec:\n  targetRef:\n    kind: Mesh\n  to:\n    - targetRef:\n        kind: Mesh\n      default:\n        http:\n          numRetries: 3\n          perTryTimeout: 1s\n          retryOn: ["5xx", "ConnectFailure"]\n`);
        break;
      default:
        docs.push(`type: MeshCircuitBreaker\nname: breaker-${i}\nmesh: ${mesh}\nspec:\n  targetRef:\n    kind: Mesh\n  to:\n    - targetRef:\n        kind: Mesh\n      default:\n        connectionLimits:\n          maxConnections: 1024\n          maxRequests: 512\n`);
    }
  }
  return docs.join('---\n');
}

const rows = [];
function record(figure, baseline, result, budget, unit = 'ms') {
  const pass = budget.kind === 'max' ? result.ratio <= budget.value : result.ratio >= budget.value;
  rows.push({
    figure,
    ours: `${result.a.toFixed(0)} ${unit}`,
    baseline: `${baseline} ${result.b.toFixed(0)} ${unit}`,
    ratio: `${result.ratio.toFixed(2)}x`,
    budget: `${budget.kind === 'max' ? '<=' : '>='} ${budget.value}x`,
    verdict: pass ? 'pass' : 'MISS',
  });
}

try {
  // 1. Start-up: the whole CLI against an empty Node process.
  record(
    'kumactl --version',
    'node -e 0:',
    compare({ argv: [NODE, BIN, '--version'] }, { argv: [NODE, '-e', '0'] }, 15),
    { kind: 'max', value: 1.5 },
  );

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
} finally {
  rmSync(work, { recursive: true, force: true });
}

const cols = ['figure', 'ours', 'baseline', 'ratio', 'budget', 'verdict'];
const width = Object.fromEntries(cols.map((c) => [c, Math.max(c.length, ...rows.map((r) => r[c].length))]));
const line = (r) => cols.map((c) => r[c].padEnd(width[c])).join('   ').trimEnd();
console.log(line(Object.fromEntries(cols.map((c) => [c, c.toUpperCase()]))));
for (const r of rows) console.log(line(r));
console.log(`\nnode ${process.version}, ${new Date().toISOString()}; medians of alternating runs; ratio = median of pairwise ratios`);
