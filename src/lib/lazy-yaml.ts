import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The build's one-file copy of the `yaml` package (scripts/build.mjs): it loads in a third of the time. */
const BUNDLED = new URL('../vendor/yaml.cjs', import.meta.url);

/**
 * The `yaml` package, loaded on first use: commands that never read or print YAML (a `get` in a
 * pipeline with --cp-address) do not pay for it at start-up. From the build's bundle when there is
 * one (dist/vendor/yaml.cjs), else from node_modules (tests run from src/).
 */
export function yamlModule(): typeof import('yaml') {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    loaded = require(existsSync(BUNDLED) ? BUNDLED.pathname : 'yaml') as typeof import('yaml');
  }
  return loaded;
}

let loaded: typeof import('yaml') | undefined;
