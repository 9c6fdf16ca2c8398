import { defineConfig } from 'vitest/config';

/**
 * npm run test:full — the heavy suites `npm test` leaves out to stay under six minutes: each
 * starts a local cloud of its own (the cohort under injected faults: 200 credentials while 10%
 * of DynamoDB, S3, SES and KMS calls fail). CI runs them after `npm test`.
 */
export default defineConfig({
  test: {
    include: ['test/heavy/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 600_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
