import { describe, it, expect } from 'vitest';
import { unifiedDiff } from '../src/lib/plan/diff.js';
import { compare } from '../src/lib/plan/compare.js';
import { renderTemplate } from '../src/lib/manifest/template.js';
import { typeByName } from '../src/lib/resources/registry.js';

describe('unified diff', () => {
  it('shows removed lines before added ones, with context and hunk headers', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const after = 'a\nb\nc\nd\nE\nf\ng\nh\n';
    expect(unifiedDiff(before, after, { from: 'live', to: 'file.yaml' })).toBe('--- live\n+++ file.yaml\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n');
    expect(unifiedDiff('same\n', 'same\n', { from: 'a', to: 'b' })).toBe('');
  });
});

describe('comparing a document with the live resource', () => {
  const mt = typeByName('MeshTimeout')!;
  const doc = { type: 'MeshTimeout', name: 't', mesh: 'm', spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1m' } }] } };

  it('ignores what the server computes: timestamps, kri, computed labels', () => {
    const live = { ...doc, creationTime: '2026-01-01T00:00:00Z', modificationTime: '2026-01-02T00:00:00Z', kri: 'kri_mt_m_default__t_', labels: { 'kuma.io/mesh': 'm', 'kuma.io/origin': 'zone', 'kuma.io/zone': 'default', 'kuma.io/env': 'universal' } };
    expect(compare(mt, doc, live).equal).toBe(true);
  });

  it('sees a changed field and a label the document sets', () => {
    const changed = structuredClone(doc);
    changed.spec.to[0]!.default.idleTimeout = '2m';
    expect(compare(mt, changed, doc).equal).toBe(false);
    expect(compare(mt, { ...doc, labels: { team: 'a' } }, doc).equal).toBe(false);
  });

  it('does not care about key order, but does about types and list order', () => {
    const reordered = { spec: { to: [{ default: { idleTimeout: '1m' }, targetRef: { kind: 'Mesh' } }], targetRef: { kind: 'Mesh' } }, mesh: 'm', name: 't', type: 'MeshTimeout' };
    expect(compare(mt, doc, reordered).equal).toBe(true);
    const cb = typeByName('MeshCircuitBreaker')!;
    const breaker = (maxConnections: unknown) => ({ type: 'MeshCircuitBreaker', name: 'b', mesh: 'm', spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { connectionLimits: { maxConnections } } }] } });
    expect(compare(cb, breaker(5), breaker('5')).equal).toBe(false);
    const two = { ...doc, spec: { ...doc.spec, to: [doc.spec.to[0]!, { targetRef: { kind: 'MeshService', name: 's' }, default: {} }] } };
    const swapped = { ...doc, spec: { ...doc.spec, to: [two.spec.to[1]!, two.spec.to[0]!] } };
    const c = compare(mt, two, swapped);
    expect(c.equal).toBe(false);
    if (!c.equal) expect(unifiedDiff(c.before, c.after, { from: 'live', to: 'file' })).toContain('-  - default: {}');
  });

  it('fills the schema defaults kuma-cp fills, so they are no difference', () => {
    const mesh = typeByName('Mesh')!;
    const desired = { type: 'Mesh', name: 'm', metrics: { enabledBackend: 'p', backends: [{ name: 'p', type: 'prometheus' }] } };
    const live = { type: 'Mesh', name: 'm', metrics: { enabledBackend: 'p', backends: [{ name: 'p', type: 'prometheus', conf: { port: 5670, path: '/metrics', tags: { 'kuma.io/service': 'dataplane-metrics' }, tls: {} } }] } };
    expect(compare(mesh, desired, live).equal).toBe(true);
  });
});

describe('--var templating', () => {
  it('inserts values as given, dotted names included, and names unknown variables with their place', () => {
    const r = renderTemplate('a: {{ url }}\nb: {{{ url }}}\nc: {{a.b}}\nd: {{ missing }}\n', { url: 'x&y<z>', 'a.b': 'nested' });
    expect(r.text).toBe('a: x&y<z>\nb: x&y<z>\nc: nested\nd: {{ missing }}\n');
    expect(r.problems).toEqual([{ line: 4, column: 4, message: 'unknown variable "missing" in {{ missing }}: give it with --var missing=VALUE' }]);
  });
});
