// npm run demo: the main job, end to end, on this machine. Starts a local control plane, validates and
// applies the multi-tenant example, looks at it, deletes a mesh, stops the control plane. Uses a
// temporary HOME, so your ~/.kumactl is never touched.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'run.js');
const home = mkdtempSync(join(tmpdir(), 'kumactl-demo-'));

/** Start `kumactl control-plane run --port 0` and wait for its `control plane listening on URL` line. */
function startControlPlane() {
  const child = spawn(process.execPath, [bin, 'control-plane', 'run', '--port', '0'], { cwd: root, env: { ...process.env, HOME: home }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const m = /control plane listening on (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`the control plane exited with code ${code} before listening`)));
  });
}

const cp = await startControlPlane();
process.stdout.write(`A local control plane is listening on ${cp.url} (KUMACTL_CP_ADDRESS points kumactl at it).\n`);
const env = { ...process.env, HOME: home, KUMACTL_CP_ADDRESS: cp.url };

let failures = 0;
/** Show and run one command; a different exit code than expected counts as a failure. */
const kumactl = (args, expected = 0) => {
  process.stdout.write(`\n$ kumactl ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, env, stdio: 'inherit' });
  if (r.status !== expected) {
    failures++;
    process.stdout.write(`(unexpected exit code ${r.status}, expected ${expected})\n`);
  }
};

try {
  kumactl(['validate', '-f', 'examples/', '-R']); // everything is checked before anything is sent
  kumactl(['apply', '-f', 'examples/multi-tenant/']); // three team meshes, then their policies
  kumactl(['get', 'meshes']);
  kumactl(['get', 'meshtimeouts', '-A']); // team-b brought its own; team-a and team-c got Kuma's defaults
  kumactl(['inspect', 'meshes']);
  kumactl(['delete', 'mesh', 'team-b']); // and everything in it
  kumactl(['get', 'meshes']);
} finally {
  await new Promise((resolve) => {
    cp.child.removeAllListeners('exit');
    cp.child.on('exit', resolve);
    cp.child.kill('SIGTERM');
  });
  rmSync(home, { recursive: true, force: true });
}
process.stdout.write(failures === 0 ? '\nDone: the control plane stopped.\n' : `\n${failures} step(s) failed.\n`);
process.exit(failures === 0 ? 0 : 1);
