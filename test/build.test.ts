import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { kumactl, ROOT } from './helpers/cli.js';

/*
 * `npm test` builds before it tests, and so may a second `npm test` or a developer's `npm run build`
 * while CLIs run from `dist/`: the build happens elsewhere and `dist` switches to it in one step, so a
 * CLI started at any moment runs a whole build, old or new.
 */
describe('the build', () => {
  it('never leaves dist/ half-built for a CLI started while it runs', { timeout: 300_000 }, async () => {
    const build = spawn(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let buildErr = '';
    build.stderr.setEncoding('utf8').on('data', (d: string) => (buildErr += d));
    const built = new Promise<number>((resolve) => build.on('close', (code) => resolve(code ?? -1)));
    let done = false;
    void built.then(() => (done = true));
    const failures: string[] = [];
    let runs = 0;
    while (!done) {
      const r = await kumactl(['validate', '-f', 'examples/multi-tenant/']);
      runs++;
      if (r.code !== 0) failures.push(`exit ${r.code}: ${r.stderr.split('\n').slice(0, 3).join(' | ')}`);
    }
    expect([await built, buildErr.includes('Error')]).toEqual([0, false]);
    expect(runs).toBeGreaterThan(3);
    expect(failures).toEqual([]);
  });
});
