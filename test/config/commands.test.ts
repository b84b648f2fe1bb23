import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, readFileSync, writeFileSync, statSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { kumactl } from '../helpers/cli.js';
import { goldenIn } from '../helpers/golden.js';
import { DEFAULT_CONFIG_YAML } from '../helpers/config.js';

const DEFAULT_YAML = DEFAULT_CONFIG_YAML;
const NO_ACTIVE_LEFT = 'there is no active Control Plane left. Use `kumactl config control-planes add` to add a Control Plane and make it active';

const golden = goldenIn('config');

let dir: string;
let cfg: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kumactl-config-cli-'));
  cfg = join(dir, 'kumactl', 'config');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

// HOME points into the temp dir too, so nothing can touch the real ~/.kumactl
const run = (...args: string[]) => kumactl([...args, '--config-file', cfg], { env: { HOME: dir, KUMACTL_CONFIG: '', KUMACTL_CP_ADDRESS: '' } });

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('kumactl config', () => {
  it('view on a fresh path prints the default config and a blank line, and creates the file 0600', async () => {
    const r = await run('config', 'view');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(`${DEFAULT_YAML}\n`);
    expect(readFileSync(cfg, 'utf8')).toBe(DEFAULT_YAML);
    expect(statSync(cfg).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dir, '.kumactl'))).toBe(false);
  });

  it('view --no-config prints the default without creating the file', async () => {
    const r = await run('config', 'view', '--no-config');
    expect(r.stdout).toBe(`${DEFAULT_YAML}\n`);
    expect(existsSync(cfg)).toBe(false);
  });

  it('add --skip-check, again (refused), then --overwrite in place; list, switch', async () => {
    let r = await run('config', 'control-planes', 'add', '--name', 'staging', '--address', 'http://staging.example.com:5681', '--skip-check');
    expect(r).toEqual({ code: 0, stderr: '', stdout: 'added Control Plane "staging"\nswitched active Control Plane to "staging"\n' });
    r = await run('config', 'control-planes', 'add', '--name', 'prod-eu-west', '--address', 'https://kuma-cp.prod.example.com:5682', '--skip-check');
    expect(r.code).toBe(0);

    r = await run('config', 'control-planes', 'add', '--name', 'staging', '--address', 'http://other:5681', '--skip-check');
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'Error: Control Plane with name "staging" already exists. Use --overwrite to replace an existing one.\n' });

    r = await run('config', 'control-planes', 'add', '--name', 'staging', '--address', 'http://staging-2.example.com:5681', '--skip-check', '--overwrite', '--headers', 'X-Team=platform', '--headers', 'A-First=1');
    expect(r.code).toBe(0);
    expect(readFileSync(cfg, 'utf8')).toBe(`contexts:
- controlPlane: local
  name: local
- controlPlane: staging
  name: staging
- controlPlane: prod-eu-west
  name: prod-eu-west
controlPlanes:
- coordinates:
    apiServer:
      url: http://localhost:5681
  name: local
- coordinates:
    apiServer:
      headers:
      - key: A-First
        value: "1"
      - key: X-Team
        value: platform
      url: http://staging-2.example.com:5681
  name: staging
- coordinates:
    apiServer:
      url: https://kuma-cp.prod.example.com:5682
  name: prod-eu-west
currentContext: staging
`);

    r = await run('config', 'control-planes', 'list');
    expect(r.code).toBe(0);
    golden('list.txt', r.stdout);

    r = await run('config', 'control-planes', 'switch', '--name', 'local');
    expect(r).toEqual({ code: 0, stderr: '', stdout: 'switched active Control Plane to "local"\n' });
    r = await run('config', 'control-planes', 'list');
    expect(r.stdout.split('\n')[1]).toMatch(/^\*\s+local\s+http:\/\/localhost:5681$/);

    r = await run('config', 'control-planes', 'switch', '--name', 'nope');
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'Error: there is no Control Plane with name "nope"\n' });
  });

  it('remove: every context of the control plane goes; the last one leaves no active control plane', async () => {
    await run('config', 'control-planes', 'add', '--name', 'a', '--address', 'http://a:5681', '--skip-check');
    let r = await run('config', 'control-planes', 'remove', '--name', 'a');
    expect(r).toEqual({ code: 0, stderr: '', stdout: 'removed Control Plane "a"\nswitched active Control Plane to "local"\n' });

    await run('config', 'control-planes', 'add', '--name', 'b', '--address', 'http://b:5681', '--skip-check');
    r = await run('config', 'control-planes', 'remove', '--name', 'local'); // not the active one: "switched" anyway
    expect(r.stdout).toBe('removed Control Plane "local"\nswitched active Control Plane to "b"\n');

    r = await run('config', 'control-planes', 'remove', '--name', 'b');
    expect(r).toEqual({ code: 0, stderr: '', stdout: `removed Control Plane "b"\n${NO_ACTIVE_LEFT}\n` });
    expect(readFileSync(cfg, 'utf8')).toBe('{}\n');
    expect((await run('config', 'view')).stdout).toBe('{}\n\n');

    r = await run('config', 'control-planes', 'remove', '--name', 'b');
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'Error: there is no Control Plane with name "b"\n' });
  });

  it('remove takes both of two adjacent contexts pointing at the control plane (kumactl can keep one)', async () => {
    mkdirSync(dirname(cfg), { recursive: true });
    writeFileSync(
      cfg,
      DEFAULT_YAML.replace('contexts:\n', 'contexts:\n- controlPlane: local\n  name: one\n- controlPlane: local\n  name: two\n'),
    );
    const r = await run('config', 'control-planes', 'remove', '--name', 'local');
    expect(r.stdout).toBe(`removed Control Plane "local"\n${NO_ACTIVE_LEFT}\n`);
    expect(readFileSync(cfg, 'utf8')).toBe('{}\n');
  });

  it('view redacts tokens that are stored in clear', async () => {
    const r = await run('config', 'control-planes', 'add', '--name', 'secure', '--address', 'https://cp:5682', '--skip-check', '--auth-type', 'tokens', '--auth-conf', 'token=abc');
    expect(r.code).toBe(0);
    expect(readFileSync(cfg, 'utf8')).toContain('      authConf:\n        token: abc\n      authType: tokens\n');
    const view = await run('config', 'view');
    expect(view.stdout).toContain('      authConf:\n        token: <redacted>\n      authType: tokens\n');
    expect(view.stdout).not.toContain('abc');
  });

  it('add: kumactl\'s checks and messages, in order', async () => {
    let r = await run('config', 'control-planes', 'add');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('Error: required flag(s) "address", "name" not set');
    r = await run('config', 'control-planes', 'add', '--name', 'x');
    expect(r.stderr.split('\n')[0]).toBe('Error: required flag(s) "address" not set');
    r = await run('config', 'control-planes', 'add', '--name', 'x', '--address', 'foo');
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'Error: API Server URL is invalid: parse "foo": invalid URI for request\n' });
    r = await run('config', 'control-planes', 'add', '--name', 'x', '--address', 'http://x', '--client-cert-file', 'c.pem');
    expect(r.stderr).toBe('Error: Both --client-cert-file and --client-key-file needs to be specified\n');
    r = await run('config', 'control-planes', 'add', '--name', 'x', '--address', 'http://x', '--auth-type', 'oidc');
    expect(r.stderr).toBe('Error: authentication plugin of type "oidc" is not found\n');
    r = await run('config', 'control-planes', 'add', '--name', 'x', '--address', 'http://x', '--auth-type', 'tokens');
    expect(r.stderr).toBe('Error: --auth-conf is not valid: provide token=YOUR_TOKEN\n');
    r = await run('config', 'control-planes', 'add', '--name', 'x', '--address', 'http://x', '--headers', 'oops');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('Error: invalid argument "oops" for "--headers" flag: oops must be formatted as key=value');
    r = await run('config', 'control-planes', 'add', '--name', 'x', '--address', 'http://x', '--api-timeout', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('Error: invalid argument "x" for "--api-timeout" flag: time: invalid duration "x"');
    // localhost:5681 parses (scheme "localhost") and is accepted with --skip-check, as in kumactl
    r = await run('config', 'control-planes', 'add', '--name', 'x', '--address', 'localhost:5681', '--skip-check');
    expect(r.code).toBe(0);
  });

  it('add checks the connection: refused → exit 1 with kumactl\'s prefix, nothing saved', async () => {
    const { server, url } = await listen(() => {});
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const r = await run('config', 'control-planes', 'add', '--name', 'down', '--address', url);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith('Error: could not connect to the Control Plane API Server: ')).toBe(true);
    expect(readFileSync(cfg, 'utf8')).toBe(DEFAULT_YAML);
  });

  it('add checks the product, and sends the headers but not the token', async () => {
    const seen: Array<Record<string, string | string[] | undefined>> = [];
    let product = 'Kong Mesh';
    const { server, url } = await listen((req, res) => {
      seen.push(req.headers);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ product, version: '2.14.3', hostname: 'h', clusterId: 'c', instanceId: 'i', gui: 'g' }));
    });
    try {
      let r = await run('config', 'control-planes', 'add', '--name', 'km', '--address', url);
      expect(r).toEqual({
        code: 1,
        stdout: '',
        stderr: "Error: this CLI is for Kuma but the control plane you're connected to is Kong Mesh. Please use the CLI for your control plane\n",
      });
      product = 'Kuma';
      r = await run('config', 'control-planes', 'add', '--name', 'kuma', '--address', url, '--headers', 'x-team=platform', '--auth-type', 'tokens', '--auth-conf', 'token=abc');
      expect(r).toEqual({ code: 0, stderr: '', stdout: 'added Control Plane "kuma"\nswitched active Control Plane to "kuma"\n' });
      const last = seen[seen.length - 1]!;
      expect(last['x-team']).toBe('platform');
      expect(last.authorization).toBeUndefined();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
