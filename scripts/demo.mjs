// npm run demo: the main job, end to end, on this machine.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const kumactl = (...args) => {
  process.stdout.write(`\n$ kumactl ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, ['bin/run.js', ...args], { cwd: root, stdio: 'inherit' });
  process.stdout.write(`(exit code ${r.status})\n`);
  return r.status ?? 1;
};

// Three teams, three meshes, their policies: all valid.
if (kumactl('validate', '-f', 'examples/', '-R') !== 0) process.exit(1);
// The mistakes a pipeline must catch: an enabledBackend naming no backend, a bad duration, a typo.
if (kumactl('validate', '-f', 'test/fixtures/e2e/done-when.yaml') !== 3) process.exit(1);
