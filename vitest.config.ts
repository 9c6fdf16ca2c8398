import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The heavy suites (their own local clouds) and the template assertions (test/infra/: a
    // minute of synthesis CPU, which the integration suites competed for) run in
    // `npm run test:full` (vitest.full.config.ts).
    // The staff console's browser walk, its sign-in over the local identity provider and the routes
    // it added (two minutes of a real browser and cohorts), and the issuer-key lifecycle (a minute
    // and a half of KMS keys created, rotated and compromised) run there too.
    // The learner's pages in a real browser (a minute), wallet pickup (VC-API and OpenID4VCI: two
    // minutes, the wallets' libraries and both verifiers cold) and the claim page's downloads
    // (PDFs read back with poppler and zbar) run there as well: with them, npm test took 363 s of
    // its 360 on this machine, 396 on a loaded one. The claim page's own flows stay here.
    exclude: [
      'test/heavy/**',
      'test/infra/**',
      'test/browser/staff-console.test.ts',
      'test/browser/staff-console-flows.test.ts',
      'test/browser/claim-page.test.ts',
      'test/integration/oid4vci.test.ts',
      'test/integration/wallet-pickup.test.ts',
      'test/integration/claim-downloads.test.ts',
      'test/integration/console-*.test.ts',
      'test/integration/issuer-keys.test.ts',
      '**/node_modules/**',
    ],
    // Integration suites share one local cloud, started once by the global setup.
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Three files at once on two cores: a flow that cold-starts many functions may take a minute.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // One more test file than cores: integration tests mostly wait on the local cloud's
    // workflows, so a third file runs while two wait. (Vitest's default, cores − 1, ran the
    // files one at a time on 2 cores: 598 s; with 3, 342 s, every test passing.)
    maxWorkers: availableParallelism() + 1,
  },
});
