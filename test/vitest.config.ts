import { defineProject } from 'vitest/config';

// Cross-package, end-to-end and fault tests: slower, so they get generous timeouts and run one file at a time.
export default defineProject({
  test: {
    name: 'test',
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'fixtures/**'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
