#!/usr/bin/env node
// How far our validation agrees with Kuma's own validator unit tests, per type.
//
//   node scripts/kuma-cases/report.mjs [--type T] [--verbose] [--mode warn|ignore|strict] [--write-gaps]
//
// Runs every fixture of test/fixtures/kuma-cases through validateResource (from src/, bundled on
// the fly with esbuild; no build needed) and prints: cases, verdict agreement, expected field paths
// reported, message text equal, cases with extra errors (fields Kuma does not name), exceptions
// (a real kuma-cp differs from its unit test: exceptions.json) and skipped entries.
// --verbose lists the disagreeing cases. --write-gaps rewrites known-gaps.json from this run.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const flag = (n) => args.includes(n);
const opt = (n) => (args.indexOf(n) >= 0 ? args[args.indexOf(n) + 1] : undefined);

// Bundled three directories below the root, as src/lib/validation is, so its paths to schemas/ hold.
const outDir = join(root, 'node_modules', '.cache', 'kuma-cases');
mkdirSync(outDir, { recursive: true });
const outFile = join(outDir, 'cases.mjs');
await build({
  entryPoints: [join(root, 'test', 'helpers', 'kuma-cases.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile: outFile,
  logLevel: 'error',
  define: { 'import.meta.url': 'import_meta_url' },
  banner: { js: `const import_meta_url = ${JSON.stringify(pathToFileURL(join(root, 'src', 'lib', 'validation', 'x.js')).href)};` },
});
process.env.KUMA_CASES_DIR = join(root, 'test', 'fixtures', 'kuma-cases');
const lib = await import(`${pathToFileURL(outFile).href}?t=${Date.now()}`);

const type = opt('--type');
const mode = opt('--mode') ?? 'warn';
const files = lib.loadCaseFiles(type);
if (files.length === 0) {
  console.error(`no fixtures for type ${type}`);
  process.exit(2);
}
const { rows, cases } = lib.runCases(files, mode);
console.log(lib.formatTable(rows));

if (flag('--verbose')) {
  for (const r of cases) {
    const { gaps, extra, got } = r.result;
    const extraOnInvalid = !r.expected.valid && extra.length > 0;
    if (!lib.hasGaps(gaps) && !extraOnInvalid) continue;
    console.log(`\n${r.file.type} :: ${r.c.name} (line ${r.c.line})${r.expected.exception ? ' [exception]' : ''}`);
    console.log(`  kuma: ${r.expected.valid ? 'valid' : 'invalid'}${r.expected.violations.map((v) => `\n    - ${v.field}: ${v.message}`).join('')}`);
    console.log(`  ours: ${got.length === 0 ? 'valid' : 'invalid'}${got.map((v) => `\n    - ${v.field}: ${v.message}`).join('')}`);
  }
}

if (flag('--write-gaps')) {
  if (type) {
    console.error('--write-gaps needs every type (no --type)');
    process.exit(2);
  }
  const gaps = {};
  for (const r of cases) {
    if (!lib.hasGaps(r.result.gaps)) continue;
    (gaps[r.file.type] ??= {})[r.c.name] = r.result.gaps;
  }
  lib.writeKnownGaps('gaps', gaps);
  console.log(`\nknown-gaps.json: ${Object.values(gaps).reduce((n, g) => n + Object.keys(g).length, 0)} cases`);
}
