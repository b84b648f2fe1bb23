import { Flags } from '@oclif/core';
import { parseMapFlag } from '../config/flags.js';
import type { LoadOptions } from './load.js';
import type { Strictness } from '../validation/types.js';

/** The input flags `validate`, `apply` and `diff` share. */
export const inputFlags = {
  file: Flags.string({ char: 'f', summary: 'File, directory, - for stdin, or an http(s) URL; repeatable', required: true, multiple: true }),
  recursive: Flags.boolean({ char: 'R', summary: 'Read directories recursively', default: false }),
  mesh: Flags.string({ char: 'm', summary: 'Mesh for documents that do not name one' }),
  validate: Flags.string({
    summary: 'Unknown fields: strict (error), warn (warning) or ignore',
    options: ['strict', 'warn', 'ignore'],
    default: 'strict',
  }),
};

/** `--var` of `apply` and `diff`. */
export const varFlag = {
  var: Flags.string({ char: 'v', summary: 'Variable to replace in the documents ({{ key }}), as key=value; repeatable', multiple: true }),
};

/** Told about each sub-directory a non-recursive read leaves out. */
export function noteSkippedDirectory(dir: string): void {
  process.stderr.write(`Note: ${dir} not read: directories are read one level deep unless --recursive (-R) is given\n`);
}

/** The reading options the input flags ask for (`defaultMesh`: the config context's). */
export function loadOptionsFrom(flags: { recursive: boolean; validate: string; mesh?: string; var?: string[] }, defaultMesh?: string): LoadOptions {
  return {
    recursive: flags.recursive,
    onSkippedDirectory: noteSkippedDirectory,
    strictness: flags.validate as Strictness,
    vars: parseMapFlag(flags.var ?? [], '-v, --var'),
    ...(flags.mesh !== undefined ? { flagMesh: flags.mesh } : {}),
    ...(defaultMesh !== undefined ? { contextMesh: defaultMesh } : {}),
  };
}
