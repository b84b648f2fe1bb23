/**
 * Compiled schema validators. The build writes them ahead of time as plain modules
 * (dist/validators/<mode>/<Type>.cjs, ajv's standalone code), so a run only loads the few it needs
 * instead of compiling schemas at every start; without them (tests run from src/) they are compiled
 * here, with the very same options.
 */
import { createRequire } from 'node:module';
import type { Ajv as AjvInstance, Options, ValidateFunction } from 'ajv';
import { addKumaFormats } from './formats.js';

/** `check`: what validate reports (unknown fields are errors). `normalise`: what kuma-cp stores (unknown fields dropped, defaults filled). */
export type ValidatorMode = 'check' | 'normalise';

export const VALIDATOR_OPTIONS: Record<ValidatorMode, Options> = {
  check: { strict: true, allErrors: true, verbose: false },
  normalise: { strict: false, allErrors: true, removeAdditional: true, useDefaults: true },
};

const PRECOMPILED = new URL('../../validators/', import.meta.url);
const require = createRequire(import.meta.url);
const instances = new Map<ValidatorMode, AjvInstance>();

/** ajv itself (a few dozen modules) loads only when a schema has to be compiled here. */
function ajvFor(mode: ValidatorMode): AjvInstance {
  let ajv = instances.get(mode);
  if (!ajv) {
    const { Ajv } = require('ajv') as typeof import('ajv');
    ajv = new Ajv(VALIDATOR_OPTIONS[mode]);
    addKumaFormats(ajv);
    instances.set(mode, ajv);
  }
  return ajv;
}

/** The file of a schema's precompiled validator, in the mode's directory (`kubernetes/X` -> `kubernetes.X.cjs`). */
export function validatorFile(typeName: string): string {
  return `${typeName.replace('/', '.')}.cjs`;
}

/** The validator of a type's schema: loaded from the build's output when there, compiled otherwise. */
export function validatorFor(mode: ValidatorMode, typeName: string, schema: object): ValidateFunction {
  try {
    return require(new URL(`${mode}/${validatorFile(typeName)}`, PRECOMPILED).pathname) as ValidateFunction;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
  }
  return ajvFor(mode).compile(schema);
}
