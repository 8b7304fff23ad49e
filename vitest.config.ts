import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    reporters: ['default', './test/reporters/summary-line.ts'],
    testTimeout: 20_000,
    // Server and CLI tests open real sockets and processes: forks keep them apart.
    pool: 'forks',
  },
});
