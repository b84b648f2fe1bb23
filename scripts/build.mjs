// Build: compile TypeScript to dist/ and write the oclif manifest (so start-up does not scan commands).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const run = (file, args) => execFileSync(process.execPath, [file, ...args], { stdio: 'inherit' });

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
run(require.resolve('typescript/bin/tsc'), ['-p', 'tsconfig.json']);
run(require.resolve('oclif/bin/run.js'), ['manifest']);
