import { RESOURCE_TYPES, parseCliName } from './resources/registry.js';

/*
 * Shell completion: the scripts `kumactl completion SHELL` prints call `kumactl __complete WORDS...`,
 * which answers one candidate a line for the last (partial) word.
 */

export type Shell = 'bash' | 'zsh' | 'fish';

export function completionScript(shell: Shell): string {
  switch (shell) {
    case 'bash':
      return `# kumactl completion for bash: source <(kumactl completion bash)
_kumactl() {
  local IFS=$'\\n'
  COMPREPLY=( $(kumactl __complete -- "\${COMP_WORDS[@]:1:$COMP_CWORD}" 2>/dev/null) )
}
complete -o default -F _kumactl kumactl
`;
    case 'zsh':
      return `#compdef kumactl
# kumactl completion for zsh: kumactl completion zsh > "\${fpath[1]}/_kumactl"
_kumactl() {
  local -a candidates
  candidates=(\${(f)"$(kumactl __complete -- \${words[2,CURRENT]} 2>/dev/null)"})
  compadd -a candidates
}
compdef _kumactl kumactl
`;
    case 'fish':
      return `# kumactl completion for fish: kumactl completion fish > ~/.config/fish/completions/kumactl.fish
complete -c kumactl -f -a '(kumactl __complete -- (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)'
`;
  }
}

/** Flags that take the next word as their value (it is not a positional argument). */
const VALUE_FLAGS = new Set(['-m', '--mesh', '-o', '--output', '--size', '--offset', '--config-file', '--context', '--api-timeout', '--cp-address', '-f', '--file', '--validate', '-v', '--var', '--concurrency']);

const OUTPUTS: Record<string, string[]> = { '-o': ['table', 'yaml', 'json', 'text'], '--output': ['table', 'yaml', 'json', 'text'] };

/** Names only the control plane knows: meshes, or the resources of a type in a mesh. */
export type RemoteQuery = { what: 'meshes' } | { what: 'names'; typeName: string; mesh?: string };

/**
 * What to ask the control plane for to complete the last word, if anything: mesh names after
 * `-m`/`--mesh`, resource names after `get TYPE` / `delete TYPE`.
 */
export function remoteQuery(words: readonly string[]): RemoteQuery | undefined {
  const before = words.slice(0, -1);
  const previous = before[before.length - 1];
  if (previous === '-m' || previous === '--mesh') return { what: 'meshes' };
  const positional = before.filter((w, i) => !w.startsWith('-') && !(VALUE_FLAGS.has(before[i - 1] ?? '') && !(before[i - 1] ?? '').includes('=')));
  if (positional[0] === 'inspect' && positional[1] === 'mesh' && positional.length === 2) return { what: 'meshes' };
  if ((positional[0] !== 'get' && positional[0] !== 'delete' && positional[0] !== 'inspect') || positional.length !== 2) return undefined;
  const parsed = parseCliName(positional[1]!);
  if (!parsed || parsed.plural) return undefined;
  // inspect NAME: a policy, a data plane proxy, a MeshGateway, a zone ingress or egress
  if (positional[0] === 'inspect' && !parsed.type.policy && !['Dataplane', 'MeshGateway', 'ZoneIngress', 'ZoneEgress'].includes(parsed.type.name)) return undefined;
  const meshAt = before.findIndex((w) => w === '-m' || w === '--mesh');
  const inline = before.find((w) => w.startsWith('--mesh='));
  const mesh = meshAt >= 0 ? before[meshAt + 1] : inline?.slice('--mesh='.length);
  return { what: 'names', typeName: parsed.type.name, ...(mesh ? { mesh } : {}) };
}

/**
 * Candidates for the last word of `words` (the words after `kumactl`, the last one partial).
 * `commandIds` are oclif's ids (`config:control-planes:add`).
 */
export function complete(words: readonly string[], commandIds: readonly string[]): string[] {
  const partial = words[words.length - 1] ?? '';
  const before = words.slice(0, -1);
  const previous = before[before.length - 1];
  const match = (list: Iterable<string>) => [...new Set(list)].filter((c) => c.startsWith(partial)).sort();
  if (previous && OUTPUTS[previous]) return match(OUTPUTS[previous]!);
  if (previous === '--validate') return match(['strict', 'warn', 'ignore']);
  const positional = before.filter((w, i) => !w.startsWith('-') && !(VALUE_FLAGS.has(before[i - 1] ?? '') && !(before[i - 1] ?? '').includes('=')));
  const ids = commandIds.filter((id) => !id.startsWith('__')).map((id) => id.split(':'));
  // the command so far: the longest prefix of positional words that is (part of) a command id
  let depth = 0;
  while (depth < positional.length && ids.some((id) => id.length > depth && id.slice(0, depth + 1).join(' ') === positional.slice(0, depth + 1).join(' '))) depth++;
  const command = positional.slice(0, depth).join(' ');
  const args = positional.slice(depth);
  if (partial.startsWith('-')) return [];
  if (command === 'get' && args.length === 0) return match(RESOURCE_TYPES.filter((t) => t.cli).flatMap((t) => [t.plural, t.singular, ...t.aliases, ...t.pluralAliases]));
  if (command === 'delete' && args.length === 0) return match(RESOURCE_TYPES.filter((t) => t.cli).flatMap((t) => [t.singular, ...t.aliases]));
  if (command === 'inspect' && args.length === 0) {
    const subcommands = ids.filter((id) => id[0] === 'inspect' && id.length === 2).map((id) => id[1]!);
    return match([...subcommands, 'mesh', ...RESOURCE_TYPES.filter((t) => t.cli && t.policy).map((t) => t.singular)]);
  }
  if (args.length > 0) return [];
  return match(ids.filter((id) => id.slice(0, depth).join(' ') === command && id.length > depth).map((id) => id[depth]!));
}
