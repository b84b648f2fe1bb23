import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { generateTlsCertificate } from '../../lib/tls/generate.js';

export default class GenerateTlsCertificate extends BaseCommand {
  static override summary = 'Generate a TLS certificate';
  static override description = [
    'Generate self signed key and certificate pair that can be used for example in Dataplane Token Server setup.',
    'The key is RSA 2048 (PEM "RSA PRIVATE KEY") or ECDSA P-256 (PEM "EC PRIVATE KEY"); the certificate is valid for 10 years (from 5 minutes ago), for the given DNS names and IP addresses, for server or client authentication. The key file is written with mode 0400, the certificate with 0600; "-" prints either to stdout instead. No control plane is needed.',
  ].join('\n\n');

  static override examples = [
    {
      description: 'Generate a TLS certificate for use by an HTTPS server, i.e. by the local control plane',
      command: '<%= config.bin %> <%= command.id %> --type=server --hostname=localhost --hostname=127.0.0.1',
    },
    {
      description: "Generate a TLS certificate for use by a client of an HTTPS server, i.e. by the 'kumactl generate dataplane-token' command",
      command: '<%= config.bin %> <%= command.id %> --type=client --hostname=dataplane-1',
    },
    { description: 'Print an ECDSA key and its certificate to stdout', command: '<%= config.bin %> <%= command.id %> --type=server --key-type=ecdsa --hostname=kuma.internal --key-file=- --cert-file=-' },
  ];

  static override flags = {
    'key-file': Flags.string({ summary: "path to a file with a generated private key ('-' for stdout)", default: 'key.pem' }),
    'cert-file': Flags.string({ summary: "path to a file with a generated TLS certificate ('-' for stdout)", default: 'cert.pem' }),
    type: Flags.string({ summary: 'type of the certificate: one of client|server', required: true }),
    'key-type': Flags.string({ summary: 'type of the private key: one of rsa|ecdsa', default: '' }),
    hostname: Flags.string({ summary: 'DNS hostname(s) to issue the certificate for', multiple: true, multipleNonGreedy: true, required: true }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(GenerateTlsCertificate);
    const out = await generateTlsCertificate({
      certType: flags.type,
      keyType: flags['key-type'],
      hostnames: flags.hostname,
      keyFile: flags['key-file'],
      certFile: flags['cert-file'],
    });
    process.stdout.write(out);
  }
}
