import { Flags } from '@oclif/core';
import { ApiCommand } from '../../api-command.js';
import { generateUserToken, parseStringSlice, offlineKeyFlags, parseValidFor } from '../../lib/tokens/generate.js';

export default class GenerateUserToken extends ApiCommand {
  static override summary = 'Generate User Token';
  static override description = [
    'Generate User Token that is used to prove User identity.',
    "The control plane signs it with its user token signing key (the GlobalSecret user-token-signing-key-<serial> with the highest serial; the serial is the token's kid); only an admin (group mesh-system:admin) may ask. With --signing-key-path and --kid it is signed here instead, without a control plane.",
    "Use it with 'kumactl config control-planes add --auth-type=tokens --auth-conf token=TOKEN'. The token is printed without a newline after it.",
  ].join('\n\n');

  static override examples = [
    { description: 'Generate token using a control plane', command: '<%= config.bin %> <%= command.id %> --name john.doe@example.com --group users --valid-for 24h' },
    { description: 'An admin token', command: '<%= config.bin %> <%= command.id %> --name ci --group mesh-system:admin --valid-for 720h' },
    {
      description: 'Generate token using offline signing key',
      command: '<%= config.bin %> <%= command.id %> --name john.doe@example.com --group users --valid-for 24h --signing-key-path /keys/key.pem --kid 1',
    },
  ];

  static override flags = {
    name: Flags.string({ summary: 'name of the user', required: true }),
    group: Flags.string({ summary: 'group of the user', multiple: true, multipleNonGreedy: true }),
    'valid-for': Flags.string({ summary: 'how long the token will be valid (for example "24h")', required: true }),
    'signing-key-path': Flags.string({ summary: "path to a file that contains private signing key. When specified, control plane won't be used to issue the token." }),
    kid: Flags.string({ summary: 'ID of the key that is used to issue a token. Required when --signing-key-path is used.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(GenerateUserToken);
    const validForNs = parseValidFor(flags['valid-for']);
    const groups = flags.group === undefined ? undefined : parseStringSlice(flags.group, 'group');
    const token = await generateUserToken(
      {
        name: flags.name,
        groups,
        validForNs,
        ...offlineKeyFlags(flags),
      },
      this.clientWhenNeeded(flags),
    );
    process.stdout.write(token);
  }
}
