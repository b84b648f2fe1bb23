import { describe, it, expect } from 'vitest';
import { fixturesIn } from '../helpers/cli.js';
import { sharedCliSession } from '../helpers/cp.js';

/*
 * kuma-cp writes its zone name as the `kuma.io/zone` tag of every Dataplane inbound (whatever the
 * document said). That tag is the control plane's, not the user's: a re-apply is Unchanged, a diff is
 * clean and an export leaves it out.
 */
describe('a Dataplane\'s zone tag, which the control plane writes', () => {
  const s = sharedCliSession();

  it('is no change to apply, diff or export', async () => {
    const file = s.file('dp.yaml', fixturesIn('dataplane-zone')('zone-tags'));
    expect((await s.run(['apply', '-f', file])).code).toBe(0);
    const again = await s.run(['apply', '-f', file]);
    expect([again.code, again.stdout]).toEqual([
      0,
      'resource type="Mesh" mesh="" name="zone-tags" Unchanged\n' +
        'resource type="Dataplane" mesh="zone-tags" name="web-1" Unchanged\n' +
        'resource type="Dataplane" mesh="zone-tags" name="web-2" Unchanged\n',
    ]);
    expect((await s.cp.call('GET', '/meshes/zone-tags/dataplanes/web-2')).json.networking.inbound[0].tags['kuma.io/zone']).toBe('default');
    const diff = await s.run(['diff', '-f', file]);
    expect([diff.code, diff.stdout]).toEqual([0, '']);
    const exported = await s.run(['export', '--mesh', 'zone-tags']);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('kuma.io/service: web');
    expect(exported.stdout).not.toContain('kuma.io/zone');
  });
});
