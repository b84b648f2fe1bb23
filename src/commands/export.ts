import { Flags } from '@oclif/core';
import { ApiCommand } from '../api-command.js';
import { PROFILES } from '../lib/export/profiles.js';
import { exportRequest, runExport } from '../lib/export/request.js';
import { currentMesh } from '../lib/meshes/missing.js';

export default class Export extends ApiCommand {
  static override summary = 'Export Kuma resources';
  static override description = [
    "Two modes. With any of kumactl's flags (--profile, --format, --include-admin, --system-namespace) it is kumactl 2.14's export: every mesh and the global resources a profile takes, in kumactl's order and output, for a move to another control plane or to Kubernetes. Without them it is a tenant's export: the chosen meshes with everything in them, as documents 'kumactl apply' takes back unchanged.",
    'Profiles (--profile): federation (default; the resources a zone brings to a global control plane: no targetRef policies, no data plane proxies, no MeshGateways), federation-with-policies (also the targetRef policies), all (everything), no-dataplanes (everything but data plane proxies). Secrets and GlobalSecrets come with the federation profiles, and with the others only with --include-admin (or --include-secrets). Insights and other read-only types are never exported. As kumactl does, each Mesh gets skipCreatingInitialPolicies: ["*"] (the export holds its policies), the federation profiles drop the kuma.io/origin label, and the output starts with a "# Product: ..." comment.',
    'Formats (--format/-f): universal (default; each resource as "get -o yaml" prints it, after ---) or kubernetes (one object per resource: apiVersion kuma.io/v1alpha1, kind, metadata with name, namespace (--system-namespace, default kuma-system) for namespaced kinds and the kuma.io/mesh label, spec; secrets as v1 Secrets of type system.kuma.io/secret). Both can be applied with kubectl (kubernetes) or kumactl apply and checked with kumactl validate.',
    'Ours, with either mode: --mesh narrows the export to those meshes (and then no cluster-wide resource but their Mesh). The keys and certificates a control plane generates (the data plane token signing key dataplane-token-signing-key-<mesh>-1, the builtin CA <mesh>.ca-builtin-cert-<backend> and <mesh>.ca-builtin-key-<backend>, user and zone token signing keys) are left out unless --include-generated-keys asks for them: the new control plane makes its own. With it, as kumactl does, each builtin CA backend becomes a provided one reading the exported CA secrets, so the mesh keeps its CA.',
    'Tenant mode: each mesh comes first, then its resources, without creationTime, modificationTime, kri, status, snis and the computed labels (kuma.io/origin, kuma.io/zone, kuma.io/env, kuma.io/mesh, kuma.io/proxy-type, kuma.io/display-name). Secrets only with --include-secrets (never the generated ones). Without --mesh: the context\'s default mesh, then "default". A mesh that does not exist: exit 4, nothing printed.',
    'Round trip: exporting, applying the export to an empty control plane and exporting again gives the same documents (timestamps and the first comment aside), in every mode, profile and format; the tests prove it.',
  ].join('\n\n');

  static override examples = [
    '<%= config.bin %> export --profile all --format kubernetes > backup.yaml',
    '<%= config.bin %> export --profile federation --format universal > policies.yaml',
    '<%= config.bin %> export --profile all --mesh team-a --include-admin > team-a-all.yaml',
    '<%= config.bin %> export --mesh team-a > team-a.yaml',
    '<%= config.bin %> export --mesh team-a --include-secrets | kumactl apply --cp-address http://other-cp:5681 -f -',
    '<%= config.bin %> export --all-meshes --include-secrets -o json',
  ];

  static override flags = {
    profile: Flags.string({ char: 'p', summary: `Profile. Available values: ${PROFILES.join(',')} (default federation)` }),
    format: Flags.string({ char: 'f', summary: 'Policy format output. Available values: "universal", "kubernetes" (default universal)' }),
    'include-admin': Flags.boolean({
      char: 'a',
      summary: 'Include admin resource types (like secrets), this flag is ignored on migration profiles like federation as these entities are required',
    }),
    'system-namespace': Flags.string({ char: 'n', summary: 'Define namespace in which control-plane was installed (default kuma-system)' }),
    mesh: Flags.string({ char: 'm', summary: 'Mesh to export; repeatable', multiple: true, exclusive: ['all-meshes'] }),
    'all-meshes': Flags.boolean({ char: 'A', summary: 'Export every mesh on the control plane', default: false }),
    'include-secrets': Flags.boolean({ summary: "Export the meshes' user Secrets too (never the generated signing key and CA); with --profile, the same as --include-admin", default: false }),
    'include-generated-keys': Flags.boolean({ summary: 'With --profile: also export the signing keys and builtin CAs the control plane generated', default: false }),
    output: Flags.string({ char: 'o', summary: 'Output format of the tenant mode (with --profile: YAML, see --format)', options: ['yaml', 'json'] }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Export);
    const request = exportRequest(flags);
    const { client, target } = this.connect(flags);
    await this.checkVersion(client);
    const { text, warnings } = await runExport(client, request, currentMesh(undefined, target));
    for (const w of warnings) process.stderr.write(`${w}\n`);
    process.stdout.write(text);
  }
}
