import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'threads',
    // Vitest's default is one worker fewer than the cores: one on a 2-core machine. Most of the suite's time is spent
    // in the CLI processes the end-to-end tests spawn, so two workers overlap well even on 2 cores.
    maxWorkers: 2,
  },
});
