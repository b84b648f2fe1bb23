import { UsageError } from '../errors.js';
import { closest } from '../text.js';
import { RESOURCE_TYPES, suggestTypeNames, type ResourceType } from './registry.js';

/**
 * How a command takes a type: `get TYPES` lists (plurals), `get TYPE NAME` reads one (singulars),
 * `delete TYPE NAME` writes (kumactl's singulars and aliases only), `explain TYPE` takes any name.
 */
export type TypeUse = 'list' | 'one' | 'write' | 'explain';

const cliTypes = () => RESOURCE_TYPES.filter((t) => t.cli);
const singulars = (t: ResourceType) => [t.singular, ...t.aliases];
const plurals = (t: ResourceType) => [t.plural, ...t.pluralAliases];

/** The type names `delete` takes (kumactl's "Allowed values"). */
export function writableTypeNames(): string[] {
  return cliTypes().flatMap(singulars).sort();
}

/** The name nearest to an unknown type, in the form the command takes first, then in any form. */
export function nearestTypeName(input: string, use: TypeUse): string | undefined {
  if (use === 'write') return closest(input, writableTypeNames());
  if (use === 'explain') return closest(input.toLowerCase(), RESOURCE_TYPES.flatMap((t) => [t.singular, t.plural, ...t.aliases, ...t.pluralAliases]));
  const [preferred, others] = use === 'one' ? [singulars, plurals] : [plurals, singulars];
  return closest(input, cliTypes().flatMap(preferred)) ?? closest(input, cliTypes().flatMap(others)) ?? suggestTypeNames(input).map((n) => n.toLowerCase())[0];
}

/**
 * The one "unknown type" error, in each command's words: get's, kumactl's for delete (the allowed
 * values), explain's (the types it knows when nothing is near; `known` lists them).
 */
export function unknownTypeError(input: string, use: TypeUse, known: readonly string[] = []): UsageError {
  const near = nearestTypeName(input, use);
  if (use === 'write') return new UsageError(`unknown TYPE: ${input}. Allowed values: ${writableTypeNames().join(', ')}`, near ? `did you mean "${near}"?` : undefined);
  if (use === 'explain') return near ? new UsageError(`unknown type "${input}"; did you mean "${near}"?`) : new UsageError(`unknown type "${input}"`, `Types: ${known.join(', ')}`);
  return new UsageError(`unknown resource type "${input}"${near ? `; did you mean "${near}"?` : ''}`, "'kumactl get --help' lists the types");
}
