/**
 * Flags as plain data, without the command framework: one table per command (and one for the global
 * flags) from which src/lib/config/flags.ts derives the oclif flags, src/lib/get/fast.ts parses `get`
 * without oclif, and bin/run.js moves global flags written before the command after it.
 */

export interface FlagSpec {
  type: 'string' | 'boolean' | 'integer';
  summary: string;
  /** Short form, `-m`. */
  char?: string;
  default?: string | boolean;
  /** Environment variable read when the flag is absent. */
  env?: string;
  options?: readonly string[];
  min?: number;
  max?: number;
  helpGroup?: string;
}

export type FlagTable = Readonly<Record<string, FlagSpec>>;

const helpGroup = 'GLOBAL';

/** kumactl's global (persistent) flags. */
export const GLOBAL_FLAGS = {
  'config-file': {
    type: 'string',
    summary: 'path to the configuration file to use (default: $KUMACTL_CONFIG, then ~/.kumactl/config)',
    helpGroup,
  },
  'no-config': { type: 'boolean', summary: 'if set no config file and config directory will be created', default: false, helpGroup },
  context: { type: 'string', summary: 'context to use (as in kumactl: the name of a control plane of the config file)', helpGroup },
  'api-timeout': {
    type: 'string',
    summary: 'the timeout for api calls. It includes connection time, any redirects, and reading the response body. A timeout of zero means no timeout',
    default: '1m',
    helpGroup,
  },
  'cp-address': { type: 'string', summary: 'URL of the control plane API, instead of the config file (for pipelines)', env: 'KUMACTL_CP_ADDRESS', helpGroup },
  'log-level': { type: 'string', summary: 'log level: one of off|info|debug', default: 'off', helpGroup },
} as const satisfies FlagTable;

export type FlagValues = Record<string, string | number | boolean>;

/**
 * argv read against `table` the way oclif would read its plain forms: `--name value`, `--name=value`,
 * `-c value`, `-cvalue`, `-c=value`, booleans without a value, each flag at most once, values checked (options, integer
 * range), absent flags taken from their environment variable. Booleans absent are false; other
 * defaults are left to the caller. Undefined for anything else (help, unknown, repeated or combined
 * flags, a missing or bad value, `--`), which oclif should then judge and report.
 */
export function parseFlagArgv(argv: readonly string[], table: FlagTable, env: NodeJS.ProcessEnv = process.env): { values: FlagValues; positional: string[] } | undefined {
  const values: FlagValues = {};
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
      // `-o json`, and as oclif reads them, `-ojson` and `-o=json` (a value that looks like a flag is left to oclif)
      name = Object.keys(table).find((n) => table[n]!.char !== undefined && table[n]!.char === arg[1]);
      if (arg.length > 2) {
        inline = arg.slice(arg[2] === '=' ? 3 : 2);
        if (inline === '' || inline.startsWith('-')) return undefined;
      }
    }
    const spec = name !== undefined && Object.hasOwn(table, name) ? table[name] : undefined;
    if (!name || !spec || name in values) return undefined;
    if (spec.type === 'boolean') {
      if (inline !== undefined) return undefined;
      values[name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('-'))) return undefined;
    if (spec.options && !spec.options.includes(value)) return undefined;
    if (spec.type === 'integer') {
      if (!/^\d+$/.test(value)) return undefined;
      const n = Number(value);
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) return undefined;
      values[name] = n;
    } else {
      values[name] = value;
    }
  }
  for (const [name, spec] of Object.entries(table)) {
    if (name in values) continue;
    if (spec.type === 'boolean') values[name] = false;
    else if (spec.env && env[spec.env]) values[name] = env[spec.env]!;
  }
  return { values, positional };
}

const LEFT_ALONE = new Set(['--help', '-h', '--version']);

/**
 * Move global flags written before the command id to after it: oclif reads flags only after the id.
 * `kumactl --config-file f get meshes` → `get meshes --config-file f`. Scanning stops at the first
 * word that is not a flag, at `--`, and at any flag that is not global (its value is unknown);
 * `--help`, `-h` and `--version` stay where they are. Moved flags go before a later `--`, if any.
 */
export function hoistGlobalFlags(argv: string[], table: FlagTable = GLOBAL_FLAGS): string[] {
  const kept: string[] = [];
  const moved: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.startsWith('--') && arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    const spec = name.startsWith('--') && Object.hasOwn(table, name.slice(2)) ? table[name.slice(2)] : undefined;
    if (LEFT_ALONE.has(arg)) {
      kept.push(arg);
    } else if (spec?.type === 'boolean') {
      moved.push(arg);
    } else if (spec) {
      moved.push(arg);
      if (name === arg && i + 1 < argv.length) moved.push(argv[++i]!);
    } else {
      break;
    }
  }
  if (moved.length === 0) return [...argv];
  const rest = argv.slice(i);
  if (rest.length === 0) return [...kept, ...moved];
  const dashDash = rest.indexOf('--');
  if (dashDash === -1) return [...kept, ...rest, ...moved];
  return [...kept, ...rest.slice(0, dashDash), ...moved, ...rest.slice(dashDash)];
}
