import { describe, expect, it } from 'vitest';
import { rulesFor } from '../../src/lib/validation/rules/index.js';
import { loadCaseFiles } from '../helpers/kuma-cases.js';

/*
 * Kuma 2.14.3's validator unit tests for these types, through our rules alone (Kuma's Validate(), without the
 * OpenAPI schema check that a real kuma-cp and our validateResource run first): every case gives Kuma's violations.
 * Kuma's tests compare with ConsistOf, so the order is not compared here; the rules' own tests check the order.
 */
const TYPES = [
  'MeshHealthCheck',
  'MeshLoadBalancingStrategy',
  'MeshHTTPRoute',
  'MeshTCPRoute',
  'MeshRateLimit',
  'MeshTimeout',
  'MeshRetry',
  'MeshCircuitBreaker',
  'MeshFaultInjection',
  'MeshTLS',
  'MeshTrafficPermission',
];

/**
 * Go decodes the test YAML into typed structs (sigs.k8s.io/yaml), so a YAML number in a string field arrives as a
 * string. Two such fields occur in these tests (a bandwidth limit, a listener tag); our schema refuses the number
 * before the rules run, so here it is given to the rules as Go would.
 */
function asGoDecodes(v: unknown, key = '', parent = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => asGoDecodes(x, '', parent));
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asGoDecodes(x, k, key)]));
  }
  if (typeof v === 'number' && (key === 'limit' || parent === 'tags')) return String(v);
  return v;
}

const sorted = (vs: Array<{ field: string; message: string }>) => vs.map((v) => `${v.field}: ${v.message}`).sort();

describe("Kuma's validator tests through the rules alone", () => {
  for (const type of TYPES) {
    it(`${type}: every case gives exactly Kuma's violations`, () => {
      const [file] = loadCaseFiles(type);
      expect(file!.cases.length).toBeGreaterThan(0);
      for (const c of file!.cases) {
        const doc = asGoDecodes(structuredClone(c.document)) as Record<string, unknown>;
        const got = rulesFor(type)!(doc).filter((v) => v.severity === 'error');
        expect(sorted(got), `${type} :: ${c.name}`).toEqual(sorted(c.violations));
      }
    });
  }
});
