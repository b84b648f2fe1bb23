import { Flags } from '@oclif/core';
import { ApiCommand } from '../../api-command.js';
import { FULL_ZONE_SCOPE, generateZoneToken, parseStringSlice, offlineKeyFlags, parseValidFor } from '../../lib/tokens/generate.js';

export default class GenerateZoneToken extends ApiCommand {
  static override summary = 'Generate Zone Token';
  static override description = [
    'Generate Zone Token that is used to prove identity of zone components (Zone Ingress, Zone Egress).',
    "The control plane signs it with its zone token signing key (the GlobalSecret zone-token-signing-key-<serial> with the highest serial; the serial is the token's kid). With --signing-key-path and --kid it is signed here instead, without a control plane.",
    'The token is printed without a newline after it.',
  ].join('\n\n');

  static override examples = [
    { description: 'Generate token using a control plane', command: '<%= config.bin %> <%= command.id %> --zone zone-1 --valid-for 24h' },
    { description: 'Only for a Zone Egress', command: '<%= config.bin %> <%= command.id %> --zone zone-1 --valid-for 24h --scope egress' },
    { description: 'For a Zone Ingress and a Zone Egress', command: '<%= config.bin %> <%= command.id %> --zone zone-1 --valid-for 24h --scope ingress --scope egress' },
    { description: 'Generate token using offline signing key', command: '<%= config.bin %> <%= command.id %> --zone zone-1 --valid-for 24h --signing-key-path /keys/key.pem --kid 1' },
  ];

  static override flags = {
    zone: Flags.string({ summary: 'name of the zone where resides', required: true }),
    scope: Flags.string({
      summary: `scope of resources which the token will be able to identify (can be: [${FULL_ZONE_SCOPE.join(' ')}]) (default [${FULL_ZONE_SCOPE.join(',')}])`,
      multiple: true,
      multipleNonGreedy: true,
    }),
    'valid-for': Flags.string({ summary: 'how long the token will be valid (for example "24h")', required: true }),
    'signing-key-path': Flags.string({ summary: "path to a file that contains private signing key. When specified, control plane won't be used to issue the token." }),
    kid: Flags.string({ summary: 'ID of the key that is used to issue a token. Required when --signing-key-path is used.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(GenerateZoneToken);
    const validForNs = parseValidFor(flags['valid-for']);
    const scope = flags.scope === undefined ? [...FULL_ZONE_SCOPE] : parseStringSlice(flags.scope, 'scope');
    const token = await generateZoneToken(
      {
        zone: flags.zone,
        scope,
        validForNs,
        ...offlineKeyFlags(flags),
      },
      this.clientWhenNeeded(flags),
    );
    process.stdout.write(token);
  }
}
