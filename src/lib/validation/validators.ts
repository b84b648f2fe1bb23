/**
 * Compiled schema validators. The build writes them ahead of time as plain modules
 * (dist/validators/<mode>/<Type>.cjs, ajv's standalone code), so a run only loads the few it needs
 * instead of compiling schemas at every start; without them (tests run from src/) they are compiled
 * here, with the very same options.
 */
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, _, type Options, type ValidateFunction } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { addKumaFormats } from './formats.js';

/** `check`: what validate reports (unknown fields are errors). `normalise`: what kuma-cp stores (unknown fields dropped, defaults filled). */
export type ValidatorMode = 'check' | 'normalise';

export const VALIDATOR_OPTIONS: Record<ValidatorMode, Options> = {
  check: { strict: true, allErrors: true, verbose: false },
  normalise: { strict: false, allErrors: true, removeAdditional: true, useDefaults: true },
};

const PRECOMPILED = new URL('../../validators/', import.meta.url);
const require = createRequire(import.meta.url);
const instances = new Map<ValidatorMode, Ajv>();

function ajvFor(mode: ValidatorMode): Ajv {
  let ajv = instances.get(mode);
  if (!ajv) {
    ajv = new Ajv(VALIDATOR_OPTIONS[mode]);
    addKumaFormats(ajv);
    instances.set(mode, ajv);
  }
  return ajv;
}

/** The validator of a type's schema: loaded from the build's output when there, compiled otherwise. */
export function validatorFor(mode: ValidatorMode, typeName: string, schema: object): ValidateFunction {
  try {
    return require(new URL(`${mode}/${typeName}.cjs`, PRECOMPILED).pathname) as ValidateFunction;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
  }
  return ajvFor(mode).compile(schema);
}

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
      writeFileSync(join(outDir, mode, `${name}.cjs`), standalone.default(ajv, ajv.compile(schema)));
      count++;
    }
  }
  return count;
}
