// The reliability suite's hostile inputs (test/reliability/hostile-cases.ts), written to files for the
// bench: the one list of cases, compiled on the fly with esbuild (a dev dependency) rather than copied.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const CASES = fileURLToPath(new URL('../../test/reliability/hostile-cases.ts', import.meta.url));

/** Every case of `family`, each written to a directory of its own: [{ name, file }]. */
export async function hostileInputs(work, family) {
  // the cases read schemas relative to their own file: keep that file's URL in the bundle
  const define = { 'import.meta.url': JSON.stringify(pathToFileURL(CASES).href) };
  const out = await build({ entryPoints: [CASES], bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'silent', define });
  const { hostileCases } = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
  return hostileCases()
    .filter((c) => c.family === family)
    .map((c, i) => {
      const dir = join(work, `hostile-${family}-${i}`);
      mkdirSync(dir);
      const file = join(dir, c.file ?? 'input.yaml');
      writeFileSync(file, c.content);
      return { name: c.name, file };
    });
}
