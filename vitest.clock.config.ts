import { defineConfig } from 'vitest/config';

/**
 * The suites that move the local cloud's clock (test/clock/: reminders, expiry, renewal), run by
 * `npm run test:full` after its other suites, in a local cloud of their own: the clock is the
 * whole cloud's, so a suite moving it would make every other suite's credentials issued in the
 * future (which verifiers rightly reject). One file at a time, for the same reason.
 */
export default defineConfig({
  test: {
    include: ['test/clock/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 300_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
