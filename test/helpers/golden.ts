import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const GOLDEN_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'golden');

/**
 * Compare `actual` byte for byte with `test/golden/<group>/<name>`. With `UPDATE_GOLDEN=1` the file is
 * (re)written: review the diff before committing it. A missing file fails: a check that writes what
 * it is about to compare with could never fail.
 */
export function expectGolden(group: string, name: string, actual: string): void {
  const file = join(GOLDEN_ROOT, group, name);
  if (process.env.UPDATE_GOLDEN) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  expect(existsSync(file), `golden file ${file} is missing: run the test with UPDATE_GOLDEN=1 and review what it writes`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** A golden checker bound to one group (`golden('x.txt', out)`). */
export function goldenIn(group: string): (name: string, actual: string) => void {
  return (name, actual) => expectGolden(group, name, actual);
}
