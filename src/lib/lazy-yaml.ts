import { createRequire } from 'node:module';

/**
 * The `yaml` package, loaded on first use: commands that never read or print YAML (a `get` in a
 * pipeline with --cp-address) do not pay for it at start-up.
 */
export function yamlModule(): typeof import('yaml') {
  return (loaded ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
}

let loaded: typeof import('yaml') | undefined;
