import { Flags } from '@oclif/core';
import { ApiCommand } from '../../api-command.js';
import { generateDataplaneToken, parseTags, parseValidFor } from '../../lib/tokens/generate.js';
import { currentMesh } from '../../lib/meshes/missing.js';

export default class GenerateDataplaneToken extends ApiCommand {
  static override summary = 'Generate Dataplane Token';
  static override description = [
    'Generate Dataplane Token that is used to prove Dataplane identity.',
    "The control plane signs it with the mesh's signing key (the Secret dataplane-token-signing-key-<mesh>-<serial> with the highest serial; the serial is the token's kid). With --signing-key-path and --kid it is signed here instead, without a control plane.",
    'The token is printed without a newline after it. A proxy whose token names a mesh, a name, tags, a type or a workload must match them to connect.',
  ].join('\n\n');

  static override examples = [
    { description: 'Generate token bound by name and mesh', command: '<%= config.bin %> <%= command.id %> --mesh demo --name demo-01 --valid-for 24h' },
    { description: 'Generate token bound by mesh', command: '<%= config.bin %> <%= command.id %> --mesh demo --valid-for 24h' },
    { description: 'Generate Ingress token', command: '<%= config.bin %> <%= command.id %> --proxy-type ingress --valid-for 24h' },
    { description: 'Generate token bound by tag', command: '<%= config.bin %> <%= command.id %> --mesh demo --tag kuma.io/service=web,web-api --valid-for 24h' },
    { description: 'Generate token bound by workload', command: '<%= config.bin %> <%= command.id %> --mesh demo --workload backend --valid-for 24h' },
    {
      description: 'Generate token offline, with a signing key file and its ID',
      command: '<%= config.bin %> <%= command.id %> --mesh demo --name demo-01 --valid-for 24h --signing-key-path key.pem --kid 1',
    },
  ];

  static override flags = {
    name: Flags.string({ summary: 'name of the Dataplane', default: '' }),
    mesh: Flags.string({ char: 'm', summary: 'mesh to use (default: the context\'s default mesh, then "default")' }),
    'proxy-type': Flags.string({ summary: 'type of the Dataplane ("dataplane", "ingress")', default: '' }),
    type: Flags.string({ summary: 'type of the Dataplane ("dataplane", "ingress")', hidden: true, deprecated: { message: 'Flag --type has been deprecated, please use --proxy-type instead' } }),
    tag: Flags.string({ summary: 'required tag values for dataplane (split values by comma to provide multiple values)', multiple: true, multipleNonGreedy: true }),
    workload: Flags.string({ summary: 'required workload label value for dataplane', default: '' }),
    'valid-for': Flags.string({ summary: 'how long the token will be valid (for example "24h")', required: true }),
    'signing-key-path': Flags.string({ summary: "path to a file that contains private signing key. When specified, control plane won't be used to issue the token." }),
    kid: Flags.string({ summary: 'ID of the key that is used to issue a token. Required when --signing-key-path is used.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(GenerateDataplaneToken);
    const validForNs = parseValidFor(flags['valid-for']);
    const tags = parseTags(flags.tag ?? []);
    const offline = Boolean(flags['signing-key-path']);
    const connected = offline ? undefined : this.connect(flags);
    const token = await generateDataplaneToken(
      {
        name: flags.name,
        mesh: currentMesh(flags.mesh, connected?.target),
        proxyType: flags['proxy-type'] || (flags.type ?? ''),
        tags,
        workload: flags.workload,
        validForNs,
        ...(flags['signing-key-path'] !== undefined ? { signingKeyPath: flags['signing-key-path'] } : {}),
        ...(flags.kid !== undefined ? { kid: flags.kid } : {}),
      },
      async () => {
        await this.checkVersion(connected!.client);
        return connected!.client;
      },
    );
    process.stdout.write(token);
  }
}
