/**
 * The messages a user reads when something is off: a mistyped command or type, a mesh that does not
 * exist, an address that is not a Kuma control plane, findings said once, JSON that is always a
 * document, and help examples that work as printed.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync, chmodSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kumactl, cliEnv, ROOT, fixturesIn } from '../helpers/cli.js';
import { startTestControlPlane, type TestControlPlane } from '../helpers/cp.js';
import { goldenIn } from '../helpers/golden.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';

const fixture = fixturesIn('messages');

const golden = goldenIn('messages');

describe('a mistyped command is answered as kumactl answers it, exit 2', () => {
  it('names the unknown word and the nearest command, without colons', async () => {
    for (const [args, file] of [
      [['gte', 'meshes'], 'unknown-gte.txt'],
      [['gte'], 'unknown-gte.txt'],
      [['gte', 'meshes', '-m', 'team-a'], 'unknown-gte.txt'],
      [['gte', '--help'], 'unknown-gte.txt'],
      [['help', 'gte'], 'unknown-gte.txt'],
      [['config', 'control-planes', 'lst'], 'unknown-config-control-planes-lst.txt'],
      [['apply', 'x'], 'unknown-apply-x.txt'],
      [['frobnicate'], 'unknown-frobnicate.txt'],
    ] as const) {
      const r = await kumactl([...args], { env: { HOME: tmpdir() } });
      expect({ code: r.code, stdout: r.stdout }, args.join(' ')).toEqual({ code: 2, stdout: '' });
      expect(r.stderr, args.join(' ')).not.toContain(':meshes');
      golden(file, r.stderr);
    }
  });

  it('answers `inspect mesh` (kumactl has only `inspect meshes`) and points at the plural', async () => {
    const r = await kumactl(['inspect', 'mesh'], { env: { HOME: tmpdir() } });
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', "Error: inspect mesh needs the name of a mesh\nkumactl inspect mesh NAME, or 'kumactl inspect meshes' for every mesh\n"]);
  });

  it('has a help command, as kumactl does', async () => {
    const r = await kumactl(['help', 'get'], { env: { HOME: tmpdir() } });
    expect([r.code, r.stdout]).toEqual([0, (await kumactl(['get', '--help'], { env: { HOME: tmpdir() } })).stdout]);
    expect(r.stdout).toContain('Show Kuma resources');
  });

  it('suggests the plural for a list and the singular for a NAME', async () => {
    const list = await kumactl(['get', 'meshs'], { env: { HOME: tmpdir() } });
    expect(list.code).toBe(2);
    golden('unknown-type-meshs.txt', list.stderr);
    const one = await kumactl(['get', 'meshs', 'team-a'], { env: { HOME: tmpdir() } });
    expect(one.stderr).toMatch(/^Error: unknown resource type "meshs"; did you mean "mesh"\?/);
    const timeouts = await kumactl(['get', 'meshtimeot'], { env: { HOME: tmpdir() } });
    expect(timeouts.stderr).toMatch(/^Error: unknown resource type "meshtimeot"; did you mean "meshtimeouts"\?/);
  });
});

describe('a mesh that does not exist is named, with the nearest existing ones', () => {
  let cp: TestControlPlane;
  let env: NodeJS.ProcessEnv;
  let home: string;
  beforeAll(async () => {
    cp = await startTestControlPlane('memory', { skipDefaultMesh: true, keyPoolSize: 0 });
    home = mkdtempSync(join(tmpdir(), 'kumactl-messages-'));
    env = { KUMACTL_CP_ADDRESS: cp.url, HOME: home };
    await cp.put('/meshes/team-a', { type: 'Mesh', name: 'team-a' });
    await cp.put('/meshes/team-b', { type: 'Mesh', name: 'team-b' });
  });
  afterAll(async () => {
    await cp.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('get -m with a typo', async () => {
    const r = await kumactl(['get', 'meshtimeouts', '-m', 'team-aa'], { env });
    expect([r.code, r.stdout]).toEqual([4, '']);
    golden('mesh-typo.txt', r.stderr);
    const one = await kumactl(['get', 'meshtimeout', 'x', '-m', 'team-aa'], { env });
    expect([one.code, one.stderr]).toEqual([4, r.stderr]);
  });

  it('get without -m on a control plane without "default"', async () => {
    const r = await kumactl(['get', 'meshtimeouts'], { env });
    expect([r.code, r.stdout]).toEqual([4, '']);
    golden('mesh-default-missing.txt', r.stderr);
  });

  it('apply of a policy into a mesh with a typo', async () => {
    const r = await kumactl(['apply', '-f', '-'], { env, stdin: fixture('meshtimeout-t1-team-aa') });
    expect([r.code, r.stdout]).toEqual([3, '']);
    golden('apply-mesh-typo.txt', r.stderr);
  });

  it('delete -m with a typo', async () => {
    const r = await kumactl(['delete', 'meshtimeout', 'x', '-m', 'team-aa'], { env });
    expect(r.code).toBe(4);
    golden('mesh-typo.txt', r.stderr);
  });

  it('says the same without the command framework as with it', async () => {
    for (const { positional, flags } of [
      { positional: ['meshtimeouts'], flags: ['-m', 'team-aa'] },
      { positional: ['meshtimeouts'], flags: [] },
      { positional: ['meshtimeout', 'x'], flags: ['-m', 'team-aa'] },
      { positional: ['meshs'], flags: [] },
    ]) {
      const fast = await kumactl(['get', ...positional, ...flags], { env });
      const full = await kumactl(['get', ...flags, '--', ...positional], { env });
      expect({ code: fast.code, stdout: fast.stdout, stderr: fast.stderr }, positional.join(' ')).toEqual({ code: full.code, stdout: full.stdout, stderr: full.stderr });
    }
  });
});

describe('a server that is not Kuma and answers 404 with an HTML page', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html>\n<html>\n<head><title>404 Not Found</title></head>\n<body><h1>Not Found</h1></body>\n</html>\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const expectNotKuma = (r: { code: number; stderr: string }, what: string) => {
    expect(r.code, what).toBe(5);
    expect(r.stderr, what).toContain(`(is ${url} a Kuma control plane?)`);
    expect(r.stderr, what).not.toContain('<');
    expect(r.stderr.match(/a Kuma control plane\?/g), what).toHaveLength(1);
    expect(r.stderr, what).not.toMatch(/^WARNING/m);
  };

  it('get, get one, delete, inspect and apply: exit 5, one message, no HTML', async () => {
    const env = { HOME: tmpdir(), KUMACTL_CP_ADDRESS: url };
    const dir = mkdtempSync(join(tmpdir(), 'kumactl-html-'));
    try {
      writeFileSync(join(dir, 'mesh.yaml'), 'type: Mesh\nname: demo\n');
      for (const args of [
        ['get', 'meshes'],
        ['get', 'mesh', 'demo'],
        ['get', 'meshtimeouts', '-m', 'demo'],
        ['delete', 'mesh', 'demo'],
        ['inspect', 'meshes'],
        ['apply', '-f', join(dir, 'mesh.yaml')],
      ]) {
        expectNotKuma(await kumactl(args, { env }), args.join(' '));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('each finding once', () => {
  let cp: TestControlPlane;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  beforeAll(async () => {
    cp = await startTestControlPlane('memory', { keyPoolSize: 0 });
    dir = mkdtempSync(join(tmpdir(), 'kumactl-once-'));
    env = { KUMACTL_CP_ADDRESS: cp.url, HOME: dir };
    await cp.put('/meshes/once-a', { type: 'Mesh', name: 'once-a' });
    await cp.put('/meshes/defaults-only', { type: 'Mesh', name: 'defaults-only' });
  });
  afterAll(async () => {
    await cp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a Kubernetes document whose label and mesh disagree: one error', async () => {
    const file = join(dir, 'conflict.yaml');
    writeFileSync(file, fixture('meshtimeout-t1-once-b'));
    const r = await kumactl(['validate', '-f', file]);
    expect(r.code).toBe(3);
    expect(r.stdout.split('\n').filter((l) => l.includes('error:'))).toHaveLength(1);
  });

  it('an unknown --var: its error only, not a second one about the value it left', async () => {
    const file = join(dir, 'var.yaml');
    writeFileSync(file, fixture('meshtimeout-t1-once-a'));
    const r = await kumactl(['apply', '-f', file, '-v', 'connect=5s', '--dry-run'], { env });
    expect([r.code, r.stdout]).toEqual([3, '']);
    expect(r.stderr).toBe(`${file}:11:21: error: unknown variable "timeout" in {{ timeout }}: give it with --var timeout=VALUE\nError: invalid input: nothing was sent\n`);
  });

  it('a deprecation found before sending is not repeated from the control plane\'s answer', async () => {
    const file = join(dir, 'from.yaml');
    writeFileSync(file, fixture('meshtimeout-old-style-once-a'));
    const r = await kumactl(['apply', '-f', file], { env });
    expect(r.code).toBe(0);
    expect(r.stderr.match(/'from' field is deprecated/g)).toHaveLength(1);
  });

  it('a warning only the control plane gives is printed', async () => {
    const proxy = await startFaultProxy(cp.url);
    try {
      proxy.rule = (req) => (req.method === 'PUT' ? { kind: 'status', status: 201, body: '{"warnings":["quota nearly used up"]}', contentType: 'application/json' } : undefined);
      const r = await kumactl(['apply', '-f', '-', '--cp-address', proxy.url], { env, stdin: 'type: Mesh\nname: only-server-warns\n' });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('Warning: quota nearly used up\nSummary: 1 created, 0 updated, 0 unchanged, 0 failed\n');
    } finally {
      await proxy.close();
    }
  });

  it("get -o yaml | apply -f -: no warning about the control plane's own default policies", async () => {
    const got = await kumactl(['get', 'meshtimeouts', '-m', 'defaults-only', '-o', 'yaml'], { env });
    expect(got.stdout).toContain('from:');
    const r = await kumactl(['apply', '-f', '-'], { env, stdin: got.stdout });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/deprecated/);
    // a policy of the user's own with `from` is still warned about
    const mine = await kumactl(['validate', '-f', '-'], { stdin: got.stdout.replace(/name: mesh-timeout-all-defaults-only/, 'name: my-timeouts') });
    expect(mine.stdout.match(/'from' field is deprecated/g)).toHaveLength(1);
  });
});

describe('-o json always prints a document', () => {
  let cp: TestControlPlane;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  beforeAll(async () => {
    cp = await startTestControlPlane('memory', { keyPoolSize: 0 });
    dir = mkdtempSync(join(tmpdir(), 'kumactl-json-'));
    env = { KUMACTL_CP_ADDRESS: cp.url, HOME: dir };
  });
  afterAll(async () => {
    await cp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('apply -o json on invalid input: the findings, exit 3, nothing sent', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, fixture('meshtimeout-t1-default'));
    const r = await kumactl(['apply', '-f', file, '-o', 'json'], { env });
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ applied: [], failed: [], unchanged: [] });
    expect(report.findings).toEqual([
      expect.objectContaining({ severity: 'error', file, line: 11, field: 'spec.to[0].default.idleTimeout', message: 'time: unknown unit "d" in duration "1d"' }),
    ]);
    expect((await cp.call('GET', '/meshes/default/meshtimeouts/t1')).status).toBe(404);
  });

  it('apply -o json when a mesh is missing, and when an input cannot be read', async () => {
    const file = join(dir, 'nomesh.yaml');
    writeFileSync(file, fixture('meshtimeout-t1-nowhere'));
    const r = await kumactl(['apply', '-f', file, '-o', 'json'], { env });
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).findings).toEqual([expect.objectContaining({ severity: 'error', file, line: 3, field: 'mesh', mesh: 'nowhere' })]);
    const unread = await kumactl(['apply', '-f', join(dir, 'missing.yaml'), '-o', 'json'], { env });
    expect(unread.code).toBe(3);
    expect(JSON.parse(unread.stdout).findings[0].message).toMatch(/no such file or directory/);
  });

  it('validate -o json when an input cannot be read', async () => {
    const missing = join(dir, 'missing.yaml');
    const r = await kumactl(['validate', '-f', missing, '-o', 'json']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.valid).toBe(false);
    expect(report.findings).toEqual([expect.objectContaining({ severity: 'error', file: null, message: `${missing}: no such file or directory` })]);
    expect(r.stderr).toBe(`Error: ${missing}: no such file or directory\ncheck the path given to -f\n`);
  });
});

describe('skipCreatingInitialPolicies with a name Kuma would ignore', () => {
  it('strict: an error with the type meant; warn: a warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kumactl-skip-'));
    try {
      writeFileSync(join(dir, 'mesh.yaml'), 'type: Mesh\nname: team-b\nskipCreatingInitialPolicies: [MeshTimeouts]\n');
      const strict = await kumactl(['validate', '-f', 'mesh.yaml'], { cwd: dir });
      expect(strict.code).toBe(3);
      golden('skip-initial-policies-strict.txt', strict.stdout);
      const warn = await kumactl(['validate', '-f', 'mesh.yaml', '--validate', 'warn'], { cwd: dir });
      expect(warn.code).toBe(0);
      golden('skip-initial-policies-warn.txt', warn.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('apply --help', () => {
  it('shows a stdin example that works as printed in bash', async () => {
    const cp = await startTestControlPlane('memory', { keyPoolSize: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'kumactl-example-'));
    try {
      const help = await kumactl(['apply', '--help']);
      const example = help.stdout.split('\n').find((l) => l.includes('| kumactl apply'));
      expect(example).toBeDefined();
      const shim = join(dir, 'kumactl');
      writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bin', 'run.js')}" "$@"\n`);
      chmodSync(shim, 0o755);
      // asynchronously: the control plane answers from this very process
      const run = await promisify(execFile)('bash', ['-c', example!.trim().replace(/^\$ /, '')], {
        env: cliEnv({ PATH: `${dir}:${process.env.PATH}`, HOME: dir, KUMACTL_CP_ADDRESS: cp.url }),
        encoding: 'utf8',
      }).then(
        (r) => ({ status: 0, stdout: r.stdout }),
        (e: { code?: number; stdout?: string }) => ({ status: e.code, stdout: e.stdout }),
      );
      expect(run).toEqual({ status: 0, stdout: 'resource type="Mesh" mesh="" name="demo" Created\n' });
    } finally {
      await cp.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
