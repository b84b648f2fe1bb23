import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { placesOf } from '../../src/lib/impact/places.js';
import { comparePlaces } from '../../src/lib/impact/impact.js';

/** kuma-cp 2.14.3's own `_rules` answers (reference goldens), cut into places. */
const REF = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'impact', 'rules-docs');
const doc = (name: string) => JSON.parse(readFileSync(join(REF, `${name}.golden.json`), 'utf8')) as unknown;

describe('a rules document as places (inbound, outbound, route, whole proxy)', () => {
  it('a MeshTimeout overridden for one service: the inbound, each outbound and the catch-all, with their origins in merge order', () => {
    const places = placesOf(doc('overriding_meshtimeout'));
    expect(places.map((p) => [p.kind, p.label])).toEqual([
      ['inbound', 'inbound 8080 (foo)'],
      ['outbound', 'outbound to kuma.io/service=foo'],
      ['outbound', 'outbound to kuma.io/service=bar'],
      ['outbound', 'outbound to everything'],
    ]);
    expect(places[0]!.origins).toEqual(['MeshTimeout/default/default', 'MeshTimeout/default/override']);
    expect(places[0]!.conf).toEqual({ connectionTimeout: '20s', idleTimeout: '20s', http: { requestTimeout: '5s' } });
    expect(places[3]!.origins).toEqual(['MeshTimeout/default/default']);
  });

  it('a timeout on a route names the route by its matches; the proxy-wide rule of MeshTrace is one place', () => {
    const route = placesOf(doc('meshhttproute')).filter((p) => p.policyType === 'MeshTimeout');
    expect(route.map((p) => [p.kind, p.label])).toEqual([
      ['route', 'outbound to route(PathPrefix /api) kuma.io/service=backend_kuma-demo_svc_3001'],
      ['route', 'outbound to !route(PathPrefix /api) kuma.io/service=backend_kuma-demo_svc_3001'],
    ]);
    const trace = placesOf(doc('overriding_meshtrace'));
    expect(trace.map((p) => [p.kind, p.label, p.origins.length])).toEqual([['proxy', 'the whole proxy', 2]]);
  });

  it('resource rules name the MeshService and its port', () => {
    const places = placesOf(doc('resource_rule_meshtimeout_section'));
    expect(places.map((p) => p.label)).toEqual(['outbound to kuma.io/service=backend-4', 'outbound to MeshService backend-4 port super-port']);
  });
});

describe('comparing two documents of a proxy', () => {
  it('a changed conf is a diff caused by the changed policy among the origins; an unchanged document is no change', () => {
    const before = placesOf(doc('overriding_meshtimeout'));
    const after = structuredClone(before);
    (after[1]!.conf as { http: { requestTimeout: string } }).http.requestTimeout = '99s';
    const changes = comparePlaces(before, after, new Set(['MeshTimeout/default/override']), () => ['fallback']);
    expect(changes).toHaveLength(1);
    expect(changes[0]!.place).toBe('outbound to kuma.io/service=foo');
    expect(changes[0]!.causes).toEqual(['MeshTimeout/default/override']);
    expect(changes[0]!.diff).toContain('-  requestTimeout: 15s\n+  requestTimeout: 99s');
    expect(comparePlaces(before, structuredClone(before), new Set(), () => [])).toEqual([]);
  });

  it('a policy that only joins the origins (overridden everywhere) is reported with its conf unchanged', () => {
    const before = placesOf(doc('overriding_meshtimeout'));
    const after = structuredClone(before);
    after[3]!.origins.push('MeshTimeout/default/shadowed');
    const [c] = comparePlaces(before, after, new Set(['MeshTimeout/default/shadowed']), () => []);
    expect(c).toMatchObject({ confChanged: false, diff: '', causes: ['MeshTimeout/default/shadowed'] });
  });

  it('a rule that appears for one service is compared with the rule that traffic was under before (the catch-all)', () => {
    const after = placesOf(doc('overriding_meshtimeout'));
    const before = after.filter((p) => p.label !== 'outbound to kuma.io/service=foo');
    const [c] = comparePlaces(before, after, new Set(['MeshTimeout/default/override']), () => []);
    expect(c).toMatchObject({ place: 'outbound to kuma.io/service=foo', comparedWith: 'outbound to everything', placeOn: 'after' });
    expect(c!.diff).toBe('--- before\n+++ after\n@@ -1,4 +1,4 @@\n connectionTimeout: 2s\n http:\n-  requestTimeout: 10s\n+  requestTimeout: 15s\n idleTimeout: 20s\n');
    expect(c!.before!.origins).toEqual(['MeshTimeout/default/default']);
  });
});
