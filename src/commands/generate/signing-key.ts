import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { generateSigningKey, SIGNING_KEY_FORMATS } from '../../lib/tokens/generate.js';

export default class GenerateSigningKey extends BaseCommand {
  static override summary = 'Generate signing keys';
  static override description = [
    'Generate a private key for signing tokens.',
    'An RSA 2048 key, PEM-encoded (PKCS#1, "RSA PRIVATE KEY"), as the control plane makes them; by default base64 of the PEM, ready to be the data of a Secret or GlobalSecret. Printed without a newline after it. No control plane is needed.',
    'To rotate a signing key, add one with a higher serial: the control plane signs new tokens with the key of the highest serial (dataplane tokens: Secret dataplane-token-signing-key-<mesh>-<serial> in the mesh; zone tokens: GlobalSecret zone-token-signing-key-<serial>; user tokens: GlobalSecret user-token-signing-key-<serial>).',
  ].join('\n\n');

  static override examples = [
    {
      description: 'Generate a new signing key to rotate tokens (for example user-token) on Universal',
      command: `echo "
type: GlobalSecret
name: user-token-signing-key-0002
data: {{ key }}
" | <%= config.bin %> apply --var key=$(<%= config.bin %> <%= command.id %> --format=pem-base64) -f -`,
    },
    { description: 'A key file for offline signing (--signing-key-path)', command: '<%= config.bin %> <%= command.id %> --format=pem > key.pem' },
  ];

  static override flags = {
    format: Flags.string({
      summary: `format of signing key. Available values :${SIGNING_KEY_FORMATS.join(', ')}`,
      options: [...SIGNING_KEY_FORMATS],
      default: 'pem-base64',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(GenerateSigningKey);
    process.stdout.write(await generateSigningKey(flags.format));
  }
}
