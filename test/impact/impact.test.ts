import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';
import { seedResourcesFromText, type SeedResource } from '../../src/lib/control-plane/seed.js';
import { computeImpact } from '../../src/lib/impact/impact.js';
import { kumaEngine } from '../../src/lib/impact/engine.js';
import { impactText } from '../../src/lib/impact/render.js';

/* computeImpact with the local control plane's engine, in-process: what is recomputed and what is reported. */

const fixture = (...p: string[]) => readFileSync(join(ROOT, 'test', 'fixtures', 'impact', ...p), 'utf8');
const live = seedResourcesFromText(fixture('override', 'current.yaml'));
const doc = (text: string): SeedResource => seedResourcesFromText(text)[0]!;

describe('computeImpact', () => {
  it('a policy is only recomputed on the proxies it selects before or after; the others are not examined', () => {
    const change = doc(fixture('override', 'change.yaml'));
    const r = computeImpact(kumaEngine, live, [{ resource: change, action: 'create' }]);
    expect(r.proxiesExamined).toBe(2);
    expect(r.proxies.map((p) => p.name)).toEqual(['web-1', 'web-2']);
    expect(r.proxies[0]!.changes.map((c) => [c.policyType, c.kind, c.place, c.comparedWith])).toEqual([['MeshTimeout', 'outbound', 'outbound to kuma.io/service=backend', 'outbound to everything']]);
  });

  it('narrowing a policy lists the proxies it leaves too: their rule falls back to the one that remains', () => {
    const wide = doc(fixture('override', 'change.yaml'));
    const narrowed = doc(fixture('override', 'change.yaml').replace('app: web', 'app: nothing-has-this'));
    const r = computeImpact(kumaEngine, [...live, wide], [{ resource: narrowed, action: 'update' }]);
    expect(r.proxies.map((p) => p.name)).toEqual(['web-1', 'web-2']);
    const c = r.proxies[0]!.changes[0]!;
    expect(c).toMatchObject({ placeOn: 'before', place: 'outbound to kuma.io/service=backend', comparedWith: 'outbound to everything' });
    expect(c.diff).toContain('-  requestTimeout: 30s\n+  requestTimeout: 10s');
  });

  it('a new proxy in the files is examined with the whole mesh and listed as new, every place it gets caused by itself', () => {
    const dp = doc('type: Dataplane\nmesh: impact-ovr\nname: web-3\nlabels:\n  app: web\nnetworking:\n  address: 10.0.0.3\n  inbound:\n    - port: 8080\n      tags:\n        kuma.io/service: web\n');
    const r = computeImpact(kumaEngine, live, [{ resource: dp, action: 'create' }]);
    expect(r.proxiesExamined).toBe(4);
    expect(r.proxies.map((p) => [p.name, p.status])).toEqual([['web-3', 'new']]);
    expect(r.proxies[0]!.changes.every((c) => c.causes.join() === 'Dataplane/impact-ovr/web-3' && c.before === null)).toBe(true);
  });

  it('an unchanged resource computes nothing', () => {
    const same = live.find((x) => x.type === 'MeshTimeout')!;
    const r = computeImpact(kumaEngine, live, [{ resource: same, action: 'unchanged' }]);
    expect([r.proxies, r.proxiesExamined]).toEqual([[], 0]);
  });

  it('a new policy that another overrides everywhere is listed with its conf unchanged and the new merge list', () => {
    const weaker = doc('type: MeshTimeout\nmesh: impact-ovr\nname: zzz-weaker\nspec:\n  targetRef:\n    kind: Mesh\n  to:\n    - targetRef:\n        kind: Mesh\n      default:\n        http:\n          requestTimeout: 99s\n');
    const r = computeImpact(kumaEngine, live, [{ resource: weaker, action: 'create' }]);
    expect(r.proxies.map((p) => p.name)).toEqual(['backend-1', 'web-1', 'web-2']);
    const c = r.proxies[0]!.changes[0]!;
    expect(c).toMatchObject({ confChanged: false, diff: '', causes: ['MeshTimeout/impact-ovr/zzz-weaker'] });
    expect(c.after!.origins).toEqual(['MeshTimeout/impact-ovr/zzz-weaker', 'MeshTimeout/impact-ovr/timeouts-default']); // same specificity: Kuma merges names in reverse order, the first name wins
    expect(impactText(r)).toContain('    conf unchanged\n');
  });
});

