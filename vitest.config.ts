import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Ink reads CI to decide how to draw; the render tests set their own stdout.
    testTimeout: 20_000,
    pool: 'forks',
  },
});
