// Start-up rows of `npm run bench` (called from ./run.mjs): each command as a whole process against an
// empty Node process (`node -e 0`), alternating A B A B, both with NODE_EXTRA_CA_CERTS unset (a
// workplace setting that adds ~30 ms to every Node start; a user's machine does not have it). Each
// command three ways: as is, with NODE_OPTIONS=--max-old-space-size=4096 (in the command and the
// baseline alike), and with a ~/.kumactl/config naming the local control plane (HOME pointing at a
// temporary folder) instead of --no-config --cp-address.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, startServer, stop, timeOnce } from './proc.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'run.js');
const NODE = process.execPath;


const SMALL = `type: Mesh
name: startup
skipCreatingInitialPolicies: ['*']
---
type: MeshTimeout
name: startup-timeouts
mesh: startup
spec:
  targetRef:
    kind: Mesh
  to:
    - targetRef:
        kind: Mesh
      default:
        connectionTimeout: 3s
        http:
          requestTimeout: 20s
`;

/**
 * Adds the start-up rows through `record(figure, baselineLabel, { a, b, ratio }, budget)` (run.mjs's).
 * `runs`: timed pairs per row.
 */
export async function startupRows(record, { runs = 10 } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'kumactl-bench-startup-'));
  const base = { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: join(work, 'cache') };
  delete base.NODE_EXTRA_CA_CERTS;
  delete base.NODE_OPTIONS;
  delete base.NODE_ENV;
  const cp = await startServer([NODE, BIN, 'control-plane', 'run', '--port', '0', '--skip-default-mesh'], base);
  try {
    const put = (path, body) => fetch(`${cp.url}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await put('/meshes/startup', { type: 'Mesh', name: 'startup', skipCreatingInitialPolicies: ['*'] });
    const timeout = (name) => ({ type: 'MeshTimeout', name, mesh: 'startup', spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '20m' } }] } });
    for (let i = 0; i < 20; i++) await put(`/meshes/startup/meshtimeouts/t-${i}`, timeout(`t-${i}`));
    const small = join(work, 'small.yaml');
    writeFileSync(small, SMALL);
    const home = join(work, 'home');
    mkdirSync(join(home, '.kumactl'), { recursive: true });
    const config = `contexts:\n- controlPlane: bench\n  name: bench\ncontrolPlanes:\n- coordinates:\n    apiServer:\n      url: ${cp.url}\n  name: bench\ncurrentContext: bench\n`;
    writeFileSync(join(home, '.kumactl', 'config'), config, { mode: 0o600 });

    // delete removes a policy that is put back before each run (outside the clock)
    const commands = [
      { label: '--version', args: ['--version'], budget: 1.5, bare: true },
      { label: 'get meshes', args: ['get', 'meshes'], budget: 2 },
      { label: 'get meshtimeouts -A -o yaml', args: ['get', 'meshtimeouts', '-A', '-o', 'yaml'], budget: 2 },
      { label: 'delete meshtimeout', args: ['delete', 'meshtimeout', 'gone', '-m', 'startup'], budget: 2, before: () => put('/meshes/startup/meshtimeouts/gone', timeout('gone')) },
      { label: 'inspect meshes', args: ['inspect', 'meshes'], budget: 2 },
      { label: 'validate, one small file', args: ['validate', '-f', small], budget: 3, offline: true },
      { label: 'apply, one small file (unchanged)', args: ['apply', '-f', small], budget: 3 },
      { label: 'diff, one small file', args: ['diff', '-f', small], budget: 3 },
      { label: '--help', args: ['--help'], budget: 3, bare: true },
    ];
    const variants = [
      { label: '', env: base, flags: ['--no-config', '--cp-address', cp.url] },
      { label: ', NODE_OPTIONS=--max-old-space-size=4096', env: { ...base, NODE_OPTIONS: '--max-old-space-size=4096' }, flags: ['--no-config', '--cp-address', cp.url] },
      { label: ', ~/.kumactl/config', env: { ...base, HOME: home }, flags: [] },
    ];
    for (const variant of variants) {
      for (const c of commands) {
        // `kumactl --version` and `kumactl --help` exactly; offline commands without a control plane
        const extra = c.bare ? [] : c.offline ? variant.flags.slice(0, 1) : variant.flags;
        const argv = [NODE, BIN, ...c.args, ...extra];
        const baseline = [NODE, '-e', '0'];
        // one warm-up each (the first run with new V8 flags writes the code cache, as a user's first run does)
        await c.before?.();
        timeOnce(argv, { env: variant.env });
        timeOnce(baseline, { env: variant.env });
        const ta = [];
        const tb = [];
        const ratios = [];
        for (let i = 0; i < runs; i++) {
          await c.before?.();
          const x = timeOnce(argv, { env: variant.env });
          const y = timeOnce(baseline, { env: variant.env });
          ta.push(x);
          tb.push(y);
          ratios.push(x / y);
        }
        record(`kumactl ${c.label}${variant.label}`, 'node -e 0:', { a: median(ta), b: median(tb), ratio: median(ratios) }, { kind: 'max', value: c.budget });
      }
    }
  } finally {
    await stop(cp.child);
    rmSync(work, { recursive: true, force: true });
  }
  return 'start-up rows: NODE_EXTRA_CA_CERTS unset in the command and in the baseline; a fresh XDG_CACHE_HOME (the first run of each variant, not timed, writes its code cache)';
}

// `node scripts/bench/startup.mjs [runs]`: these rows alone
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = [];
  const note = await startupRows((figure, baseline, r, budget) => rows.push({ figure, ours: r.a.toFixed(0), baseline: r.b.toFixed(0), ratio: r.ratio.toFixed(2), budget: `<= ${budget.value}x`, verdict: r.ratio <= budget.value ? 'pass' : 'MISS' }), { runs: Number(process.argv[2] ?? 10) });
  console.table(rows);
  console.log(note);
}
