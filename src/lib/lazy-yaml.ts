import { createRequire } from 'node:module';

/**
 * The `yaml` package, loaded on first use: commands that never read or print YAML (a `get` in a
 * pipeline with --cp-address) do not pay for it at start-up. In the bundled CLI (dist/cli.cjs) it is
 * part of the bundle, compiled with the bundle's code cache (`require` is the bundle's); run from the
 * sources (tests), from node_modules.
 */
export function yamlModule(): typeof import('yaml') {
  if (!loaded) {
    loaded = (typeof require === 'function' ? require('yaml') : createRequire(import.meta.url)('yaml')) as typeof import('yaml');
  }
  return loaded;
}

let loaded: typeof import('yaml') | undefined;
