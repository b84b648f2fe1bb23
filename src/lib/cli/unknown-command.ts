import { UsageError } from '../errors.js';
import { cobraSuggestions } from '../text.js';

/**
 * kumactl's answer to a command line whose words name no command (cobra's text):
 *
 *   Error: unknown command "gte" for "kumactl"
 *
 *   Did you mean this?
 *   	get
 *
 *   Run 'kumactl --help' for usage.
 *
 * `words` are the words oclif took for the command (`gte meshes` → gte, meshes); `known` every
 * visible command and topic, as words (`['config', 'control-planes', 'list']`). The first word that
 * leads nowhere is the unknown one; the suggestions are the commands next to it.
 */
export function unknownCommand(words: readonly string[], known: ReadonlyArray<readonly string[]>): UsageError {
  const isKnown = (prefix: readonly string[]) => known.some((k) => k.length >= prefix.length && prefix.every((w, i) => k[i] === w));
  let depth = 0;
  while (depth < words.length && isKnown(words.slice(0, depth + 1))) depth++;
  const parent = words.slice(0, depth);
  const word = words[depth] ?? '';
  const siblings = [...new Set(known.filter((k) => k.length > depth && parent.every((w, i) => k[i] === w)).map((k) => k[depth]!))].sort();
  const isLeaf = known.some((k) => k.length === depth && parent.every((w, i) => k[i] === w)) && siblings.length === 0;
  const suggestions = isLeaf ? [] : cobraSuggestions(word, siblings);
  const path = ['kumactl', ...parent].join(' ');
  const block = suggestions.length > 0 ? `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}` : '';
  return new UsageError(`unknown command ${JSON.stringify(word)} for ${JSON.stringify(path)}${block}`, `Run '${path} --help' for usage.`);
}

/** The visible commands and topics of the CLI, as words: what `unknownCommand` suggests from. */
export function commandWords(config: { commands: ReadonlyArray<{ id: string; hidden?: boolean }>; topics: ReadonlyArray<{ name: string; hidden?: boolean }> }): string[][] {
  return [['help'], ...config.commands.filter((c) => !c.hidden).map((c) => c.id.split(':')), ...config.topics.filter((t) => !t.hidden).map((t) => t.name.split(':'))];
}
