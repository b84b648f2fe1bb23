import { describe, expect, it } from 'vitest';
import { dataplaneMembershipError } from '../../src/lib/validation/membership.js';

/* Kuma 2.14.3's membership validator cases (membership_validator_test.go), then the zone the dataplane manager adds. */

const mesh = (dataplaneProxy?: Record<string, unknown>) => ({ type: 'Mesh', name: 'default', ...(dataplaneProxy ? { constraints: { dataplaneProxy } } : {}) });
const dp = (...inbounds: Array<Record<string, string>>) => ({ type: 'Dataplane', name: 'dp-1', mesh: 'default', networking: { address: '10.0.0.1', inbound: inbounds.map((tags, i) => ({ port: 8080 + i, tags })) } });
const check = (m: Record<string, unknown>, d: Record<string, unknown>) => dataplaneMembershipError(m, d, '');

describe('Dataplane membership (mesh constraints)', () => {
  it('passes without constraints and when a requirement is met', () => {
    expect(check(mesh(), dp({ 'kuma.io/service': 'backend' }))).toBeNull();
    expect(check(mesh({ requirements: [], restrictions: [] }), dp({ 'kuma.io/service': 'backend' }))).toBeNull();
    const m = mesh({ requirements: [{ tags: { 'kuma.io/service': 'backend', version: '*' } }, { tags: { 'kuma.io/service': 'web' } }] });
    expect(check(m, dp({ 'kuma.io/service': 'backend', version: 'v1' }, { 'kuma.io/service': 'web' }))).toBeNull();
  });

  it("refuses with Kuma's messages", () => {
    expect(check(mesh({ requirements: [{ tags: { 'kuma.io/service': 'backend' } }] }), dp({ 'kuma.io/service': 'backend' }, { 'kuma.io/service': 'backend-api' }))).toBe(
      'dataplane cannot be a member of mesh "default" because its tags "kuma.io/service=backend-api" does not fulfill any requirements defined on the Mesh',
    );
    expect(
      check(mesh({ requirements: [{ tags: { 'kuma.io/service': 'backend' } }], restrictions: [{ tags: { 'kuma.io/zone': 'east' } }] }), dp({ 'kuma.io/service': 'backend', 'kuma.io/zone': 'east' })),
    ).toBe('dataplane cannot be a member of mesh "default" because its tags "kuma.io/service=backend kuma.io/zone=east" matches restricted tags "kuma.io/zone=east" defined on the Mesh');
    expect(check(mesh({ requirements: [{ tags: { 'kuma.io/service': 'backend', team: '*' } }] }), dp({ 'kuma.io/service': 'backend' }))).toBe(
      'dataplane cannot be a member of mesh "default" because its tags "kuma.io/service=backend" does not fulfill any requirements defined on the Mesh',
    );
    expect(check(mesh({ requirements: [{ tags: { 'kuma.io/service': 'backend' } }], restrictions: [{ tags: { version: '*' } }] }), dp({ 'kuma.io/service': 'backend', version: 'v1' }))).toBe(
      'dataplane cannot be a member of mesh "default" because its tags "kuma.io/service=backend version=v1" matches restricted tags "version=*" defined on the Mesh',
    );
  });

  it('sees the kuma.io/zone tag a standalone kuma-cp adds to every inbound', () => {
    const m = mesh({ restrictions: [{ tags: { 'kuma.io/zone': 'default' } }] });
    expect(dataplaneMembershipError(m, dp({ 'kuma.io/service': 'web' }))).toBe(
      'dataplane cannot be a member of mesh "default" because its tags "kuma.io/service=web kuma.io/zone=default" matches restricted tags "kuma.io/zone=default" defined on the Mesh',
    );
    expect(dataplaneMembershipError(m, dp({ 'kuma.io/service': 'web' }), 'east')).toBeNull();
  });
});

describe('membershipDependsOnZone', () => {
  it('is true only when a requirement or restriction names kuma.io/zone', async () => {
    const { membershipDependsOnZone } = await import('../../src/lib/validation/membership.js');
    expect(membershipDependsOnZone(mesh({ restrictions: [{ tags: { 'kuma.io/zone': 'east' } }] }))).toBe(true);
    expect(membershipDependsOnZone(mesh({ requirements: [{ tags: { 'kuma.io/service': 'a', 'kuma.io/zone': '*' } }] }))).toBe(true);
    expect(membershipDependsOnZone(mesh({ requirements: [{ tags: { 'kuma.io/service': 'a' } }] }))).toBe(false);
    expect(membershipDependsOnZone(mesh())).toBe(false);
  });
});
