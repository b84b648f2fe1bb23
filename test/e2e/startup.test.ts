import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kumactl } from '../helpers/cli.js';
import { startTestControlPlane, type TestControlPlane } from '../helpers/cp.js';
import { DEFAULT_CONFIG_YAML } from '../helpers/config.js';

/*
 * Start-up: every command runs from the bundled CLI; `get` in its plain forms skips oclif's parser.
 * The forms below must print exactly what oclif's reading of them prints.
 */
let cp: TestControlPlane;
let home: string;
beforeAll(async () => {
  cp = await startTestControlPlane('memory');
  await cp.put('/meshes/startup-m1', { type: 'Mesh', name: 'startup-m1', skipCreatingInitialPolicies: ['*'] });
  await cp.put('/meshes/startup-m1/meshtimeouts/t1', {
    type: 'MeshTimeout',
    name: 't1',
    mesh: 'startup-m1',
    spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '20m' } }] },
  });
  home = mkdtempSync(join(tmpdir(), 'kumactl-startup-'));
});
afterAll(async () => {
  await cp.close();
  rmSync(home, { recursive: true, force: true });
});

describe('get with short flags written together with their value', () => {
  it('-ojson, -o=json and -mm1 print what -o json and -m m1 print', async () => {
    const at = ['--no-config', '--cp-address', cp.url];
    const spaced = await kumactl(['get', 'meshtimeouts', '-m', 'startup-m1', '-o', 'json', ...at]);
    expect(spaced.code).toBe(0);
    expect(JSON.parse(spaced.stdout).items.map((i: { name: string }) => i.name)).toEqual(['t1']);
    for (const form of [['-mstartup-m1', '-ojson'], ['-m=startup-m1', '-o=json'], ['-ojson', '-mstartup-m1']]) {
      expect(await kumactl(['get', 'meshtimeouts', ...form, ...at]), form.join(' ')).toEqual(spaced);
    }
  });

  it('a bad value written together is reported as oclif reports it', async () => {
    const attached = await kumactl(['get', 'meshes', '-oxml', '--no-config', '--cp-address', cp.url]);
    expect(attached.code).toBe(2);
    expect(attached).toEqual(await kumactl(['get', 'meshes', '-o', 'xml', '--no-config', '--cp-address', cp.url]));
  });
});

describe('--cp-address and the config file', () => {
  it('with --cp-address the config file is not read, only created on first use as kumactl does', async () => {
    const broken = join(home, 'broken');
    mkdirSync(join(broken, '.kumactl'), { recursive: true });
    writeFileSync(join(broken, '.kumactl', 'config'), 'contexts: [unclosed\n');
    const env = { HOME: broken, KUMACTL_CONFIG: '', KUMACTL_CP_ADDRESS: '' };
    for (const args of [['get', 'meshes'], ['get', 'meshes', '-o', 'yaml'], ['inspect', 'meshes']]) {
      const r = await kumactl([...args, '--cp-address', cp.url], { env });
      expect([r.code, r.stderr], args.join(' ')).toEqual([0, '']);
      expect(r.stdout).toContain('startup-m1');
    }
    // without it, the broken file is read and reported
    const without = await kumactl(['get', 'meshes'], { env });
    expect(without.code).toBe(1);
    expect(without.stderr).toContain('Failed to parse configuration from file');

    const fresh = join(home, 'fresh');
    mkdirSync(fresh);
    const r = await kumactl(['get', 'meshes', '--cp-address', cp.url], { env: { ...env, HOME: fresh } });
    expect(r.code).toBe(0);
    expect(readFileSync(join(fresh, '.kumactl', 'config'), 'utf8')).toBe(DEFAULT_CONFIG_YAML);
  });
});
