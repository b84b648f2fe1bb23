import { goldenIn } from '../helpers/golden.js';

/** `test/golden/output/<name>`: see test/helpers/golden.ts. */
export const expectGolden = goldenIn('output');
