/** Part of the build (scripts/build.mjs): the validators that ./validators.ts loads, as ajv standalone code. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, _ } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { addKumaFormats } from './formats.js';
import { VALIDATOR_OPTIONS, validatorFile, type ValidatorMode } from './validators.js';

/**
 * Writes every schema's validators, in both modes, as CommonJS modules under `outDir` (the build's
 * dist/validators/), with the formats they use in `outDir/formats.cjs`, written by the caller.
 */
export function writeValidators(outDir: string, schemas: ReadonlyMap<string, object>): number {
  let count = 0;
  for (const mode of Object.keys(VALIDATOR_OPTIONS) as ValidatorMode[]) {
    const ajv = new Ajv({ ...VALIDATOR_OPTIONS[mode], code: { source: true, esm: false, formats: _`require("../formats.cjs").KUMA_FORMATS` } });
    addKumaFormats(ajv);
    mkdirSync(join(outDir, mode), { recursive: true });
    for (const [name, schema] of schemas) {
      writeFileSync(join(outDir, mode, validatorFile(name)), standalone.default(ajv, ajv.compile(schema)));
      count++;
    }
  }
  return count;
}
