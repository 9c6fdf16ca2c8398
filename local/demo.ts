import { httpKeyResolver, laurelSuspensionLists, verifyCredential } from '../shared/credentials/verify';
import { WORKFLOW_STEPS } from '../shared/entities/issuance';
import { openBadgeSchemaErrors } from '../shared/credentials/schema';
import { AdminClient } from './admin-client';
import { startLocalCloud } from './cloud';
import { dataLiteracyAchievement, sampleAward } from './sample-data';
import { mintToken } from './identity-provider';
import { verifyIndependently } from './independent-verifier';
import { demoLearnerClaims } from './demo-learner';
import { demoCredentialLifecycle } from './demo-lifecycle';
import path from 'node:path';

/**
 * `npm run demo`: the main job on the embedded sample. Brings up the local cloud, defines an
 * achievement, issues it to a sample learner through the approval step, and verifies the
 * credential — with Laurel's verifier and with an independent one; then issues it to a cohort
 * of 40 from one CSV (two bad rows, one batch approval). The learner claims the first: the claim
 * page, the PDF certificate, a wallet pickup. Then, on a moved clock, a pathway awards a credential
 * by itself, a reminder goes out before an expiry, and the credential is renewed.
 * `--keep` leaves it running.
 */
const keep = process.argv.includes('--keep');
const step = (text: string) => console.log(`\n▸ ${text}`);

const cloud = await startLocalCloud();
let exitCode = 0;
try {
  const { outputs } = cloud;
  console.log(`Local cloud up: public API ${outputs.PublicApiUrl}, admin API ${outputs.AdminApiUrl}`);
  const staff = new AdminClient(outputs.AdminApiUrl, await mintToken(cloud.identity, 'dana.registrar', ['designer', 'issuer']));
  const approver = new AdminClient(outputs.AdminApiUrl, await mintToken(cloud.identity, 'alex.approver', ['approver']));

  step('A designer defines the achievement "Data Literacy" (skills aligned to ESCO and SFIA; approval: one approver)');
  const achievement = await staff.request('POST', '/achievements', dataLiteracyAchievement);
  if (achievement.status !== 201) throw new Error(`creating the achievement failed: ${JSON.stringify(achievement.body)}`);

  step('An issuer requests it for a learner, with the capstone result and evidence');
  const requested = await staff.request('POST', '/issuances', sampleAward());
  if (requested.status !== 202) throw new Error(`requesting the issuance failed: ${JSON.stringify(requested.body)}`);
  const issuanceId: string = requested.body.id;
  console.log(`  issuance ${issuanceId}`);
  await staff.waitForIssuance(issuanceId, (i) => i.status === 'AWAITING_APPROVAL');
  console.log('  evidence checked; waiting for approval');

  step('Another person, holding the approver role, approves it');
  const approved = await approver.request('POST', `/issuances/${issuanceId}/approve`, { comment: 'Capstone marked 82%.' });
  if (approved.status !== 200) throw new Error(`approving failed: ${JSON.stringify(approved.body)}`);
  const issued = await staff.waitForIssuance(issuanceId, (i) => ['ISSUED', 'FAILED', 'REJECTED'].includes(i.status));
  if (issued.status !== 'ISSUED') throw new Error(`the issuance ended ${issued.status}: ${JSON.stringify(issued.failure ?? issued.rejection)}`);
  for (const name of WORKFLOW_STEPS) {
    const s = (issued.steps as Record<string, { status: string; detail?: string }>)[name];
    if (s) console.log(`  ${name.padEnd(13)} ${s.status.padEnd(9)} ${s.detail ?? ''}`);
  }

  const credentialUrl = `${outputs.PublicApiUrl}/credentials/${issued.credentialId}`;
  step('The learner receives an email');
  const store = (await (await fetch(`${outputs.MailboxUrl}/store`)).json()) as { emails: { subject: string; destination: { to: string[] } }[] };
  const email = store.emails.at(-1);
  console.log(`  to ${email?.destination.to.join(', ')}: "${email?.subject}"`);
  console.log(`  read it at ${outputs.MailboxUrl}`);

  step('Anyone verifies the credential from its URL');
  const credential = await (await fetch(credentialUrl, { headers: { accept: 'application/ld+json' } })).json();
  const schemaErrors = openBadgeSchemaErrors(credential);
  console.log(`  official OB 3.0 schema: ${schemaErrors.length ? `FAILED ${schemaErrors.join('; ')}` : 'passes'}`);
  const ours = await verifyCredential(credential, { resolver: httpKeyResolver(), suspensionListFor: laurelSuspensionLists(outputs.PublicApiUrl) });
  for (const c of ours.checks) console.log(`  ${c.passed ? '✓' : '✗'} ${c.name.padEnd(9)} ${c.message}`);
  const independent = await verifyIndependently(credential);
  console.log(
    `  independent verifier (@digitalbazaar/vc, eddsa-rdfc-2022, bitstring status list): ${independent.verified ? 'verified' : `NOT verified: ${independent.error}`}${independent.revoked ? ', REVOKED' : ', not revoked'}`,
  );
  if (schemaErrors.length || ours.status !== 'valid' || !independent.verified || independent.revoked) throw new Error('verification failed');

  step('The learner claims it: the private claim page, a PDF certificate, and a wallet pickup bound to their own DID');
  await demoLearnerClaims({ publicApiUrl: outputs.PublicApiUrl, mailboxUrl: outputs.MailboxUrl, learnerEmail: email?.destination.to[0] ?? '', outputDir: path.join('.local', 'demo'), log: console.log });

  step('A registrar issues it to the whole cohort from one CSV: every row checked first, one approval for the batch');
  const cohort = Array.from({ length: 40 }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    const email = i === 11 ? 'student12.example.org' : `student${n}@example.org`; // line 13: no @
    const score = i === 25 ? 55 : 70 + (i % 30); // line 27: under the rule's minimum of 70
    return `${email},Student ${n},S20260${n},${score},${85 + (i % 15)},https://lms.example.edu/portfolio/s${n},2026-11-20`;
  });
  const csv = ['email,name,student_number,score,attendance_percent,evidence_url,completion_date', ...cohort].join('\n');
  const submitted = await staff.submitCohortFile({ achievementId: 'data-literacy', content: csv, name: 'autumn-2026.csv', cohort: { intake: 'Autumn 2026' }, onInvalidRows: 'issue-valid' });
  const batchId: string = submitted.body.batch.id;
  const waiting = await staff.waitForBatch(batchId, (b) => b.status !== 'VALIDATING' && b.status !== 'AWAITING_UPLOAD');
  if (waiting.status !== 'AWAITING_APPROVAL') throw new Error(`the batch is ${waiting.status}, not waiting for its approval: ${JSON.stringify(waiting.failure ?? waiting.validation)}`);
  console.log(`  batch ${batchId}: ${waiting.validation.rows} rows, ${waiting.validation.valid} valid, ${waiting.validation.invalid} reported and left out:`);
  for (const p of waiting.validation.problems) console.log(`    line ${p.line}${p.column ? ` (${p.column})` : ''}: ${p.problem}`);
  const batchApproved = await approver.request('POST', `/batches/${batchId}/approve`, { comment: 'Exam board minutes 2026-11-21.' });
  if (batchApproved.status !== 200) throw new Error(`approving the batch failed: ${JSON.stringify(batchApproved.body)}`);
  const done = await staff.waitForBatch(batchId, (b) => ['COMPLETED', 'FAILED', 'CANCELLED'].includes(b.status) && b.progress.emailsPending === 0);
  const p = done.progress;
  console.log(`  ${done.status}: ${p.issued} issued, ${p.delivered} emails delivered, ${p.failed} failed (${p.ratePerSecond} credentials/s)`);
  if (done.status !== 'COMPLETED' || p.issued !== 38 || p.failed !== 0) throw new Error('the cohort was not issued as expected');
  const report = String((await staff.request('GET', `/batches/${batchId}/report`)).body).trimEnd().split('\r\n');
  console.log(`  its report, a row per line of the file (${report.length - 1} rows), begins:`);
  for (const line of report.slice(0, 3)) console.log(`    ${line}`);

  step('Credentials that live: a pathway awards the bigger credential by itself; a reminder before an expiry; a renewal');
  await demoCredentialLifecycle({ staff, approver, outputs, log: console.log });

  console.log(`\nCredential: ${credentialUrl}  (a browser gets the verification page)`);
  console.log(`Mailbox:    ${outputs.MailboxUrl}`);
} catch (e) {
  console.error(`\nDemo failed: ${(e as Error).message}\n(function logs: .local/logs/functions.log)`);
  exitCode = 1;
}

if (keep && exitCode === 0) {
  console.log('\nThe local cloud keeps running (Ctrl-C stops it). Outputs: .local/outputs.json');
  console.log(`Staff console: ${cloud.outputs.ConsoleUrl}  (sign in as any demo user)`);
  const shutdown = async () => {
    await cloud.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} else {
  await cloud.stop();
  process.exit(exitCode);
}
