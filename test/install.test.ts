import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { ROOT } from './helpers/cli.js';

/*
 * A fresh `npm install` must print no peer-dependency conflict (ERESOLVE): every installed version
 * satisfies what its dependents ask for (vitest's vite wants esbuild 0.27 or newer, and so on).
 * `npm ls --all` checks the installed tree against every declared range and names what is invalid.
 */
describe('the installed dependencies', () => {
  it('satisfy every declared range, so an install prints no conflict', () => {
    const r = spawnSync('npm', ['ls', '--all'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const problems = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /\b(invalid|ERESOLVE|missing|extraneous)\b/.test(l));
    expect(problems).toEqual([]);
    expect(r.status).toBe(0);
  });
});
