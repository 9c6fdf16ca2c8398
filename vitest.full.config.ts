import { defineConfig } from 'vitest/config';

/**
 * npm run test:full — the heavy suites `npm test` leaves out to stay under six minutes: the
 * CDK template and wiring assertions (test/infra/, a minute of synthesis CPU on a loaded machine); the
 * cohort under injected faults, in a local cloud of its own (200 credentials while 10% of
 * DynamoDB, S3, SES and KMS calls fail), and the tests that synthesize the app in settings of
 * their own (deployability rules, staff identity, reserved concurrency: about two minutes of
 * CPU), cdk-nag over the whole app (test/heavy/nag.test.ts; `cdk synth` runs it too), the
 * operations alarms in their settings (test/heavy/alarms.test.ts), the origin secret in its
 * (test/heavy/origin-secret.test.ts), the final export served
 * from a plain file server (test/heavy/export-static.test.ts), and four functions bundled as
 * Lambda gets them and run (test/heavy/lambda-bundle.test.ts, half a minute of esbuild and
 * imports), the static ReDoS check of every regular expression (test/heavy/redos.test.ts:
 * forty seconds of CPU that the integration suites of `npm test` competed for), and, on the
 * shared local cloud of `npm test`, a thousand malformed requests across
 * every admin route (test/heavy/malformed-requests.test.ts), the CLI run as a process per
 * staff member (test/heavy/cli.test.ts) and a cohort chunk failing for good part-way
 * (test/heavy/chunk-failure.test.ts): together about four of `npm test`'s six minutes on a
 * loaded 2-core machine; and the staff console walked in a real browser by every role
 * (test/browser/staff-console.test.ts, two minutes), its sign-in over the local identity provider
 * (test/integration/console-sign-in.test.ts) and the admin routes it added
 * (test/integration/console-routes.test.ts); and the issuer keys' lifecycle
 * (test/integration/issuer-keys.test.ts: keys created, rotated and compromised, a minute and a half
 * that npm test, at 386 s of its 360 on a loaded CI machine, had no room for); and the learner's
 * pages in a real browser (test/browser/claim-page.test.ts, a minute), the claim page's flows
 * (test/integration/learner-claim.test.ts, a minute and a half), wallet pickup over VC-API
 * and OpenID4VCI (test/integration/wallet-pickup.test.ts, oid4vci.test.ts: two minutes) and the
 * claim page's downloads read back (test/integration/claim-downloads.test.ts); and pathways
 * awarding their target through the workflow (test/integration/pathways.test.ts, a minute) and
 * credentials corrected and extended (test/integration/corrections.test.ts), and a learner's CLR 2.0
 * transcript signed and verified (test/integration/clr-transcripts.test.ts); and cohorts and the
 * permanent-failure paths (test/integration/batches.test.ts, failure.test.ts: two minutes and a
 * half of test time that npm test, at 421 s of its 360 once every issue ran the pathway
 * evaluation, had no room for). CI runs them after
 * `npm test`.
 */
export default defineConfig({
  test: {
    include: ['test/heavy/**/*.test.ts', 'test/infra/**/*.test.ts', 'test/browser/staff-console.test.ts', 'test/browser/staff-console-flows.test.ts', 'test/browser/claim-page.test.ts', 'test/integration/learner-claim.test.ts', 'test/integration/oid4vci.test.ts', 'test/integration/wallet-pickup.test.ts', 'test/integration/claim-downloads.test.ts', 'test/integration/console-*.test.ts', 'test/integration/issuer-keys.test.ts', 'test/integration/pathways.test.ts', 'test/integration/corrections.test.ts', 'test/integration/clr-transcripts.test.ts', 'test/integration/batches.test.ts', 'test/integration/failure.test.ts', 'test/integration/webhooks.test.ts', 'test/integration/completions.test.ts',
      // Issue #21: CompletionRecorded on the bus, and the console's connected-systems pages in a real browser with axe-core.
      'test/integration/completion-events.test.ts', 'test/browser/staff-console-integrations.test.ts',
      // Issue #21: the issuer's public directory in a real browser with axe-core (its own issuer and credential, a minute).
      'test/browser/directory.test.ts'],
    // The local cloud of `npm test`, for the heavy suites that use it (malformed requests, the CLI);
    // the fault-injection suite starts one of its own.
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 600_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
