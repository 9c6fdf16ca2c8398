import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The heavy suites (their own local clouds) run in `npm run test:full` (vitest.full.config.ts).
    exclude: ['test/heavy/**', '**/node_modules/**'],
    // Integration suites share one local cloud, started once by the global setup.
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
