/**
 * `kumactl get` without the command framework. Pipelines call `get` hundreds of times, and loading
 * oclif costs more than the rest of the command. The build bundles this file with what it imports
 * into dist/lib/fast-get.cjs (one file loads faster than a hundred); bin/run.js calls `runFastGet`, which
 * handles the plain forms (the flags of src/commands/get.ts and the global flags, each once) and
 * answers false for anything else (help, unknown or repeated flags, bad values, `--`), so oclif
 * takes over and reports it as for any other command.
 */
import { describeError } from '../errors.js';
import { hoistGlobalFlags, type GlobalFlagInput } from '../config/global.js';
import { runGet, OUTPUT_FORMATS, type GetRequest, type OutputFormat } from './index.js';

type FlagKind = 'string' | 'boolean';
/** Long name → kind; the short forms below map onto them. */
const FLAGS: Record<string, FlagKind> = {
  mesh: 'string',
  'all-meshes': 'boolean',
  output: 'string',
  size: 'string',
  offset: 'string',
  'config-file': 'string',
  'no-config': 'boolean',
  context: 'string',
  'api-timeout': 'string',
  'cp-address': 'string',
  'log-level': 'string',
};
const SHORT: Record<string, string> = { '-m': 'mesh', '-A': 'all-meshes', '-o': 'output' };

/** The flags and arguments of `get ...` (argv after `get`), or undefined when oclif should parse them. */
export function parseGetArgv(argv: readonly string[]): { request: GetRequest; flags: GlobalFlagInput } | undefined {
  const values: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      if (eq !== -1) inline = arg.slice(eq + 1);
    } else {
      name = SHORT[arg];
    }
    const kind = name !== undefined ? FLAGS[name] : undefined;
    if (!name || !kind || name in values) return undefined;
    if (kind === 'boolean') {
      if (inline !== undefined) return undefined;
      values[name] = true;
    } else {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith('-'))) return undefined;
      values[name] = value;
    }
  }
  if (positional.length < 1 || positional.length > 2) return undefined;
  const output = (values.output ?? 'table') as string;
  if (!(OUTPUT_FORMATS as readonly string[]).includes(output)) return undefined;
  let size: number | undefined;
  if (values.size !== undefined) {
    if (!/^\d+$/.test(values.size as string)) return undefined;
    size = Number(values.size);
    if (size < 1 || size > 1000) return undefined;
  }
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const request: GetRequest = {
    type: positional[0]!,
    ...(positional[1] !== undefined ? { name: positional[1] } : {}),
    ...(str('mesh') !== undefined ? { mesh: str('mesh')! } : {}),
    allMeshes: values['all-meshes'] === true,
    output: output as OutputFormat,
    ...(size !== undefined ? { size } : {}),
    ...(str('offset') !== undefined ? { offset: str('offset')! } : {}),
  };
  const flags: GlobalFlagInput = { 'no-config': values['no-config'] === true };
  for (const name of ['config-file', 'context', 'api-timeout', 'cp-address', 'log-level'] as const) {
    const v = str(name);
    if (v !== undefined) flags[name] = v;
  }
  // oclif reads --cp-address from the environment when the flag is absent
  if (flags['cp-address'] === undefined && process.env.KUMACTL_CP_ADDRESS) flags['cp-address'] = process.env.KUMACTL_CP_ADDRESS;
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
