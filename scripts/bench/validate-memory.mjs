// Bench rows for validate's memory: peak RSS of `kumactl validate` of 100,000 documents against a bare
// `yaml` parse of the same text (documents read one at a time and converted, nothing kept: the least
// any reader holds), and whether validate completes under --max-old-space-size=512. Called by
// run.mjs; alone: node scripts/bench/validate-memory.mjs  (VALIDATE_MEMORY_DOCS=N for fewer)
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDocuments } from './documents.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'run.js');
const NODE = process.execPath;

/** Peak RSS (MiB) of a command run to its end, from /usr/bin/time; its exit status. */
function peak(argv, env = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', 'PEAK %M', ...argv], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 64 * 1024 * 1024 });
  const m = /PEAK (\d+)\s*$/.exec(r.stderr);
  if (!m) throw new Error(`${argv.join(' ')}: no peak in ${r.stderr.slice(-2000)}`);
  return { mib: Number(m[1]) / 1024, status: r.status };
}

/** `record(figure, baselineLabel, {a, b, ratio}, budget, unit)` as run.mjs's. */
export async function validateMemoryRows(record, { docs = 100_000, work } = {}) {
  const dir = work ?? mkdtempSync(join(tmpdir(), 'kumactl-bench-'));
  try {
    const file = join(dir, 'validate-memory.yaml');
    writeFileSync(file, generateDocuments(docs));
    const bare = join(dir, 'bare-parse.mjs');
    writeFileSync(
      bare,
      `import { readFileSync } from 'node:fs';\nimport { Parser, Composer } from ${JSON.stringify(join(ROOT, 'node_modules', 'yaml', 'dist', 'index.js'))};\n` +
        `let n = 0;\nfor (const d of new Composer().compose(new Parser().parse(readFileSync(process.argv[2], 'utf8')))) if (d.toJS()) n++;\nif (n !== ${docs}) process.exit(1);\n`,
    );
    const count = docs.toLocaleString('en-US');
    const ours = peak([NODE, BIN, 'validate', '--no-config', '-f', file]);
    const base = peak([NODE, bare, file]);
    if (ours.status !== 0 || base.status !== 0) throw new Error(`validate exited ${ours.status}, the bare parse ${base.status}`);
    record(`validate, ${count} documents: peak memory (RSS)`, 'bare yaml parse:', { a: ours.mib, b: base.mib, ratio: ours.mib / base.mib }, { kind: 'max', value: 2 }, 'MiB');
    const capped = peak([NODE, BIN, 'validate', '--no-config', '-f', file], { NODE_OPTIONS: '--max-old-space-size=512' });
    record(`  the same under --max-old-space-size=512 (exit ${capped.status}${capped.status === 0 ? ', completed' : ', FAILED'})`, 'bare yaml parse:', { a: capped.mib, b: base.mib, ratio: capped.mib / base.mib }, { kind: 'max', value: capped.status === 0 ? 2 : 0 }, 'MiB');
  } finally {
    if (!work) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const record = (figure, baseline, r, budget, unit) => {
    const pass = budget.kind === 'max' ? r.ratio <= budget.value : r.ratio >= budget.value;
    console.log(`${figure}: ours ${r.a.toFixed(0)} ${unit}, ${baseline} ${r.b.toFixed(0)} ${unit}, ${r.ratio.toFixed(2)}x (<= ${budget.value}x: ${pass ? 'pass' : 'MISS'})`);
  };
  await validateMemoryRows(record, { docs: Number(process.env.VALIDATE_MEMORY_DOCS ?? 100_000) });
}
