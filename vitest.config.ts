import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The longest property tests take 5–10 s of CPU; on a 2-core machine shared with other work, that can be several
    // times as much wall time. A test that hangs still fails, after two minutes.
    testTimeout: 120_000,
    pool: 'threads',
    // Vitest's default is one worker fewer than the cores: one on a 2-core machine. The end-to-end tests run the CLI
    // in a worker thread of their own (test/helpers/cli.ts), and the few real processes wait on I/O, so two workers
    // keep both cores busy.
    maxWorkers: 2,
  },
});
