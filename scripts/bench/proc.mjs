// What every bench module needs to run whole processes: time one, start a server that prints its
// URL, stop it, and the median of a list of figures.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Wall time of one run, in ms. `opts`: `env` (default: this process's, with NO_COLOR), `allowFail`. */
export function timeOnce(argv, opts = {}) {
  const { allowFail, ...spawnOpts } = opts;
  const start = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' }, ...spawnOpts });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && !allowFail) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** Start a process that prints its URL on stdout; answers { child, url }. */
export function startServer(argv, env = process.env) {
  const child = spawn(argv[0], argv.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /(https?:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`${argv.join(' ')} exited ${code}`)));
  });
}

export function stop(child) {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    if (child.exitCode !== null) return resolve();
    child.on('exit', resolve);
    child.kill('SIGTERM');
  });
}
