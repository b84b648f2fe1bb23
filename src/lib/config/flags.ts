/**
 * kumactl's global (persistent) flags, for `static baseFlags`, and the argv rewrite that lets them
 * come before the command as kumactl scripts write them (`kumactl --config-file f get meshes`).
 */
import { Flags } from '@oclif/core';

const helpGroup = 'GLOBAL';

export const globalFlags = {
  'config-file': Flags.string({
    summary: 'path to the configuration file to use (default: $KUMACTL_CONFIG, then ~/.kumactl/config)',
    helpGroup,
  }),
  'no-config': Flags.boolean({
    summary: 'if set no config file and config directory will be created',
    default: false,
    helpGroup,
  }),
  context: Flags.string({ summary: 'context to use (as in kumactl: the name of a control plane of the config file)', helpGroup }),
  'api-timeout': Flags.string({
    summary:
      'the timeout for api calls. It includes connection time, any redirects, and reading the response body. A timeout of zero means no timeout',
    default: '1m',
    helpGroup,
  }),
  'cp-address': Flags.string({
    summary: 'URL of the control plane API, instead of the config file (for pipelines)',
    env: 'KUMACTL_CP_ADDRESS',
    helpGroup,
  }),
  'log-level': Flags.string({ summary: 'log level: one of off|info|debug', default: 'off', helpGroup }),
};

export * from './global.js';
