import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { generatePublicKey } from '../../lib/tokens/generate.js';

export default class GeneratePublicKey extends BaseCommand {
  static override summary = 'Generate public key out of signing key';
  static override description = [
    'Generate a public key for validating tokens.',
    'Reads a PEM-encoded RSA private key ("RSA PRIVATE KEY", as generate signing-key --format=pem writes it) and prints its public key, PEM-encoded ("RSA PUBLIC KEY"). No control plane is needed.',
  ].join('\n\n');

  static override examples = [
    {
      description: 'Extract a public key out of signing key used to issue tokens',
      command: '<%= config.bin %> generate signing-key --format=pem > /tmp/key.pem\n<%= config.bin %> <%= command.id %> --signing-key-path=/tmp/key.pem',
    },
  ];

  static override flags = {
    'signing-key-path': Flags.string({ summary: 'path to a file with PEM-encoded private signing key', required: true }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(GeneratePublicKey);
    process.stdout.write(generatePublicKey(flags['signing-key-path']));
  }
}
