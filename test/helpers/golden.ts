import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const GOLDEN_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'golden');

/**
 * Compare `actual` byte for byte with `test/golden/<group>/<name>`. With `UPDATE_GOLDEN=1`, or when
 * the file does not exist yet, the file is (re)written: review the diff before committing it.
 */
export function expectGolden(group: string, name: string, actual: string): void {
  const file = join(GOLDEN_ROOT, group, name);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** A golden checker bound to one group (`golden('x.txt', out)`). */
export function goldenIn(group: string): (name: string, actual: string) => void {
  return (name, actual) => expectGolden(group, name, actual);
}
