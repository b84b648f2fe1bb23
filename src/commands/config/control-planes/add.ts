import { Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import { loadConfigFromFlags, parseMapFlag, requireFlags } from '../../../lib/config/flags.js';
import { addControlPlane, saveConfig, type ApiServer } from '../../../lib/config/index.js';
import { ExitCode, UserError } from '../../../lib/errors.js';
import { apiServerFrom, checkControlPlane } from '../../../lib/client/address.js';

const fail = (message: string, hint?: string) => new UserError(message, ExitCode.UNEXPECTED, hint);

export default class ControlPlanesAdd extends BaseCommand {
  static override summary = 'Add a Control Plane';
  static override description = `Adds a control plane to the configuration file, with a context of the same name, and makes it active.
Unless --skip-check is given, GET <address>/ must answer as a Kuma control plane first.`;

  static override examples = [
    '<%= config.bin %> config control-planes add --name example --address https://kuma-control-plane:5681',
    '<%= config.bin %> config control-planes add --name local --address http://localhost:5681 --overwrite',
    '<%= config.bin %> config control-planes add --name prod --address https://cp.example.com:5682 --ca-cert-file ca.pem --auth-type tokens --auth-conf token=$TOKEN',
  ];

  static override flags = {
    name: Flags.string({ summary: 'reference name for the Control Plane (required)' }),
    address: Flags.string({ summary: 'URL of the Control Plane API Server (required). Example: http://localhost:5681 or https://localhost:5682)' }),
    overwrite: Flags.boolean({ summary: 'overwrite existing Control Plane with the same reference name', default: false }),
    'ca-cert-file': Flags.string({ summary: 'path to the certificate authority which will be used to verify the Control Plane certificate (kuma-cp)' }),
    'client-cert-file': Flags.string({ summary: 'path to the certificate of a client that is authorized to use the Admin operations of the Control Plane (kuma-cp)' }),
    'client-key-file': Flags.string({ summary: 'path to the certificate key of a client that is authorized to use the Admin operations of the Control Plane (kuma-cp)' }),
    'skip-verify': Flags.boolean({ summary: 'skip CA verification', default: false }),
    headers: Flags.string({ summary: 'add these headers while communicating to control plane, format key=value (repeatable, or comma-separated)', multiple: true, multipleNonGreedy: true }),
    'auth-type': Flags.string({ summary: 'authentication type to use: tokens' }),
    'auth-conf': Flags.string({ summary: 'authentication config, format key=value (for tokens: token=YOUR_TOKEN)', multiple: true, multipleNonGreedy: true }),
    'skip-check': Flags.boolean({ summary: 'skip checking if we can connect to the CP', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ControlPlanesAdd);
    const headers = parseMapFlag(flags.headers ?? [], '--headers');
    const authConf = parseMapFlag(flags['auth-conf'] ?? [], '--auth-conf');
    const { config, path, options } = loadConfigFromFlags(flags);
    requireFlags(flags, ['address', 'name'], "See 'kumactl config control-planes add --help'.");
    const name = flags.name!;
    const address = flags.address!;

    const authType = flags['auth-type'];
    const apiServer = apiServerFrom(address, flags, headers, authConf);

    if (!flags['skip-check']) await checkControlPlane(apiServer, options.apiTimeoutMs);

    if (authType) apiServer.authType = authType;
    if (Object.keys(authConf).length > 0) apiServer.authConf = authConf;

    saveConfig(path, addControlPlane(config, { name, coordinates: { apiServer } }, { overwrite: flags.overwrite }));
    process.stdout.write(`added Control Plane ${JSON.stringify(name)}\nswitched active Control Plane to ${JSON.stringify(name)}\n`);
  }
}
