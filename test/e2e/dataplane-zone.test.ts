import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kumactl } from '../helpers/cli.js';
import { startTestControlPlane, type TestControlPlane } from '../helpers/cp.js';

/*
 * kuma-cp writes its zone name as the `kuma.io/zone` tag of every Dataplane inbound (whatever the
 * document said). That tag is the control plane's, not the user's: a re-apply is Unchanged, a diff is
 * clean and an export leaves it out.
 */
describe('a Dataplane\'s zone tag, which the control plane writes', () => {
  let cp: TestControlPlane;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    cp = await startTestControlPlane('memory');
    dir = mkdtempSync(join(tmpdir(), 'kumactl-dp-zone-'));
    env = { KUMACTL_CP_ADDRESS: cp.url, HOME: dir };
  });
  afterAll(async () => {
    await cp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is no change to apply, diff or export', async () => {
    const file = join(dir, 'dp.yaml');
    writeFileSync(
      file,
      [
        'type: Mesh\nname: zone-tags\nskipCreatingInitialPolicies: ["*"]\n',
        'type: Dataplane\nmesh: zone-tags\nname: web-1\nnetworking:\n  address: 10.0.0.1\n  inbound:\n  - port: 8080\n    tags:\n      kuma.io/service: web\n',
        'type: Dataplane\nmesh: zone-tags\nname: web-2\nnetworking:\n  address: 10.0.0.2\n  inbound:\n  - port: 8080\n    tags:\n      kuma.io/service: web\n      kuma.io/zone: east\n',
      ].join('---\n'),
    );
    expect((await kumactl(['apply', '-f', file], { env })).code).toBe(0);
    const again = await kumactl(['apply', '-f', file], { env });
    expect([again.code, again.stdout]).toEqual([
      0,
      'resource type="Mesh" mesh="" name="zone-tags" Unchanged\n' +
        'resource type="Dataplane" mesh="zone-tags" name="web-1" Unchanged\n' +
        'resource type="Dataplane" mesh="zone-tags" name="web-2" Unchanged\n',
    ]);
    expect((await cp.call('GET', '/meshes/zone-tags/dataplanes/web-2')).json.networking.inbound[0].tags['kuma.io/zone']).toBe('default');
    const diff = await kumactl(['diff', '-f', file], { env });
    expect([diff.code, diff.stdout]).toEqual([0, '']);
    const exported = await kumactl(['export', '--mesh', 'zone-tags'], { env });
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('kuma.io/service: web');
    expect(exported.stdout).not.toContain('kuma.io/zone');
  });
});
