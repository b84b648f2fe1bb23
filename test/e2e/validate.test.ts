import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { kumactl, fixturesIn } from '../helpers/cli.js';
import { goldenIn } from '../helpers/golden.js';
import { createBuiltinCa } from '../../src/lib/control-plane/pki.js';

const fixture = fixturesIn('validate');

const golden = goldenIn('validate');

interface JsonReport {
  valid: boolean;
  resources: Array<{ file: string; line: number; type: string; name: string; mesh: string | null }>;
  workloads: Array<{ kind: string; namespace: string; name: string; mesh: string }>;
  kubernetesOnly: Array<{ file: string; line: number; kind: string; namespace: string | null; name: string }>;
  findings: Array<{ severity: string; file: string; line: number; column: number; type: string | null; name: string | null; mesh: string | null; field: string; message: string }>;
}

describe('kumactl validate', () => {
  it('passes the multi-tenant example', async () => {
    const r = await kumactl(['validate', '-f', 'examples/multi-tenant/']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    golden('examples.txt', r.stdout);
  });

  it("prints nothing of the YAML library's own debugging switches set in the environment", async () => {
    // yaml prints every token with LOG_TOKENS and every document with LOG_STREAM; the bundle reads them
    // as unset (scripts/build.mjs: each read was a call into the environment, per token)
    const r = await kumactl(['validate', '-f', 'examples/multi-tenant/'], { env: { LOG_TOKENS: '1', LOG_STREAM: '1' } });
    expect(r.code).toBe(0);
    golden('examples.txt', r.stdout);
  });

  it('reports a typo, an enabledBackend naming no backend and a bad duration, with places, exit 3', async () => {
    const r = await kumactl(['validate', '-f', 'test/fixtures/e2e/done-when.yaml']);
    expect(r.code).toBe(3);
    golden('done-when.txt', r.stdout);
    const json = await kumactl(['validate', '-f', 'test/fixtures/e2e/done-when.yaml', '-o', 'json']);
    expect(json.code).toBe(3);
    golden('done-when.json', json.stdout);
  });

  it('makes unknown fields warnings with --validate warn and skips them with ignore', async () => {
    const warn = await kumactl(['validate', '-f', 'test/fixtures/mesh/invalid/schema-typo-enabledbakend.yaml', '--validate', 'warn', '-o', 'json']);
    expect(warn.code).toBe(0);
    const report = JSON.parse(warn.stdout) as JsonReport;
    expect(report.valid).toBe(true);
    expect(report.findings.map((f) => [f.severity, f.field])).toEqual([['warning', 'mtls.enabledBakend']]);
    const ignore = await kumactl(['validate', '-f', 'test/fixtures/mesh/invalid/schema-typo-enabledbakend.yaml', '--validate', 'ignore', '-o', 'json']);
    expect(ignore.code).toBe(0);
    expect((JSON.parse(ignore.stdout) as JsonReport).findings).toEqual([]);
  });

  it('reads Kubernetes-style documents and reports which mesh each workload joins', async () => {
    const r = await kumactl(['validate', '-f', 'test/fixtures/e2e/k8s/']);
    golden('k8s.txt', r.stdout);
    expect(r.code).toBe(3); // the Mesh's dpCert expiration is not a Kuma duration
    const json = JSON.parse((await kumactl(['validate', '-f', 'test/fixtures/e2e/k8s/', '-o', 'json'])).stdout) as JsonReport;
    expect(json.workloads).toEqual([
      { kind: 'Deployment', namespace: 'shop', name: 'web', mesh: 'team-a' },
      { kind: 'Deployment', namespace: 'shop', name: 'legacy-batch', mesh: 'team-b' },
    ]);
    expect(json.resources.map((x) => [x.type, x.name, x.mesh])).toEqual([
      ['MeshTimeout', 'shop-timeouts', 'team-a'],
      ['Mesh', 'team-b', null],
    ]);
    const strict = await kumactl(['validate', '-f', 'test/fixtures/e2e/k8s/', '--disallow-multiple-meshes-per-namespace', '-o', 'json']);
    const mixed = (JSON.parse(strict.stdout) as JsonReport).findings.filter((f) => f.message.startsWith('namespace "shop"'));
    expect(mixed.map((f) => [f.severity, f.line])).toEqual([['error', 28]]);
  });

  it('reads Kuma\'s own examples as kuma-cp does with --validate warn or ignore; strict names what YAML 1.2 refuses', async () => {
    // a ContainerPatch and a MeshProxyPatch whose quoted value closes at its key's indentation, a
    // duplicate key, Kubernetes-only kinds, a global HostnameGenerator with a kuma.io/mesh label
    const dir = 'test/fixtures/e2e/kuma-docs/';
    const strict = await kumactl(['validate', '-f', dir]);
    expect(strict.code).toBe(3);
    golden('kuma-docs.strict.txt', strict.stdout);
    const warn = await kumactl(['validate', '-f', dir, '--validate', 'warn']);
    expect(warn.code).toBe(0);
    golden('kuma-docs.warn.txt', warn.stdout);
    const ignore = await kumactl(['validate', '-f', dir, '--validate', 'ignore', '-o', 'json']);
    expect(ignore.code).toBe(0);
    const report = JSON.parse(ignore.stdout) as JsonReport;
    expect(report.findings.map((f) => [f.severity, f.type, f.message])).toEqual([['warning', 'MeshGateway', 'MeshGateway is removed in Kuma 3.0']]);
    expect(report.kubernetesOnly).toEqual([
      { file: `${dir}container-patch.yaml`, line: 2, kind: 'ContainerPatch', namespace: 'kuma-system', name: 'disable-reuse-port' },
      { file: `${dir}gateway.yaml`, line: 1, kind: 'MeshGatewayConfig', namespace: null, name: 'edge-config' },
      { file: `${dir}gateway.yaml`, line: 12, kind: 'MeshGatewayInstance', namespace: 'kuma-demo', name: 'edge-gateway' },
    ]);
    expect(report.resources.map((r) => [r.type, r.name])).toEqual([
      ['MeshTimeout', 'checkout'],
      ['MeshGateway', 'edge-gateway'],
      ['HostnameGenerator', 'local-mesh-external-service'],
      ['MeshProxyPatch', 'tls-min-version'],
    ]);
  });

  it('checks a Kubernetes-only kind against its CRD\'s schema', async () => {
    const r = await kumactl(['validate', '-f', '-'], {
      stdin: fixture('meshgatewayinstance-edge'),
    });
    expect(r.code).toBe(3);
    golden('kubernetes-only-invalid.txt', r.stdout);
  });

  it('reads stdin, and resolves the mesh from --mesh for documents without one', async () => {
    const r = await kumactl(['validate', '-f', '-', '--mesh', 'team-b', '-o', 'json'], {
      stdin: fixture('meshretry-r'),
    });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as JsonReport).resources).toEqual([{ file: '<stdin>', line: 1, type: 'MeshRetry', name: 'r', mesh: 'team-b' }]);
  });

  it('refuses a Dataplane without a mesh, as kumactl does', async () => {
    const r = await kumactl(['validate', '-f', '-'], { stdin: fixture('dataplane-dp') });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('<stdin>:1:1: error: mesh: cannot be empty (name the mesh with "mesh:" in the document or with --mesh) (Dataplane "dp")');
  });

  it("checks a Dataplane against the constraints of its Mesh in the same input, with Kuma's message, exit 3", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kumactl-validate-'));
    try {
      const file = join(dir, 'team.yaml');
      writeFileSync(file, fixture('team-x-constraints'));
      const r = await kumactl(['validate', '-f', file]);
      expect(r.code).toBe(3);
      expect(r.stdout).toBe(
        `${file}:22:1: error: mesh: dataplane cannot be a member of mesh "team-x" because its tags "kuma.io/service=web kuma.io/zone=default" does not fulfill any requirements defined on the Mesh (Dataplane "intruder" in mesh "team-x")\n` +
          'invalid: 3 resources in 1 input (1 mesh): 1 error, 0 warnings\n',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a provided CA whose inline certificate and key are not a key pair, offline', async () => {
    const r = await kumactl(['validate', '-f', '-'], {
      stdin: fixture('mesh-pki-inline'),
    });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('<stdin>:9:9: error: mtls.backends[0].conf.cert: not a valid TLS key pair: tls: failed to find any PEM data in certificate input (Mesh "pki")\n');
  });

  it('checks a provided CA against Secrets of the same input, as kuma-cp does at create', async () => {
    const a = await createBuiltinCa('a', {});
    const b = await createBuiltinCa('b', {});
    const secret = (name: string, pem: string) => `type: Secret\nname: ${name}\nmesh: pki\ndata: ${Buffer.from(pem).toString('base64')}\n`;
    const mesh = fixture('mesh-pki-secrets');
    const bad = await kumactl(['validate', '-f', '-'], { stdin: [mesh, secret('ca-cert', a.certPem), secret('ca-key', b.keyPem)].join('---\n') });
    expect(bad.code).toBe(3);
    expect(bad.stdout).toContain('<stdin>:9:9: error: mtls.backends[0].conf.cert: not a valid TLS key pair: tls: private key does not match public key (Mesh "pki")\n');
    const good = await kumactl(['validate', '-f', '-'], { stdin: [mesh, secret('ca-cert', a.certPem), secret('ca-key', a.keyPem)].join('---\n') });
    expect(good.code).toBe(0);
  });

  it('gives usage errors exit 2 and a missing file exit 3, without stack traces', async () => {
    const bad = await kumactl(['validate', '-f', 'x.yaml', '--validate', 'loose']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^Error: /);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const missing = await kumactl(['validate', '-f', 'no/such/file.yaml']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toBe('Error: no/such/file.yaml: no such file or directory\ncheck the path given to -f\n');
  });

  it('reports YAML syntax errors with their position and still checks the other files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kumactl-e2e-'));
    try {
      writeFileSync(join(dir, 'a.yaml'), 'type: Mesh\nname: ok\n');
      writeFileSync(join(dir, 'b.yaml'), 'type: Mesh\nname: x\nname: y\n');
      writeFileSync(join(dir, 'c.yaml'), Buffer.from([0x00, 0x01, 0x02]));
      const r = await kumactl(['validate', '-f', dir]);
      expect(r.code).toBe(3);
      expect(r.stdout.split('\n')).toEqual([
        `${join(dir, 'b.yaml')}:3:1: error: duplicate key "name": a key may appear only once in a mapping`,
        `${join(dir, 'c.yaml')}:1:1: error: binary data (a NUL byte at offset 0); manifests are YAML or JSON text`,
        'invalid: 1 resource in 3 inputs (1 mesh): 2 errors, 0 warnings',
        '',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('a URL input', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = createServer((_req, res) => res.end('type: Mesh\nname: remote\n'));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => server.close());
    it('is fetched and validated', async () => {
      const r = await kumactl(['validate', '-f', `${base}/mesh.yaml`]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('valid: 1 resource in 1 input (1 mesh): 0 errors, 0 warnings\n');
    });
  });
});

/** Every fixture names the findings it must produce; the CLI must produce exactly those errors. */
describe('rule fixtures through the CLI', () => {
  const dirs = ['mesh', 'policies'];
  for (const dir of dirs) {
    const base = new URL(`../fixtures/${dir}/`, import.meta.url);
    for (const kind of ['valid', 'invalid']) {
      for (const file of readdirSync(new URL(`${kind}/`, base)).filter((f) => f.endsWith('.yaml'))) {
        it(`${dir}/${kind}/${file}`, async () => {
          const path = `test/fixtures/${dir}/${kind}/${file}`;
          const text = readFileSync(new URL(`${kind}/${file}`, base), 'utf8');
          const expected = text
            .split('\n')
            .filter((l) => l.startsWith('# expect: ') || l.startsWith('# expect-error: '))
            .map((l) => l.replace(/^# expect(-error)?: /, ''));
          const r = await kumactl(['validate', '-f', path, '-o', 'json']);
          const report = JSON.parse(r.stdout) as JsonReport;
          const errors = report.findings.filter((f) => f.severity === 'error');
          if (kind === 'valid') {
            expect(errors).toEqual([]);
            expect(r.code).toBe(0);
          } else {
            expect(r.code).toBe(3);
            for (const e of errors) expect(e.line, `${e.field} has a line`).toBeGreaterThan(0);
            if (expected.length > 0) expect(errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message))).toEqual(expected);
          }
        });
      }
    }
  }
});
