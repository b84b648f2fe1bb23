/**
 * oclif flags derived from the plain tables of src/lib/config/flag-table.ts: kumactl's global
 * (persistent) flags for `static baseFlags`, and `oclifFlags` for a command's own table.
 */
import { Flags } from '@oclif/core';
import type { BooleanFlag, OptionFlag } from '@oclif/core/interfaces';
import { GLOBAL_FLAGS, type FlagSpec, type FlagTable } from './flag-table.js';

type Derived<S extends FlagSpec> = S['type'] extends 'boolean'
  ? BooleanFlag<boolean>
  : S['type'] extends 'integer'
    ? OptionFlag<number | undefined>
    : S extends { default: string }
      ? OptionFlag<string>
      : OptionFlag<string | undefined>;

function oclifFlag(spec: FlagSpec) {
  const common = {
    summary: spec.summary,
    ...(spec.char !== undefined ? { char: spec.char as 'a' } : {}),
    ...(spec.helpGroup !== undefined ? { helpGroup: spec.helpGroup } : {}),
    ...(spec.env !== undefined ? { env: spec.env } : {}),
  };
  switch (spec.type) {
    case 'boolean':
      return Flags.boolean({ ...common, default: spec.default === true });
    case 'integer':
      return Flags.integer({ ...common, ...(spec.min !== undefined ? { min: spec.min } : {}), ...(spec.max !== undefined ? { max: spec.max } : {}) });
    default:
      return Flags.string({
        ...common,
        ...(spec.options !== undefined ? { options: [...spec.options] } : {}),
        ...(typeof spec.default === 'string' ? { default: spec.default } : {}),
      });
  }
}

/** The oclif flags of a plain flag table. */
export function oclifFlags<T extends FlagTable>(table: T): { [K in keyof T]: Derived<T[K]> } {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table)) out[name] = oclifFlag(spec);
  return out as { [K in keyof T]: Derived<T[K]> };
}

export const globalFlags = oclifFlags(GLOBAL_FLAGS);

export * from './global.js';
