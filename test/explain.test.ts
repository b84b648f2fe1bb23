import { describe, it, expect } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { explain, parseExplainTarget } from '../src/lib/explain/index.js';
import { durationFields } from '../src/lib/validation/canonical.js';
import {
  FIELD_DESCRIPTIONS,
  SHARED_FIELD_DESCRIPTIONS,
  TARGET_REF_DESCRIPTIONS,
  TYPE_DESCRIPTIONS,
} from '../src/lib/explain/descriptions.js';
import { RESOURCE_TYPES } from '../src/lib/resources/registry.js';
import { UsageError } from '../src/lib/errors.js';
import { goldenIn } from './helpers/golden.js';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden', 'explain');
const SCHEMAS = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');

const golden = goldenIn('explain');

const run = (target: string, recursive = false): string => {
  const { type, path } = parseExplainTarget(target);
  return explain(type, path, { recursive });
};

function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error('expected a UsageError');
}

const hasSchema = (name: string): boolean =>
  existsSync(name === 'Mesh' ? join(SCHEMAS, 'Mesh.json') : join(SCHEMAS, 'generated', `${name}.json`));

describe('kumactl explain: output', () => {
  it('explains meshtimeout.spec.to (golden)', () => {
    golden('meshtimeout.spec.to.txt', run('meshtimeout.spec.to'));
  });

  it('explains mesh.mtls.backends (golden)', () => {
    golden('mesh.mtls.backends.txt', run('mesh.mtls.backends'));
  });

  it('prints the field tree with --recursive (golden)', () => {
    const out = run('meshretry.spec.to.default.http', true);
    golden('meshretry.spec.to.default.http.recursive.txt', out);
    expect(out).toContain('FIELD:    spec.to.default.http <Object>\n');
    expect(out).toContain('\n  backOff <Object>\n    baseInterval <duration>\n    maxInterval <duration>\n');
    expect(out).toContain('\n  rateLimitedBackOff <Object>\n    maxInterval <duration>\n    resetHeaders <[]Object>\n      format <string> -required-\n      name <string> -required-\n');
    expect(out).toContain('\n  retryOn <[]string>\n');
    // a tree: names and types, no descriptions
    expect(out).not.toContain('Default 25ms');
  });

  it('shows ENUM and -required- for a targetRef kind', () => {
    const out = run('meshtimeout.spec.targetRef.kind');
    expect(out).toContain('FIELD:    spec.targetRef.kind <string> -required-\n');
    expect(out).toMatch(/ENUM: {5}Mesh, MeshSubset, MeshGateway, MeshService, MeshExternalService,\n {10}MeshMultiZoneService, MeshServiceSubset, MeshHTTPRoute, Dataplane\n/);
  });

  it('shows DEFAULT', () => {
    const out = run('meshtimeout.mesh');
    expect(out).toContain('FIELD:    mesh <string>\nDEFAULT:  default\n');
    expect(run('meshtimeout')).toContain('  mesh <string>\n    Name of the mesh the resource belongs to.\n    DEFAULT: default\n');
  });

  it('shows durations, int-or-string, maps and proto numbers with their own types', () => {
    expect(run('meshtimeout.spec.to.default')).toContain('  idleTimeout <duration>\n    How long a connection may stay idle before the proxy closes it');
    expect(run('meshcircuitbreaker.spec.rules.default.outlierDetection')).toContain('  healthyPanicThreshold <string|integer>\n');
    expect(run('meshtimeout')).toContain('  labels <map[string]string>\n');
    expect(run('mesh.mtls.backends.dpCert')).toContain('  requestTimeout <duration>\n'); // Go duration pattern
    expect(run('mesh.tracing.backends')).toContain('  sampling <number>\n');
    expect(run('mesh.metrics.backends.conf')).toContain('  port <integer> (when type: prometheus)\n');
    expect(run('meshretry.spec.to.default.http.retriableRequestHeaders.type')).toContain('DEFAULT:  Exact\n');
    expect(run('meshretry.spec.to.default.http.retriableRequestHeaders.name')).toContain("PATTERN:  ^[a-z0-9!#$%&'*+\\-.^_\\x60|~]+$\n");
    expect(run('meshtimeout.spec.to.targetRef.proxyTypes')).toContain('FIELD:    spec.to.targetRef.proxyTypes <[]string>\nENUM:     Sidecar, Gateway\n');
  });

  it('goes through $ref, arrays, if/then branches and maps', () => {
    const conf = run('mesh.mtls.backends.conf');
    expect(conf).toContain('  caCert <Object> (when type: builtin)\n');
    expect(conf).toContain('  cert <Object> (when type: provided)\n');
    expect(run('mesh.mtls.backends.conf.caCert.RSAbits')).toContain('FIELD:    mtls.backends.conf.caCert.RSAbits <integer> (when type: builtin)\n');
    expect(run('mesh.tracing.backends.conf.url')).toContain('<string> (when type: zipkin)');
    expect(run('mesh.logging.backends.conf.path')).toContain('<string> (when type: file)');
    expect(run('mesh.labels.<key>')).toContain('FIELD:    labels.<key> <string>\n');
    expect(run('mesh.constraints.dataplaneProxy.requirements.tags.<key>')).toContain('<string>');
    expect(run('circuit-breaker.conf.detectors.totalErrors')).toContain('  consecutive <integer>\n');
    expect(run('meshtimeout.spec.to[].default')).toContain('FIELD:    spec.to.default <Object>\n');
  });

  it('prints the type description and the FIELDS of a whole type', () => {
    const out = run('meshtimeout');
    expect(out.startsWith(`KIND:     MeshTimeout\n\nDESCRIPTION:\n  Policy that sets`)).toBe(true);
    expect(out).toContain('  spec <Object> -required-\n');
    expect(out).toContain('  kri <string> -read-only-\n');
    expect(run('timeout')).toContain('Deprecated: a Kuma 2.x legacy policy');
  });

  it('accepts the type name and the CLI names in any case', () => {
    const expected = run('meshtimeout');
    for (const t of ['MeshTimeout', 'meshtimeouts', 'MESHTIMEOUT', 'MeshTimeouts']) expect(run(t)).toBe(expected);
    expect(run('meshes.mtls')).toBe(run('Mesh.mtls'));
    expect(run('global-secrets')).toContain('KIND:     GlobalSecret');
  });
});

describe('kumactl explain: errors', () => {
  it('names the nearest type for an unknown one', () => {
    expect(usageError(() => run('meshtimout')).message).toBe('unknown type "meshtimout"; did you mean "meshtimeout"?');
    const far = usageError(() => run('xyzzy'));
    expect(far.message).toBe('unknown type "xyzzy"');
    expect(far.hint).toContain('meshtimeout');
  });

  it('names the path so far and the nearest fields for an unknown field', () => {
    expect(usageError(() => run('meshtimeout.spec.to.default.conectionTimeout')).message).toBe(
      'field "conectionTimeout" does not exist in MeshTimeout.spec.to.default; did you mean "connectionTimeout"? Fields: connectionTimeout, http, idleTimeout',
    );
    expect(usageError(() => run('meshtimeout.spec.zzz')).message).toBe(
      'field "zzz" does not exist in MeshTimeout.spec. Fields: from, rules, targetRef, to',
    );
    expect(usageError(() => run('meshtimeout.spec.to.default.idleTimeout.x')).message).toBe(
      'field "x" does not exist in MeshTimeout.spec.to.default.idleTimeout: it is a <duration>, which has no fields',
    );
    const flat = usageError(() => run('mesh.spec.mtls'));
    expect(flat.hint).toContain('Mesh is a flat type');
    expect(usageError(() => run('meshtimeout..spec')).message).toContain('empty field name');
  });

  it('refuses types without a schema', () => {
    expect(usageError(() => run('MeshInsight')).message).toContain('MeshInsight has no schema to explain');
  });
});

describe('kumactl explain: coverage', () => {
  const withSchema = RESOURCE_TYPES.filter((t) => hasSchema(t.name));

  it('explains every registry type that has a schema at the top level', () => {
    expect(withSchema.length).toBeGreaterThan(40);
    for (const t of withSchema) {
      const out = explain(t.singular, [], { recursive: false });
      expect(out.startsWith(`KIND:     ${t.name}\n`)).toBe(true);
      expect(out).toContain('\nFIELDS:\n');
      expect(out).not.toContain('(no description)'); // every type has its own description
      expect(() => explain(t.name, [], { recursive: true })).not.toThrow();
    }
  });

  it('has a description for every registry type', () => {
    for (const t of RESOURCE_TYPES) expect(TYPE_DESCRIPTIONS[t.name], t.name).toBeTruthy();
    for (const name of Object.keys(TYPE_DESCRIPTIONS)) expect(RESOURCE_TYPES.some((t) => t.name === name), name).toBe(true);
  });

  it('resolves every description key to a schema path (descriptions cannot rot)', () => {
    const keys = Object.keys(FIELD_DESCRIPTIONS);
    expect(keys.length).toBeGreaterThan(200);
    for (const key of keys) {
      const [type = '', ...path] = key.split('.');
      const out = explain(type, path, { recursive: false });
      expect(out, key).toContain(`FIELD:    ${path.join('.')} <`);
      expect(out, key).toContain(`\nDESCRIPTION:\n  ${FIELD_DESCRIPTIONS[key]!.split(' ')[0]}`);
    }
  });

  it('resolves every shared description key in at least one type', () => {
    const explains = (type: string, path: string[]): boolean => {
      try {
        explain(type, path, { recursive: false });
        return true;
      } catch {
        return false;
      }
    };
    for (const key of Object.keys(SHARED_FIELD_DESCRIPTIONS)) {
      expect(withSchema.some((t) => explains(t.name, key.split('.'))), key).toBe(true);
    }
    for (const field of Object.keys(TARGET_REF_DESCRIPTIONS)) {
      const path = field === 'targetRef' ? ['spec', 'targetRef'] : ['spec', 'targetRef', field];
      expect(explains('MeshTimeout', path), field).toBe(true);
    }
  });

  it('covers every field of Mesh, MeshTimeout, MeshRetry and MeshCircuitBreaker, and every policy targetRef', () => {
    const missing: string[] = [];
    const walk = (type: string, path: string[]): void => {
      const out = explain(type, path, { recursive: false });
      if (path.length > 0 && out.includes('\nDESCRIPTION:\n  (no description)\n')) missing.push(`${type}.${path.join('.')}`);
      const fields = out.split('\nFIELDS:\n')[1];
      if (!fields) return;
      for (const m of fields.matchAll(/^ {2}(\S+) </gm)) walk(type, [...path, m[1]!]);
    };
    for (const type of ['Mesh', 'MeshTimeout', 'MeshRetry', 'MeshCircuitBreaker']) walk(type, []);
    for (const t of RESOURCE_TYPES.filter((x) => x.policy?.isTargetRef)) {
      const paths = [
        ...['type', 'name', 'mesh', 'labels', 'spec', 'spec.targetRef'].map((p) => p.split('.')),
        ...['kind', 'name', 'labels', 'tags', 'proxyTypes', 'sectionName'].map((f) => ['spec', 'targetRef', f]),
      ];
      for (const path of paths) {
        if (explain(t.name, path, { recursive: false }).includes('(no description)')) missing.push(`${t.name}.${path.join('.')}`);
      }
      for (const section of ['to', 'from', 'rules'] as const) {
        if (!t.policy?.[`has${section === 'to' ? 'To' : section === 'from' ? 'From' : 'Rules'}`]) continue;
        if (explain(t.name, ['spec', section], { recursive: false }).includes('(no description)')) missing.push(`${t.name}.spec.${section}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('shows every duration field the schemas mark as <duration>, in every type', () => {
    let count = 0;
    for (const t of RESOURCE_TYPES) {
      for (const { path } of durationFields(t.name)) {
        const segments = path.replaceAll('[]', '').split('.');
        expect(explain(t.name, segments, { recursive: false }), `${t.name}.${path}`).toContain(`FIELD:    ${segments.join('.')} <duration>`);
        count++;
      }
    }
    expect(count).toBeGreaterThan(100);
  });
});
