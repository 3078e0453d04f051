import { defineProject } from 'vitest/config';

// Generous timeouts: the CSV import tests process real files, and CI shares two cores with the other projects.
export default defineProject({
  test: {
    name: 'api',
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
