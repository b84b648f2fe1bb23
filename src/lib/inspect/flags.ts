import { Flags } from '@oclif/core';
import { parseMapFlag } from '../config/global.js';

/** The flags every `inspect` command shares with kumactl's. */
export const outputFlag = Flags.string({ char: 'o', summary: 'output format', options: ['table', 'yaml', 'json'], default: 'table' });
export const meshFlag = Flags.string({ char: 'm', summary: 'mesh to use (default: the context\'s default mesh, then "default")' });

/** kumactl's `--tag k=v` (repeatable; pflag's StringToString rules, as `--var` reads them). */
export function parseTags(values: string[] | undefined): Record<string, string> {
  return parseMapFlag(values ?? [], '--tag');
}
