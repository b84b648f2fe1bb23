import { Flags } from '@oclif/core';
import { ApiCommand } from '../api-command.js';
import { allMeshNames, exportMeshes, formatExport } from '../lib/export/index.js';

export default class Export extends ApiCommand {
  static override summary = 'Export meshes with everything in them, for kumactl apply';
  static override description = [
    "Prints every resource of the chosen meshes as Universal documents that 'kumactl apply' takes back unchanged: a tenant's backup, or its move to another control plane. Each mesh comes first, then its resources: policies (including the default ones the control plane created, which may have been edited), services, data plane proxies, ...",
    'Left out, because the control plane computes them: creationTime, modificationTime, kri, status, snis, and the labels kuma.io/origin, kuma.io/zone, kuma.io/env, kuma.io/mesh, kuma.io/proxy-type and kuma.io/display-name. Every other label is kept.',
    "Secrets only with --include-secrets (the output then holds secret data: keep it safe), and only the user's. The secrets the control plane generates for a mesh are never exported: its data plane token signing key (dataplane-token-signing-key-<mesh>-1) and its builtin CA (<mesh>.ca-builtin-cert-*, <mesh>.ca-builtin-key-*). The control plane creates them anew with the mesh, so after a move data plane tokens must be generated again.",
    'Without --mesh: the context\'s default mesh, then "default". A mesh that does not exist: exit 4, nothing printed.',
  ].join('\n\n');

  static override examples = [
    '<%= config.bin %> export --mesh team-a > team-a.yaml',
    '<%= config.bin %> export --mesh team-a --include-secrets | kumactl apply --cp-address http://other-cp:5681 -f -',
    '<%= config.bin %> export --all-meshes --include-secrets -o json',
  ];

  static override flags = {
    mesh: Flags.string({ char: 'm', summary: 'Mesh to export; repeatable', multiple: true, exclusive: ['all-meshes'] }),
    'all-meshes': Flags.boolean({ char: 'A', summary: 'Export every mesh on the control plane', default: false }),
    'include-secrets': Flags.boolean({ summary: 'Export the meshes\' user Secrets too (never the generated signing key and CA)', default: false }),
    output: Flags.string({ char: 'o', summary: 'Output format', options: ['yaml', 'json'], default: 'yaml' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Export);
    const { client, target } = this.connect(flags);
    await this.checkVersion(client);
    const meshes = flags['all-meshes'] ? await allMeshNames(client) : (flags.mesh ?? [target.defaultMesh ?? 'default']);
    const resources = await exportMeshes(client, meshes, { includeSecrets: flags['include-secrets'] });
    process.stdout.write(formatExport(resources, flags.output as 'yaml' | 'json'));
  }
}
