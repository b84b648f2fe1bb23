import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // hang guards only, generous: two suites at once on a busy 2-core machine must still pass
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
