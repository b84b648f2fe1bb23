import { Flags } from '@oclif/core';
import { UsageError } from '../errors.js';

/** The flags every `inspect` command shares with kumactl's. */
export const outputFlag = Flags.string({ char: 'o', summary: 'output format', options: ['table', 'yaml', 'json'], default: 'table' });
export const meshFlag = Flags.string({ char: 'm', summary: 'mesh to use (default: the context\'s default mesh, then "default")' });

/** kumactl's `--tag k=v` (repeatable, and `k=v,k2=v2` in one flag, as pflag's StringToString reads it). */
export function parseTags(values: string[] | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const value of values ?? []) {
    for (const pair of value.split(',')) {
      const at = pair.indexOf('=');
      if (at <= 0) throw new UsageError(`invalid argument "${value}" for "--tag" flag: ${pair} must be formatted as key=value`);
      tags[pair.slice(0, at)] = pair.slice(at + 1);
    }
  }
  return tags;
}
