import { RESOURCE_TYPES, parseCliName, type ResourceType } from '../resources/registry.js';
import { UsageError } from '../errors.js';
import { closest } from '../text.js';

/** The `inspect` sub-commands kumactl 2.14 has besides `inspect <policy> NAME`. */
export const INSPECT_COMMANDS = ['dataplanes', 'dataplane', 'meshes', 'meshgateway', 'services', 'zones', 'zoneingresses', 'zoneingress', 'zoneegresses', 'zoneegress'];

/** Types kumactl lets `inspect <type> NAME` show (the policies: which proxies each selects). */
export const INSPECTABLE: readonly ResourceType[] = RESOURCE_TYPES.filter((t) => t.policy !== undefined && t.cli);

export type InspectTarget = { kind: 'mesh'; name: string } | { kind: 'policy'; type: ResourceType; name: string };

/**
 * What `kumactl inspect WORD NAME` asks for when WORD is no sub-command: a policy type (`inspect
 * meshtimeout NAME`), or one mesh (`inspect mesh NAME`: kumactl has only `inspect meshes`). Anything
 * else is a usage error naming the closest sub-command or type.
 */
export function resolveInspectTarget(word: string, name: string | undefined): InspectTarget {
  const usage = (what: string) => `kumactl inspect ${what} NAME`;
  if (word === 'mesh') {
    if (name === undefined) throw new UsageError('inspect mesh needs the name of a mesh', `${usage('mesh')}, or 'kumactl inspect meshes' for every mesh`);
    return { kind: 'mesh', name };
  }
  const parsed = parseCliName(word);
  if (parsed && INSPECTABLE.includes(parsed.type)) {
    if (parsed.plural) {
      throw new UsageError(`unknown command "${word}" for "kumactl inspect"`, `'${usage(parsed.type.singular)}' shows the data plane proxies one ${parsed.type.name} selects; 'kumactl get ${word}' lists them`);
    }
    if (name === undefined) throw new UsageError(`inspect ${word} needs the name of a ${parsed.type.name}`, usage(word));
    return { kind: 'policy', type: parsed.type, name };
  }
  const candidates = [...INSPECT_COMMANDS, 'mesh', ...INSPECTABLE.map((t) => t.singular)];
  const near = closest(word, candidates);
  const hint = near
    ? `Did you mean this?\n\t${near}`
    : `'kumactl inspect --help' lists what can be inspected: ${INSPECT_COMMANDS.join(', ')}, and every policy type (${usage('meshtimeout')})`;
  throw new UsageError(`unknown command "${word}" for "kumactl inspect"`, hint);
}
