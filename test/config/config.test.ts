import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync, readFileSync, readdirSync, writeFileSync, statSync, existsSync, symlinkSync, lstatSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  configPath,
  loadConfig,
  saveConfig,
  serializeConfig,
  parseConfig,
  maskSecrets,
  resolveTarget,
  defaultConfig,
  yamlScalar,
  NO_ACTIVE_CP,
  BROKEN_CONFIG,
  type KumactlConfig,
} from '../../src/lib/config/index.js';
import { hoistGlobalFlags, parseApiTimeout, parseMapFlag, readGlobalFlags, requireFlags } from '../../src/lib/config/flags.js';
import { UserError, ExitCode } from '../../src/lib/errors.js';
import { DEFAULT_CONFIG_YAML } from '../helpers/config.js';

const DEFAULT_YAML = DEFAULT_CONFIG_YAML;

// A file as the real kumactl writes it after `config control-planes add` with every option
const REAL_KUMACTL_FILE = `contexts:
- controlPlane: local
  name: local
- controlPlane: prod
  defaults:
    mesh: team-a
  name: prod
controlPlanes:
- coordinates:
    apiServer:
      url: http://localhost:5681
  name: local
- coordinates:
    apiServer:
      authConf:
        token: eyJhbGciOiJSUzI1NiJ9.e30.c2ln
      authType: tokens
      caCertFile: /etc/kuma/ca.pem
      clientCertFile: /etc/kuma/client.pem
      clientKeyFile: /etc/kuma/client.key
      headers:
      - key: X-Team
        value: platform
      - key: x-api-token
        value: s3cr3t
      skipVerify: true
      url: https://kuma.example.com:5682
  name: prod
currentContext: prod
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kumactl-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const mode = (p: string) => statSync(p).mode & 0o777;

function expectUserError(fn: () => unknown, message: string, exitCode: number = ExitCode.UNEXPECTED): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe(message);
    expect((err as UserError).exitCode).toBe(exitCode);
    return;
  }
  throw new Error(`expected an error: ${message}`);
}

describe('configPath', () => {
  it('prefers --config-file, then KUMACTL_CONFIG, then $HOME/.kumactl/config', () => {
    expect(configPath({ configFile: '/a' }, { KUMACTL_CONFIG: '/b', HOME: '/h' })).toBe('/a');
    expect(configPath({}, { KUMACTL_CONFIG: '/b', HOME: '/h' })).toBe('/b');
    expect(configPath({}, { HOME: '/h' })).toBe('/h/.kumactl/config');
  });
});

describe('loadConfig', () => {
  it('writes the default config on first use: parent directories 0755, file 0600', () => {
    const path = join(dir, 'nested', 'deeper', 'config');
    const { config, path: used } = loadConfig({ configFile: path });
    expect(used).toBe(path);
    expect(config).toEqual(defaultConfig());
    expect(readFileSync(path, 'utf8')).toBe(DEFAULT_YAML);
    expect(mode(path)).toBe(0o600);
    expect(mode(join(dir, 'nested'))).toBe(0o755);
    expect(mode(join(dir, 'nested', 'deeper'))).toBe(0o755);
  });

  it('uses $HOME/.kumactl/config by default (never the real one here)', () => {
    const { path } = loadConfig({}, { HOME: dir });
    expect(path).toBe(join(dir, '.kumactl', 'config'));
    expect(readFileSync(path, 'utf8')).toBe(DEFAULT_YAML);
  });

  it('--no-config: the default in memory, nothing read or written', () => {
    const path = join(dir, 'config');
    const { config } = loadConfig({ configFile: path, noConfig: true });
    expect(config).toEqual(defaultConfig());
    expect(existsSync(path)).toBe(false);
    writeFileSync(path, 'currentContext: other\n');
    expect(loadConfig({ configFile: path, noConfig: true }).config.currentContext).toBe('local');
  });

  it('reads snake_case keys and ignores unknown ones', () => {
    const path = join(dir, 'config');
    writeFileSync(
      path,
      `control_planes:
- name: cp1
  unknown: 1
  coordinates:
    api_server:
      url: https://cp1:5682
      ca_cert_file: /ca.pem
      client_cert_file: /c.pem
      client_key_file: /k.pem
      auth_type: tokens
      auth_conf: {token: abc}
      skip_verify: true
contexts:
- name: cp1
  control_plane: cp1
current_context: cp1
some_future_field: x
`,
    );
    const { config } = loadConfig({ configFile: path });
    expect(config).toEqual({
      controlPlanes: [
        {
          name: 'cp1',
          coordinates: {
            apiServer: { url: 'https://cp1:5682', caCertFile: '/ca.pem', clientCertFile: '/c.pem', clientKeyFile: '/k.pem', authType: 'tokens', authConf: { token: 'abc' }, skipVerify: true },
          },
        },
      ],
      contexts: [{ name: 'cp1', controlPlane: 'cp1' }],
      currentContext: 'cp1',
    });
  });

  it('loads a file written by the real kumactl and writes it back byte for byte', () => {
    const path = join(dir, 'config');
    writeFileSync(path, REAL_KUMACTL_FILE, { mode: 0o644 });
    const { config } = loadConfig({ configFile: path });
    expect(config.contexts?.[1]?.defaults?.mesh).toBe('team-a');
    expect(config.controlPlanes?.[1]?.coordinates.apiServer.skipVerify).toBe(true);
    expect(serializeConfig(config)).toBe(REAL_KUMACTL_FILE);
    saveConfig(path, config);
    expect(readFileSync(path, 'utf8')).toBe(REAL_KUMACTL_FILE);
    expect(mode(path)).toBe(0o600);
  });

  it('reads an empty (0-byte) file, or one with only comments, as an empty config', () => {
    const path = join(dir, 'config');
    writeFileSync(path, '');
    expect(loadConfig({ configFile: path }).config).toEqual({});
    expect(readFileSync(path, 'utf8')).toBe(''); // not overwritten
    writeFileSync(path, '# nothing\n');
    expect(loadConfig({ configFile: path }).config).toEqual({});
  });

  it('reports unreadable and unparsable files with kumactl\'s prefixes', () => {
    const path = join(dir, 'config');
    writeFileSync(path, 'controlPlanes: [\n');
    expect(() => loadConfig({ configFile: path })).toThrow(new RegExp(`^Failed to parse configuration from file "${path}": `));
    writeFileSync(path, 'controlPlanes: 5\n');
    expectUserError(() => loadConfig({ configFile: path }), `Failed to parse configuration from file "${path}": controlPlanes: expected a list, got number 5`);
    writeFileSync(path, '- a\n');
    expectUserError(() => loadConfig({ configFile: path }), `Failed to parse configuration from file "${path}": configuration: expected a mapping, got a list`);
    expectUserError(() => loadConfig({ configFile: dir }), `Failed to read configuration from file "${dir}": read ${dir}: is a directory`);
  });

  it('keeps timestamp-like and YAML 1.1 values as go-yaml v2 reads them', () => {
    expect(parseConfig('currentContext: 2024-01-02\n').currentContext).toBe('2024-01-02');
    expect(() => parseConfig('currentContext: yes\n')).toThrow('currentContext: expected a string, got boolean true');
  });
});

describe('saveConfig', () => {
  it('chmods an existing file to 0600 and leaves no temp files', () => {
    const path = join(dir, 'config');
    writeFileSync(path, 'x: 1\n', { mode: 0o644 });
    chmodSync(path, 0o644);
    saveConfig(path, defaultConfig());
    expect(mode(path)).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe(DEFAULT_YAML);
    expect(readdirSync(dir)).toEqual(['config']);
  });

  it('writes through a symlinked config file', () => {
    const real = join(dir, 'real-config');
    const link = join(dir, 'config');
    writeFileSync(real, '');
    symlinkSync(real, link);
    saveConfig(link, defaultConfig());
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe(DEFAULT_YAML);
  });
});

describe('serializeConfig', () => {
  it('writes the default config exactly as kumactl does', () => {
    expect(serializeConfig(defaultConfig())).toBe(DEFAULT_YAML);
  });

  it('writes an empty config as {}', () => {
    expect(serializeConfig({})).toBe('{}\n');
    expect(serializeConfig({ controlPlanes: [], contexts: [], currentContext: '' })).toBe('{}\n');
  });

  it('omits zero values, keeps set messages, writes skipVerify only when true', () => {
    const config: KumactlConfig = {
      controlPlanes: [{ name: 'a', coordinates: { apiServer: { url: 'http://a', skipVerify: false, headers: [], authConf: {}, caCertFile: '' } } }],
      contexts: [{ name: 'a', controlPlane: 'a', defaults: {} }],
    };
    expect(serializeConfig(config)).toBe(`contexts:
- controlPlane: a
  defaults: {}
  name: a
controlPlanes:
- coordinates:
    apiServer:
      url: http://a
  name: a
`);
  });

  it('quotes strings as go-yaml v2 does', () => {
    expect(yamlScalar('http://localhost:5681')).toBe('http://localhost:5681');
    expect(yamlScalar('true')).toBe('"true"');
    expect(yamlScalar('yes')).toBe('"yes"');
    expect(yamlScalar('123')).toBe('"123"');
    expect(yamlScalar('1.5')).toBe('"1.5"');
    expect(yamlScalar('2024-01-02')).toBe('"2024-01-02"');
    expect(yamlScalar('null')).toBe('"null"');
    expect(yamlScalar('*star')).toBe("'*star'");
    expect(yamlScalar('a: b')).toBe("'a: b'");
    expect(yamlScalar("it's #1")).toBe("'it''s #1'");
    expect(yamlScalar("it's")).toBe("it's");
    expect(yamlScalar('x #y')).toBe("'x #y'");
    expect(yamlScalar('Bearer abc')).toBe('Bearer abc');
    expect(yamlScalar('tab\there')).toBe('"tab\\there"');
    const tricky: KumactlConfig = { contexts: [{ name: 'true', controlPlane: '- x' }], currentContext: '007' };
    expect(parseConfig(serializeConfig(tricky))).toEqual(tricky);
  });
});

describe('resolveTarget', () => {
  const two: KumactlConfig = {
    controlPlanes: [
      { name: 'local', coordinates: { apiServer: { url: 'http://localhost:5681' } } },
      { name: 'prod', coordinates: { apiServer: { url: 'https://prod:5682', authType: 'tokens', authConf: { token: 'file-token' } } } },
    ],
    contexts: [
      { name: 'local', controlPlane: 'local', defaults: { mesh: 'team-a' } },
      { name: 'prod', controlPlane: 'prod' },
    ],
    currentContext: 'local',
  };

  it('follows the current context to its control plane, with the context default mesh', () => {
    expect(resolveTarget(two, {})).toEqual({ controlPlane: 'local', apiServer: { url: 'http://localhost:5681' }, defaultMesh: 'team-a' });
  });

  it('--context names a control plane and replaces the current context\'s one (kumactl quirk)', () => {
    const t = resolveTarget(two, { context: 'prod' });
    expect(t.controlPlane).toBe('prod');
    expect(t.apiServer.url).toBe('https://prod:5682');
    expect(t.defaultMesh).toBe('team-a'); // still the current context's defaults
    // a context name that is not a control-plane name is "broken"
    expectUserError(() => resolveTarget({ ...two, contexts: [...two.contexts!, { name: 'ctx-only', controlPlane: 'prod' }] }, { context: 'ctx-only' }), BROKEN_CONFIG);
  });

  it('reports kumactl\'s errors', () => {
    expectUserError(() => resolveTarget({}, {}), NO_ACTIVE_CP);
    expectUserError(() => resolveTarget({ ...two, currentContext: '' }, { context: 'prod' }), NO_ACTIVE_CP);
    expectUserError(() => resolveTarget({ ...two, currentContext: 'nope' }, {}), BROKEN_CONFIG);
    expectUserError(() => resolveTarget({ ...two, contexts: [{ name: 'local', controlPlane: 'gone' }] }, {}), BROKEN_CONFIG);
    expectUserError(() => resolveTarget(two, { context: 'gone' }), BROKEN_CONFIG);
    expect(NO_ACTIVE_CP).toBe('active Control Plane is not set. Use `kumactl config control-planes add` to add a Control Plane and make it active');
    expect(BROKEN_CONFIG).toBe('apparently, configuration is broken. Use `kumactl config control-planes add` to add a Control Plane and make it active');
  });

  it('cpAddress bypasses the file, even a broken one', () => {
    expect(resolveTarget({}, { cpAddress: 'http://127.0.0.1:5681' })).toEqual({ controlPlane: 'cp-address', apiServer: { url: 'http://127.0.0.1:5681' } });
    expect(resolveTarget(two, { cpAddress: 'https://other:5682', context: 'prod' })).toEqual({ controlPlane: 'cp-address', apiServer: { url: 'https://other:5682' } });
    expectUserError(() => resolveTarget({}, { cpAddress: 'localhost:5681' }), 'invalid control plane address "localhost:5681" (--cp-address / KUMACTL_CP_ADDRESS): use http://HOST:PORT or https://HOST:PORT', ExitCode.USAGE);
  });

  it('token sets tokens auth, over the file\'s, without changing the config', () => {
    expect(resolveTarget({}, { cpAddress: 'http://cp:5681', token: 'abc' }).apiServer).toEqual({ url: 'http://cp:5681', authType: 'tokens', authConf: { token: 'abc' } });
    const t = resolveTarget(two, { context: 'prod', token: 'env-token' });
    expect(t.apiServer.authConf).toEqual({ token: 'env-token' });
    expect(two.controlPlanes![1]!.coordinates.apiServer.authConf).toEqual({ token: 'file-token' });
  });
});

describe('maskSecrets', () => {
  it('redacts credential authConf values and credential headers, in a copy', () => {
    const config = parseConfig(REAL_KUMACTL_FILE);
    config.controlPlanes![1]!.coordinates.apiServer.authConf = { token: 't', password: 'p', clientSecret: 's', apiKey: 'k', user: 'me' };
    config.controlPlanes![1]!.coordinates.apiServer.headers = [
      { key: 'Authorization', value: 'Bearer x' },
      { key: 'cookie', value: 'c=1' },
      { key: 'X-Kuma-Token', value: 'y' },
      { key: 'X-Team', value: 'platform' },
    ];
    const masked = maskSecrets(config);
    expect(masked.controlPlanes![1]!.coordinates.apiServer.authConf).toEqual({ token: '<redacted>', password: '<redacted>', clientSecret: '<redacted>', apiKey: '<redacted>', user: 'me' });
    expect(masked.controlPlanes![1]!.coordinates.apiServer.headers!.map((h) => h.value)).toEqual(['<redacted>', '<redacted>', '<redacted>', 'platform']);
    expect(config.controlPlanes![1]!.coordinates.apiServer.authConf!.token).toBe('t');
    expect(maskSecrets(defaultConfig())).toEqual(defaultConfig());
  });
});

describe('global flags', () => {
  it('hoists leading global flags after the command', () => {
    expect(hoistGlobalFlags(['--config-file', 'f', 'get', 'meshes'])).toEqual(['get', 'meshes', '--config-file', 'f']);
    expect(hoistGlobalFlags(['--no-config', '--api-timeout=5s', 'version'])).toEqual(['version', '--no-config', '--api-timeout=5s']);
    expect(hoistGlobalFlags(['--context', 'prod', '--log-level', 'debug', '--cp-address=http://x', 'config', 'view'])).toEqual([
      'config', 'view', '--context', 'prod', '--log-level', 'debug', '--cp-address=http://x',
    ]);
    // only flags before the first word move
    expect(hoistGlobalFlags(['get', 'meshes', '--config-file', 'f'])).toEqual(['get', 'meshes', '--config-file', 'f']);
    expect(hoistGlobalFlags(['--no-config', 'apply', '-f', 'x', '--context', 'c'])).toEqual(['apply', '-f', 'x', '--context', 'c', '--no-config']);
    // --help, -h, --version stay
    expect(hoistGlobalFlags(['--help'])).toEqual(['--help']);
    expect(hoistGlobalFlags(['--version'])).toEqual(['--version']);
    expect(hoistGlobalFlags(['-h', '--no-config', 'get'])).toEqual(['-h', 'get', '--no-config']);
    // an unknown flag stops the scan (its value is unknown); `--` is kept last
    expect(hoistGlobalFlags(['--no-config', '--other', 'v', 'get'])).toEqual(['--other', 'v', 'get', '--no-config']);
    expect(hoistGlobalFlags(['--no-config', 'run', '--', 'x'])).toEqual(['run', '--no-config', '--', 'x']);
    expect(hoistGlobalFlags(['--config-file'])).toEqual(['--config-file']);
    expect(hoistGlobalFlags([])).toEqual([]);
  });

  it('parses --api-timeout as a Go duration', () => {
    expect(parseApiTimeout('1m')).toBe(60_000);
    expect(parseApiTimeout('1.5s')).toBe(1500);
    expect(parseApiTimeout('0')).toBe(0);
    expectUserError(() => parseApiTimeout('x'), 'invalid argument "x" for "--api-timeout" flag: time: invalid duration "x"', ExitCode.USAGE);
    expectUserError(() => readGlobalFlags({ 'log-level': 'trace' }), 'unknown log level "trace"', ExitCode.USAGE);
    expect(readGlobalFlags({ 'config-file': '/c', 'no-config': true })).toEqual({ configFile: '/c', noConfig: true, apiTimeoutMs: 60_000, logLevel: 'off' });
  });

  it('parses key=value map flags as pflag does', () => {
    expect(parseMapFlag(['a=b', 'c=d,e'], '--headers')).toEqual({ a: 'b', c: 'd,e' });
    expect(parseMapFlag(['a=1,b=2', 'a=3'], '--headers')).toEqual({ a: '3', b: '2' });
    expect(parseMapFlag(['"x=y"'], '--auth-conf')).toEqual({ x: 'y' });
    expectUserError(() => parseMapFlag(['a="1,2",b=3'], '--headers'), 'invalid argument "a=\\"1,2\\",b=3" for "--headers" flag: parse error on line 1, column 3: bare " in non-quoted-field', ExitCode.USAGE);
    expect(parseMapFlag(['"a=1,2",b=3'], '--headers')).toEqual({ a: '1,2', b: '3' });
    expectUserError(() => parseMapFlag(['novalue'], '--headers'), 'invalid argument "novalue" for "--headers" flag: novalue must be formatted as key=value', ExitCode.USAGE);
    expectUserError(() => parseMapFlag(['a=1,b,c=2'], '--headers'), 'invalid argument "a=1,b,c=2" for "--headers" flag: b must be formatted as key=value', ExitCode.USAGE);
  });

  it('reports missing required flags as cobra does', () => {
    expectUserError(() => requireFlags({}, ['name', 'address']), 'required flag(s) "address", "name" not set', ExitCode.USAGE);
    expectUserError(() => requireFlags({ address: 'x' }, ['name', 'address']), 'required flag(s) "name" not set', ExitCode.USAGE);
    expect(() => requireFlags({ address: 'x', name: 'y' }, ['name', 'address'])).not.toThrow();
  });
});
