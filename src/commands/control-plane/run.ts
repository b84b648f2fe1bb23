import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';

export default class ControlPlaneRun extends BaseCommand {
  static override summary = 'Run a local control plane that speaks the Kuma 2.14 HTTP API';
  static override description = `A standalone kuma-cp stand-in for laptops, CI and tests: one process, memory or SQLite storage.
It creates the default mesh, the default policies of every new mesh, builtin CAs, and enforces
Kuma's mesh rules. Production runs kuma-cp; the same kumactl commands drive both.`;

  static override examples = [
    '<%= config.bin %> control-plane run',
    '<%= config.bin %> control-plane run --port 0 --store sqlite:./kuma.db',
    '<%= config.bin %> control-plane run --seed production-export.yaml',
    'KUMACTL_CP_ADMIN_TOKEN="$TOKEN" <%= config.bin %> control-plane run --address 0.0.0.0',
  ];

  static override flags = {
    address: Flags.string({ summary: 'Address to listen on', default: '127.0.0.1' }),
    port: Flags.integer({ summary: 'Port to listen on (0 picks a free one)', default: 5681, min: 0, max: 65535 }),
    store: Flags.string({ summary: 'memory, or sqlite:PATH', default: 'memory' }),
    'skip-default-mesh': Flags.boolean({ summary: 'Do not create the default mesh (KUMA_DEFAULTS_SKIP_MESH_CREATION=true)', default: false }),
    'read-only': Flags.boolean({ summary: 'Refuse every change (KUMA_API_SERVER_READ_ONLY=true)', default: false }),
    'admin-token': Flags.string({
      summary: 'Require Authorization: Bearer TOKEN on every request (needed off loopback)',
      description: 'Prefer the environment variable: a command-line argument is visible to every user of the machine (ps).',
      env: 'KUMACTL_CP_ADMIN_TOKEN',
    }),
    'tls-cert-file': Flags.string({ summary: 'Serve HTTPS with this certificate (PEM)' }),
    'tls-key-file': Flags.string({ summary: 'Serve HTTPS with this key (PEM)' }),
    seed: Flags.string({
      summary: 'Load these resources (YAML files or directories, Universal or Kubernetes form) into the store before listening; repeatable',
      description: 'Written exactly as given: no default mesh, no default policies, no computed labels, no validation beyond a known type with a name and a mesh. kumactl export output is a valid seed.',
      multiple: true,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ControlPlaneRun);
    const { startControlPlane, readSeed } = await import('../../lib/control-plane/index.js');
    const seed = flags.seed !== undefined ? await readSeed(flags.seed) : undefined;
    const env = (name: string) => /^(true|1|yes)$/i.test(process.env[name] ?? '');
    const cp = await startControlPlane({
      address: flags.address,
      port: flags.port,
      store: flags.store,
      skipDefaultMesh: flags['skip-default-mesh'] || env('KUMA_DEFAULTS_SKIP_MESH_CREATION'),
      readOnly: flags['read-only'] || env('KUMA_API_SERVER_READ_ONLY'),
      ...(seed !== undefined ? { seed } : {}),
      ...(flags['admin-token'] !== undefined ? { adminToken: flags['admin-token'] } : {}),
      ...(flags['tls-cert-file'] !== undefined ? { tlsCertFile: flags['tls-cert-file'] } : {}),
      ...(flags['tls-key-file'] !== undefined ? { tlsKeyFile: flags['tls-key-file'] } : {}),
    });
    process.stdout.write(`control plane listening on ${cp.url}\n`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void cp.close().then(resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  }
}
