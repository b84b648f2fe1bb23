// Build: compile TypeScript to dist/, write the oclif manifest (so start-up does not scan commands), and
// bundle the fast path of `get` into dist/fast-get.mjs (one file instead of about eighty to load).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const run = (file, args) => execFileSync(process.execPath, [file, ...args], { stdio: 'inherit' });

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
run(require.resolve('typescript/bin/tsc'), ['-p', 'tsconfig.json']);
run(require.resolve('oclif/bin/run.js'), ['manifest']);
await build({
  entryPoints: [new URL('../dist/lib/get/fast.js', import.meta.url).pathname],
  outfile: new URL('../dist/fast-get.mjs', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // yaml loads only for `-o yaml` or a config file, from node_modules
  external: ['yaml'],
  // undici is CommonJS and requires Node's built-in modules: give the bundle a `require`
  banner: { js: "import { createRequire as kumactlCreateRequire } from 'node:module'; const require = kumactlCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
