import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Violation } from '../../src/lib/validation/types.js';
import { rulesFor } from '../../src/lib/validation/rules/index.js';

/**
 * test/fixtures/policies/{valid,invalid}/*.yaml: one Universal policy each. Comment lines
 * `# expect-error: <field>: <message>` / `# expect-warning: <field>: <message>` list the exact findings of the rules.
 */
const ROOT = join(import.meta.dirname, '..', 'fixtures', 'policies');

function expectations(text: string, kind: 'error' | 'warning'): string[] {
  const prefix = `# expect-${kind}: `;
  return text
    .split('\n')
    .filter((l) => l.startsWith(prefix))
    .map((l) => l.slice(prefix.length).trimEnd());
}

for (const dir of ['valid', 'invalid'] as const) {
  describe(`policy fixtures: ${dir}`, () => {
    for (const file of readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.yaml')).sort()) {
      it(file, () => {
        const text = readFileSync(join(ROOT, dir, file), 'utf8');
        const doc = parse(text) as Record<string, unknown>;
        const rule = rulesFor(String(doc.type));
        expect(rule, `rule for ${String(doc.type)}`).toBeDefined();
        const found = rule!(doc);
        const show = (s: Violation['severity']) => found.filter((v) => v.severity === s).map((v) => `${v.field}: ${v.message}`);
        const errors = expectations(text, 'error');
        if (dir === 'valid') expect(errors).toEqual([]);
        else expect(errors.length).toBeGreaterThan(0);
        expect(show('error')).toEqual(errors);
        expect(show('warning')).toEqual(expectations(text, 'warning'));
      });
    }
  });
}
