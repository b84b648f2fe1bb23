// npm run demo: the main job, end to end, on this machine.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const kumactl = (...args) => {
  process.stdout.write(`\n$ kumactl ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, ['bin/run.js', ...args], { cwd: root, stdio: 'inherit' });
  return r.status ?? 1;
};

const code = kumactl('validate', '-f', 'examples/multi-tenant/');
if (code !== 0) process.exit(code);
kumactl('validate', '-f', 'examples/multi-tenant/', '-o', 'json');
