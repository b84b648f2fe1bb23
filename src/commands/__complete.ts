import { BaseCommand } from '../base-command.js';
import { complete, remoteQuery } from '../lib/completion.js';
import { typeByName } from '../lib/resources/registry.js';
import { currentMesh } from '../lib/meshes/missing.js';

/** How long completion may wait for the control plane: a slow one must never block the shell. */
const REMOTE_TIMEOUT_MS = 800;

/** Called by the completion scripts: candidates for the last word, one a line. */
export default class CompleteWords extends BaseCommand {
  static override hidden = true;
  static override strict = false;
  static override summary = 'Completion candidates (used by the completion scripts)';

  async run(): Promise<void> {
    const { argv } = await this.parse(CompleteWords);
    const words = (argv as string[]).length > 0 ? (argv as string[]) : [''];
    const partial = words[words.length - 1] ?? '';
    const query = remoteQuery(words);
    const out = query ? (await remoteNames(query)).filter((n) => n.startsWith(partial)) : complete(words, this.config.commands.map((c) => c.id));
    if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
  }
}

async function remoteNames(query: NonNullable<ReturnType<typeof remoteQuery>>): Promise<string[]> {
  const { connect } = await import('../lib/client/connect.js');
  let client: Awaited<ReturnType<typeof connect>>['client'] | undefined;
  try {
    const cpAddress = process.env.KUMACTL_CP_ADDRESS;
    const connected = connect(cpAddress ? { 'cp-address': cpAddress } : {}, { timeoutMs: REMOTE_TIMEOUT_MS, attempts: 1, warn: () => {} });
    client = connected.client;
    const type = typeByName(query.what === 'meshes' ? 'Mesh' : query.typeName)!;
    const page = await client.list(type, { mesh: query.what === 'names' ? currentMesh(query.mesh, connected.target) : 'default' }, { size: 1000 });
    return page.items.map((i) => String(i.name)).sort();
  } catch {
    return []; // completion never fails loudly
  } finally {
    await client?.close();
  }
}
