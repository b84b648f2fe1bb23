import { describe, it, expect } from 'vitest';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Ajv, type ValidateFunction } from 'ajv';
import { addKumaFormats } from '../../src/lib/validation/formats.js';
import { schemaFile } from '../../src/lib/validation/schema.js';
import { VALIDATOR_OPTIONS, validatorFile } from '../../src/lib/validation/validators.js';
import { RESOURCE_TYPES } from '../../src/lib/resources/registry.js';
import { KUBERNETES_ONLY_KINDS } from '../../src/lib/resources/kubernetes.js';
import { ROOT } from '../helpers/cli.js';

const require = createRequire(import.meta.url);
const DIST = join(ROOT, 'dist', 'validators');

/** Every YAML document of the test fixtures and examples, with a few broken copies of each. */
function corpus(): Record<string, unknown>[] {
  const docs: Record<string, unknown>[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(f)) for (const d of parseAllDocuments(readFileSync(p, 'utf8'))) if (!('errors' in d && d.errors.length)) docs.push(d.toJS());
    }
  };
  walk(join(ROOT, 'test', 'fixtures'));
  walk(join(ROOT, 'examples'));
  const objects = docs.filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null && typeof d.type === 'string');
  return objects.flatMap((d) => [d, { ...d, unknownField: 1 }, { ...d, name: 7 }, { ...d, spec: 'wrong' }, { type: d.type, name: 'bare' }]);
}

describe('validators compiled at build time (dist/validators)', () => {
  it('answer exactly as the schemas compiled at run time, in both modes, for every document of the fixtures', () => {
    expect(existsSync(DIST), 'dist/validators is missing: `npm test` builds first').toBe(true);
    const runtime = { check: new Ajv(VALIDATOR_OPTIONS.check), normalise: new Ajv(VALIDATOR_OPTIONS.normalise) };
    for (const ajv of Object.values(runtime)) addKumaFormats(ajv);
    const docs = corpus();
    let compared = 0;
    for (const type of RESOURCE_TYPES) {
      if (!existsSync(schemaFile(type.name))) continue;
      const schema = JSON.parse(readFileSync(schemaFile(type.name), 'utf8'));
      for (const mode of ['check', 'normalise'] as const) {
        const built = require(join(DIST, mode, `${type.name}.cjs`)) as ValidateFunction;
        const compiled = runtime[mode].compile(schema);
        for (const doc of docs.filter((d) => d.type === type.name).concat([{ type: type.name, name: 'x', labels: { a: 1 } }])) {
          const a = structuredClone(doc);
          const b = structuredClone(doc);
          expect([built(a), built.errors ?? null, a], `${mode} ${type.name} ${String(doc.name)}`).toEqual([compiled(b), compiled.errors ?? null, b]);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(200);
  });

  it('exist for Kuma\'s Kubernetes-only kinds too, and answer as their schemas do', () => {
    const runtime = new Ajv(VALIDATOR_OPTIONS.check);
    addKumaFormats(runtime);
    const docs = parseAllDocuments(readFileSync(join(ROOT, 'test', 'fixtures', 'e2e', 'kuma-docs', 'gateway.yaml'), 'utf8')).map((d) => d.toJS() as Record<string, unknown>);
    for (const kind of KUBERNETES_ONLY_KINDS.keys()) {
      const name = `kubernetes/${kind}`;
      const built = require(join(DIST, 'check', validatorFile(name))) as ValidateFunction;
      const compiled = runtime.compile(JSON.parse(readFileSync(schemaFile(name), 'utf8')));
      const own = docs.filter((d) => d.kind === kind);
      for (const doc of [...own, ...own.map((d) => ({ ...d, spec: { replicas: 0, serviceType: 'x', extra: 1 } })), { apiVersion: 'kuma.io/v1alpha1', kind }]) {
        expect([built(doc), built.errors ?? null], `${kind} ${JSON.stringify(doc)}`).toEqual([compiled(doc), compiled.errors ?? null]);
      }
    }
  });
});
