import { describe, it, expect } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { complete, completionScript, remoteQuery } from '../src/lib/completion.js';
import { kumactl } from './helpers/cli.js';
import { startTestControlPlane } from './helpers/cp.js';

const IDS = ['apply', 'get', 'delete', 'validate', 'version', 'config:view', 'config:control-planes:add', 'config:control-planes:list', 'control-plane:run', 'inspect:meshes', '__complete'];

describe('shell completion', () => {
  it('completes commands and sub-commands, never the hidden one', () => {
    expect(complete(['co'], IDS)).toEqual(['config', 'control-plane']);
    expect(complete(['config', 'control-planes', ''], IDS)).toEqual(['add', 'list']);
    expect(complete([''], IDS)).not.toContain('__complete');
  });

  it('completes resource types after get and delete, skipping flag values', () => {
    expect(complete(['get', 'meshtim'], IDS)).toEqual(['meshtimeout', 'meshtimeouts']);
    expect(complete(['get', '-m', 'team-a', 'meshtim'], IDS)).toEqual(['meshtimeout', 'meshtimeouts']);
    expect(complete(['delete', 'global-'], IDS)).toEqual(['global-secret']);
    expect(complete(['get', 'meshes', 'x'], IDS)).toEqual([]);
  });

  it('completes what inspect takes: its sub-commands, mesh, and the policy types', () => {
    const ids = [...IDS, 'inspect', 'inspect:dataplanes', 'inspect:dataplane'];
    expect(complete(['inspect', 'data'], ids)).toEqual(['dataplane', 'dataplanes']);
    expect(complete(['inspect', 'mes'], ids)).toEqual(['mesh', 'meshaccesslog', 'meshcircuitbreaker', 'meshes', 'meshfaultinjection', 'meshgatewayroute', 'meshhealthcheck', 'meshhttproute', 'meshloadbalancingstrategy', 'meshmetric', 'meshpassthrough', 'meshproxypatch', 'meshratelimit', 'meshretry', 'meshtcproute', 'meshtimeout', 'meshtls', 'meshtrace', 'meshtrafficpermission']);
  });

  it('completes output formats', () => {
    expect(complete(['get', 'meshes', '-o', 'y'], IDS)).toEqual(['yaml']);
  });

  it('prints a script for each shell that calls back into kumactl', () => {
    for (const shell of ['bash', 'zsh', 'fish'] as const) expect(completionScript(shell)).toContain('kumactl __complete --');
  });
});

describe('completion from the control plane', () => {
  it('asks for mesh names after -m and resource names after a singular type', () => {
    expect(remoteQuery(['get', 'meshes', '-m', 'te'])).toEqual({ what: 'meshes' });
    expect(remoteQuery(['get', 'meshtimeout', '-m', 'team-a', 'pa'])).toEqual({ what: 'names', typeName: 'MeshTimeout', mesh: 'team-a' });
    expect(remoteQuery(['delete', 'mesh', 'te'])).toEqual({ what: 'names', typeName: 'Mesh' });
    expect(remoteQuery(['get', 'meshtimeouts', 'x'])).toBeUndefined();
    expect(remoteQuery(['inspect', 'mesh', 'te'])).toEqual({ what: 'meshes' });
    expect(remoteQuery(['inspect', 'meshtimeout', '-m', 'team-a', 'pa'])).toEqual({ what: 'names', typeName: 'MeshTimeout', mesh: 'team-a' });
    expect(remoteQuery(['inspect', 'dataplane', 'we'])).toEqual({ what: 'names', typeName: 'Dataplane' });
    expect(remoteQuery(['inspect', 'meshservice', 'x'])).toBeUndefined();
  });

  it('completes names from a running control plane, and gives up quickly on a silent one', async () => {
    const cp = await startTestControlPlane('memory');
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const names = await kumactl(['__complete', '--', 'get', 'meshtimeout', 'mesh-t'], { env: { KUMACTL_CP_ADDRESS: cp.url, HOME: tmpdir() } });
      expect(names.stdout).toBe('mesh-timeout-all-default\n');
      const slow = await kumactl(['__complete', '--', 'delete', 'mesh', ''], { env: { KUMACTL_CP_ADDRESS: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, HOME: tmpdir() } });
      expect([slow.code, slow.stdout]).toEqual([0, '']);
      // it gives up after its 0.8 s completion timeout; a completion that waited on the silent server
      // forever would hit the test's hang guard instead
    } finally {
      silent.close();
      await cp.close();
    }
  });
});
