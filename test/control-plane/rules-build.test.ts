import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { seedResources } from '../../src/lib/control-plane/seed.js';
import type { StoredResource } from '../../src/lib/control-plane/store/types.js';
import { decodedPolicy } from '../../src/lib/control-plane/matching/rules/policy.js';
import {
  buildFromRules,
  buildInboundRules,
  buildLegacyToRules,
  buildResourceRules,
  buildSingleItemRule,
  hashMatches,
  mergeConfs,
  dataplaneRules,
  meshGatewayRules,
  RulesInputError,
} from '../../src/lib/control-plane/matching/rules/index.js';
import { subsetCombinations } from '../../src/lib/control-plane/matching/rules/subset.js';

/*
 * The rule computation against Kuma 2.14.3's own golden rule computations
 * (pkg/plugins/policies/core/rules testdata, copied unchanged to test/fixtures/kuma-rules/): from
 * rules, inbound rules, legacy to rules and single-item rules of the given policies.
 */

const DIR = fileURLToPath(new URL('../fixtures/kuma-rules/', import.meta.url));

function cases(folder: string): string[] {
  return readdirSync(join(DIR, folder))
    .filter((f) => f.endsWith('.input.yaml'))
    .map((f) => f.slice(0, -'.input.yaml'.length))
    .sort();
}

function load(folder: string, name: string): { policies: StoredResource[]; golden: Record<string, unknown> } {
  const input = readFileSync(join(DIR, folder, `${name}.input.yaml`), 'utf8');
  // Kuma's decoder gives a policy without `mesh` the schema's default one
  const docs = parseAllDocuments(input).map((d) => d.toJS() as Record<string, unknown> | null).filter((d) => d !== null).map((d) => ({ mesh: 'default', ...d }));
  const policies = seedResources(docs).map((r) => decodedPolicy({ ...r, version: 1 }));
  const golden = parse(readFileSync(join(DIR, folder, `${name}.golden.yaml`), 'utf8')) as Record<string, unknown>;
  return { policies, golden };
}

function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== null)
        .map(([k, x]) => [k, dropNulls(x)]),
    );
  }
  return v;
}

interface GoldenRule {
  Conf: unknown;
  Origin: Array<{ name: string }>;
  Subset: Array<{ Key: string; Not: boolean; Value: string }> | null;
}

function expectedSubsetRules(rules: unknown): unknown {
  return ((rules as GoldenRule[] | null) ?? []).map((r) => ({
    conf: dropNulls(r.Conf),
    origin: r.Origin.map((o) => o.name),
    subset: (r.Subset ?? []).map((t) => ({ key: t.Key, not: t.Not, value: t.Value })),
  }));
}

function actualSubsetRules(rules: ReadonlyArray<{ conf: unknown; origin: StoredResource[]; subset: unknown }>): unknown {
  return rules.map((r) => ({ conf: dropNulls(r.conf), origin: r.origin.map((p) => p.name), subset: r.subset }));
}

interface GoldenInboundRule {
  conf: unknown;
  match: unknown;
  origin: { Resource: { name: string }; RuleIndex: number };
}

function expectedInboundRules(rules: unknown): unknown {
  return ((rules as GoldenInboundRule[] | null) ?? []).map((r) => ({
    conf: dropNulls(r.conf),
    match: r.match ?? undefined,
    origin: [r.origin.Resource.name, r.origin.RuleIndex],
  }));
}

function actualInboundRules(rules: ReturnType<typeof buildInboundRules>): unknown {
  return rules.map((r) => ({ conf: dropNulls(r.conf), match: r.match, origin: [r.origin.policy.name, r.origin.ruleIndex] }));
}

describe('from rules as Kuma computes them (rules/from)', () => {
  for (const name of cases('from')) {
    it(name, () => {
      const { policies, golden } = load('from', name);
      const type = policies[0]!.type;
      const listener = '127.0.0.1:80';
      expect(actualSubsetRules(buildFromRules(type, policies))).toEqual(expectedSubsetRules((golden['Rules'] as Record<string, unknown>)[listener]));
      expect(actualInboundRules(buildInboundRules(type, policies))).toEqual(expectedInboundRules((golden['InboundRules'] as Record<string, unknown>)[listener]));
    });
  }
});

describe('to rules as Kuma computes them (rules/to)', () => {
  for (const name of cases('to')) {
    it(name, () => {
      const { policies: all, golden } = load('to', name);
      const routes = all.filter((p) => p.type === 'MeshHTTPRoute');
      const policies = all.filter((p) => p.type !== 'MeshHTTPRoute');
      const reader = { list: (type: string) => (type === 'MeshHTTPRoute' ? routes : []) };
      const type = policies[0]!.type;
      expect(actualSubsetRules(buildLegacyToRules(type, policies, reader))).toEqual(expectedSubsetRules(golden['Rules']));
      expect(buildResourceRules(type, policies, reader)).toEqual([]);
      expect(golden['ResourceRules']).toEqual({});
    });
  }
});

describe('single-item rules as Kuma computes them (rules/single)', () => {
  for (const name of cases('single')) {
    it(name, () => {
      const { policies, golden } = load('single', name);
      const rule = buildSingleItemRule(policies[0]!.type, policies);
      expect(actualSubsetRules(rule ? [rule] : [])).toEqual(expectedSubsetRules(golden['Rules']));
    });
  }
});

describe('inbound rules as Kuma computes them (inbound)', () => {
  for (const name of cases('inbound')) {
    it(name, () => {
      const { policies, golden } = load('inbound', name);
      const matched = policies.filter((p) => p.name.startsWith('matched-for-rules-'));
      expect(actualInboundRules(buildInboundRules(matched[0]!.type, matched))).toEqual(expectedInboundRules(golden['rules']));
    });
  }
});

describe('pieces of the rule computation', () => {
  it('enumerates negated subsets in Kuma order, the all-positive one last', () => {
    const tags = [
      { key: 'zone', value: 'us-east', not: false },
      { key: 'env', value: 'dev', not: false },
      { key: 'env', value: 'prod', not: false },
    ];
    const show = (ss: Array<{ key: string; value: string; not: boolean }>) => ss.map((t) => `${t.key}${t.not ? '!=' : '='}${t.value}`).join(',');
    expect([...subsetCombinations(tags)].map(show)).toEqual([
      'zone!=us-east,env=prod',
      'zone=us-east,env=dev',
      'zone!=us-east,env=dev',
      'zone=us-east,env!=dev,env!=prod',
      'zone!=us-east,env!=dev,env!=prod',
      'zone=us-east,env=prod',
    ]);
    expect([...subsetCombinations([])]).toEqual([[]]);
  });

  it('hashes MeshHTTPRoute matches as kuma-cp does (sha256 of Go JSON, base64)', () => {
    expect(hashMatches([{ path: { type: 'PathPrefix', value: '/api' } }])).toBe('waFsoIISmZDTfFWYqxvY265/GASHYEWvHQTwMh/bpuU=');
    expect(hashMatches([{ headers: [{ value: 'baz', name: 'foo', type: 'Exact' }] }])).toBe('7AL18PkCPj3JAlwamTpzmVg7/sLnT8IXWtQljrRqs+4=');
  });

  it('replaces lists, appends append* lists and merges objects key by key', () => {
    const merged = mergeConfs(
      [
        { backends: [{ a: 1 }], appendModifications: [{ m: 1 }], http: { requestTimeout: '1s', idleTimeout: '2s' } },
        { backends: [{ b: 2 }], appendModifications: [{ m: 2 }], http: { requestTimeout: '3s' } },
      ],
      'plain',
    );
    expect(merged).toEqual([{ backends: [{ b: 2 }], appendModifications: [{ m: 1 }, { m: 2 }], http: { requestTimeout: '3s', idleTimeout: '2s' } }]);
  });

  it('merges MeshHTTPRoute rules by their matches, per hostname, the later rule first', () => {
    const rule = (value: string, backend: string) => ({ matches: [{ path: { type: 'Exact', value } }], default: { backendRefs: [{ kind: 'MeshService', name: backend }] } });
    const merged = mergeConfs(
      [
        { rules: [rule('/a', 'one'), rule('/b', 'two')] },
        { rules: [rule('/a', 'three')], hostnames: ['x.com'] },
        { rules: [rule('/a', 'four')] },
      ],
      'httpRoute',
    );
    expect(merged).toEqual([{ rules: [rule('/a', 'four'), rule('/b', 'two')] }, { rules: [rule('/a', 'three')], hostnames: ['x.com'] }]);
  });
});

describe('rules documents computed in-process (what diff --impact reads)', () => {
  const now = '2026-01-01T00:00:00Z';
  const res = (type: string, mesh: string, name: string, spec: Record<string, unknown>, labels: Record<string, string> = {}): StoredResource => ({
    type,
    mesh,
    name,
    labels,
    spec,
    creationTime: now,
    modificationTime: now,
    version: 1,
  });
  const base = (meshSpec: Record<string, unknown>) => [
    res('Mesh', '', 'm1', meshSpec),
    res('Dataplane', 'm1', 'dp-1', { networking: { address: '127.0.0.1', inbound: [{ port: 80, tags: { 'kuma.io/service': 'web' } }] } }),
    res('MeshTimeout', 'm1', 'mt', { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1m' } }] }),
  ];

  it('leaves out the legacy to rules when the mesh uses MeshServices exclusively, by name or by number', () => {
    for (const mode of ['Exclusive', 3]) {
      const doc = dataplaneRules(base({ meshServices: { mode } }), 'm1', 'dp-1') as { rules: Array<Record<string, unknown[]>> };
      expect(doc.rules[0]!['toRules']).toEqual([]);
      expect(doc.rules[0]!['toResourceRules']).toHaveLength(1);
    }
    const doc = dataplaneRules(base({}), 'm1', 'dp-1') as { rules: Array<Record<string, Array<{ conf: unknown }>>> };
    expect(doc.rules[0]!['toRules']!.map((r) => r.conf)).toEqual([{ idleTimeout: '1m0s' }]);
  });

  it('is undefined for an unknown proxy and refuses a MeshGateway without selectors', () => {
    expect(dataplaneRules(base({}), 'm1', 'nope')).toBeUndefined();
    const gw = res('MeshGateway', 'm1', 'gw', { conf: { listeners: [{ port: 80, protocol: 'HTTP' }] } });
    expect(() => meshGatewayRules([...base({}), gw], 'm1', 'gw')).toThrow(RulesInputError);
  });
});
