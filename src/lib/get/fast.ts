/**
 * `kumactl get` without the command framework. Pipelines call `get` hundreds of times, and loading
 * oclif costs more than the rest of the command. The build bundles this file with what it imports
 * into dist/get.cjs, which bin/run.js loads with V8's code cache as it loads the whole CLI
 * (../cli/code-cache.ts); `runFastGet` handles the plain forms (the flags of ./flags.ts and the global
 * flags, each once; short flags also with their value attached, `-ojson`, `-o=json`) and
 * answers false for anything else (help, unknown or repeated flags, bad values, `--`), so oclif
 * takes over and reports it as for any other command.
 */
import { describeError } from '../errors.js';
import type { GlobalFlagInput } from '../config/global.js';
import { GLOBAL_FLAGS, hoistGlobalFlags, parseFlagArgv } from '../config/flag-table.js';
import { runGet, type GetRequest, type OutputFormat } from './index.js';
import { GET_FLAGS } from './flags.js';

/** The flags and arguments of `get ...` (argv after `get`), or undefined when oclif should parse them. */
export function parseGetArgv(argv: readonly string[]): { request: GetRequest; flags: GlobalFlagInput } | undefined {
  const parsed = parseFlagArgv(argv, { ...GET_FLAGS, ...GLOBAL_FLAGS });
  if (!parsed) return undefined;
  const { values, positional } = parsed;
  if (positional.length < 1 || positional.length > 2) return undefined;
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const request: GetRequest = {
    type: positional[0]!,
    ...(positional[1] !== undefined ? { name: positional[1] } : {}),
    ...(str('mesh') !== undefined ? { mesh: str('mesh')! } : {}),
    allMeshes: values['all-meshes'] === true,
    output: (str('output') ?? GET_FLAGS.output.default) as OutputFormat,
    ...(typeof values.size === 'number' ? { size: values.size } : {}),
    ...(str('offset') !== undefined ? { offset: str('offset')! } : {}),
  };
  const flags: GlobalFlagInput = { 'no-config': values['no-config'] === true };
  for (const name of Object.keys(GLOBAL_FLAGS) as Array<keyof typeof GLOBAL_FLAGS>) {
    const v = str(name);
    if (v !== undefined && GLOBAL_FLAGS[name].type === 'string') (flags as Record<string, string>)[name] = v;
  }
  return { request, flags };
}

/** Runs `get` when argv (the command line after `kumactl`) is one of its plain forms; false when oclif should run it instead. */
export async function runFastGet(argv: readonly string[]): Promise<boolean> {
  const args = hoistGlobalFlags([...argv]);
  const parsed = args[0] === 'get' ? parseGetArgv(args.slice(1)) : undefined;
  if (!parsed) return false;
  try {
    process.stdout.write(await runGet(parsed.request, parsed.flags));
  } catch (err) {
    const { text, exitCode } = describeError(err as Error);
    process.stderr.write(`${text}\n`);
    process.exitCode = exitCode;
  }
  return true;
}
