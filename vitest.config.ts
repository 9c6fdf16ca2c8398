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
    // The learner's side on the local cloud — the claim page's flows, its pages in a real browser,
    // wallet pickup (VC-API and OpenID4VCI: the wallets' libraries and both verifiers cold) and the
    // downloads read back with poppler and zbar, four minutes of test time — runs there as well:
    // with it, npm test took 363 s of its 360 here, 396 on a loaded CI machine; with the claim
    // page's flows alone, 359. Its unit tests (DID authentication, PDF, baked badges) stay here.
    exclude: [
      'test/heavy/**',
      'test/infra/**',
      // They move the local cloud's clock: their own cloud, one file at a time (vitest.clock.config.ts).
      'test/clock/**',
      'test/browser/staff-console.test.ts',
      'test/browser/staff-console-flows.test.ts',
      'test/browser/claim-page.test.ts',
      'test/integration/learner-claim.test.ts',
      'test/integration/oid4vci.test.ts',
      'test/integration/wallet-pickup.test.ts',
      'test/integration/claim-downloads.test.ts',
      'test/integration/console-*.test.ts',
      'test/integration/issuer-keys.test.ts',
      // Pathways (issue #20): eight credentials and four awards through the workflow, each award
      // after an EventBridge hop, a minute of test time npm test has no room for.
      'test/integration/pathways.test.ts',
      // Corrections (issue #20): reissues verified by both independent verifiers, half a minute.
      'test/integration/corrections.test.ts',
      // CLR transcripts (issue #21): three credentials, a pathway award and every proof verified by both verifiers.
      'test/integration/clr-transcripts.test.ts',
      // Cohorts (two minutes and a half of test time) and the permanent-failure paths: with every
      // issue now also evaluated for pathways (an invocation per CredentialIssued), npm test took
      // 421 s of its 360 on CI (347 before); they run in test:full, which CI runs after it.
      'test/integration/batches.test.ts',
      'test/integration/failure.test.ts',
      // Webhooks out (issue #21): two credentials through the workflow, then deliveries and their retries, half a minute.
      'test/integration/webhooks.test.ts',
      // Completions in (issue #21): webhook, Moodle and replays, five credentials through the workflow.
      'test/integration/completions.test.ts',
      // CompletionRecorded on the bus (issue #21): a credential through the workflow and two events through EventBridge's retries, half a minute.
      'test/integration/completion-events.test.ts',
      // The console's connected-systems pages in a real browser, with axe-core (issue #21).
      'test/browser/staff-console-integrations.test.ts',
      // The issuer's public directory in a real browser with axe-core (issue #21): its own issuer, a credential through the workflow, a minute.
      'test/browser/directory.test.ts',
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
