import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand, KMSClient, ListKeysCommand, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium, SHOTS } from '../support/browser';
import { localCloud, uniqueId } from '../support/cloud';
import { checkPage, go, signIn as signInAs, type Session } from '../support/console-session';

/**
 * The staff console's flows that only the API tests walked until now, clicked in a real browser
 * (Debian's chromium, driven by playwright-core) by the role that does each: an approver's
 * rejection, an exception's justification in front of its approver, a resend to a corrected
 * address, a key rotated and a key reported compromised, the report as CSV, a cohort file with
 * the SIS's own headers mapped and then cancelled while it runs, a cohort's failed rows retried,
 * an evidence file uploaded from the Issue form, and a bulk status change from a selection. Each
 * asserts what the page shows and what the API then says; every page state on the way is checked
 * with axe-core (WCAG 2.2 A and AA) and saved as test-results/screenshots/console-flows-*.png.
 * The local cloud's admin API (cloud.as) only prepares what a flow starts from.
 */
const cloud = localCloud();

let browser: Browser;
/** Every signed-in browser context, closed after each test even when it failed half-way. */
const contexts = new Set<BrowserContext>();

/** axe-core and a screenshot, as console-flows-<name>.png. */
const check = (page: Page, name: string) => checkPage(page, `flows-${name}`);

/** Signs in as `user` with `roles`; the context is closed after the test if the test did not. */
async function signIn(user: string, roles: string[]): Promise<Session> {
  const session = await signInAs(browser, cloud.outputs.ConsoleUrl, user, roles);
  contexts.add(session.context);
  return session;
}

/**
 * Waits for the console's live region to announce `text` ("Rejected.", "Cancelled."…): what a
 * screen reader reads once an action is done. A function's first call in the local cloud imports
 * its sources (seconds on a loaded machine), so this allows more than expect.poll's 5 s; an error
 * alert on the page instead is shown as what was received.
 */
async function announced(page: Page, text: string, timeout = 30_000) {
  await expect
    .poll(async () => {
      const alerts = (await page.getByRole('alert').allTextContents()).filter(Boolean);
      return alerts.length ? `alert: ${alerts.join(' | ')}` : await page.locator('.announcer').textContent();
    }, { timeout })
    .toBe(text);
}

/** An achievement defined through the API (a setup shortcut), with a fresh id. */
async function defineAchievement(fields: Record<string, unknown>): Promise<string> {
  const designer = await cloud.as('flows.designer', ['designer']);
  const id = uniqueId('flows');
  const created = await designer.request('POST', '/achievements', { id, kind: 'course', name: `Flows ${id.slice(-8)}`, description: 'd', criteria: 'c', approval: { mode: 'auto' }, ...fields });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return id;
}

/** Mail for `address`, polled: the local mailbox receives it a moment after the API answers. */
async function mailTo(address: string, count = 1, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = (await cloud.mail()).filter((m) => m.destination.to.includes(address));
    if (mail.length >= count || Date.now() > deadline) return mail;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!browserAvailable)('the staff console, flow by flow', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });
  afterEach(async () => {
    for (const context of contexts) await context.close();
    contexts.clear();
  });
  afterAll(async () => browser?.close());

  it('an approver rejects a request with a reason; it ends REJECTED and its requester reads the reason', async () => {
    const achievementId = await defineAchievement({ approval: { mode: 'single', role: 'approver' } });
    const requester = await cloud.as('ivo.requester', ['issuer']);
    const requested = await requester.request('POST', '/issuances', { achievementId, recipient: { email: `${uniqueId('rej')}@example.edu`, name: 'Ada Lovelace' } });
    expect(requested.status).toBe(202);
    const issuanceId = requested.body.id as string;
    await requester.waitForIssuance(issuanceId, (i) => i.status === 'AWAITING_APPROVAL');
    const reason = 'The assessment record names another learner: ask the module office to correct it.';

    const approver = await signIn('ria.approver', ['approver']);
    let page = approver.page;
    await go(page, 'Approvals');
    await page.getByRole('search', { name: 'Filter approvals' }).getByLabel('Achievement id').fill(achievementId);
    await page.getByRole('link', { name: `Review request ${issuanceId.slice(0, 8)}` }).click();
    await page.getByRole('heading', { name: 'Your decision' }).waitFor();
    // Reject stays disabled until there is a reason the requester can read.
    expect(await page.getByRole('button', { name: 'Reject' }).isDisabled()).toBe(true);
    await page.getByLabel('Reason for rejecting').fill(reason);
    await check(page, 'approval-reject');
    await page.getByRole('button', { name: 'Reject' }).click();
    await page.getByRole('heading', { level: 1, name: 'Approvals' }).waitFor();
    await announced(page, 'Rejected.');
    expect(await page.getByRole('link', { name: `Review request ${issuanceId.slice(0, 8)}` }).count()).toBe(0);
    await check(page, 'approvals-after-reject');
    expect(approver.errors).toEqual([]);
    await approver.context.close();

    const rejected = await requester.waitForIssuance(issuanceId, (i) => i.status === 'REJECTED');
    expect(rejected.rejection).toMatchObject({ stage: 'approval', reason });
    expect(rejected.approvals).toMatchObject([{ decision: 'REJECTED', decidedBy: { name: 'ria.approver' } }]);

    // The requester opens the request and reads why.
    const issuer = await signIn('ivo.requester', ['issuer']);
    page = issuer.page;
    await page.goto(`${cloud.outputs.ConsoleUrl}/issuances/${issuanceId}`);
    await page.getByRole('heading', { level: 1, name: `Issuance ${issuanceId.slice(0, 8)}` }).waitFor();
    await page.getByText(`At approval: ${reason}`).waitFor();
    await page.getByText('Rejected as approver by ria.approver', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Withdraw request' }).count()).toBe(0);
    await check(page, 'issuance-rejected');
    expect(issuer.errors).toEqual([]);
    await issuer.context.close();
  }, 120_000);

  it('an issuer asks for an exception to a rule the request failed; the approver reads the justification and decides', async () => {
    const achievementId = await defineAchievement({
      resultDescriptions: [{ key: 'score', name: 'Final score', resultType: 'Percent' }],
      rules: [{ kind: 'minimumScore', resultKey: 'score', minimum: 70 }],
    });
    const learner = `${uniqueId('exc')}@example.edu`;
    const justification = 'Scored 64 after a documented illness; the exam board accepted mitigating circumstances on 3 November.';

    // The issuer requests it in the console with a score under the minimum: the evidence check refuses it.
    const issuer = await signIn('ines.issuer', ['issuer']);
    let page = issuer.page;
    await go(page, 'Issue');
    await page.getByRole('combobox', { name: 'Achievement' }).selectOption(achievementId);
    await page.getByText('Result "score" of at least 70').waitFor();
    await page.getByLabel('Email address').fill(learner);
    await page.getByLabel('Name', { exact: true }).fill('Grace Hopper');
    await page.getByRole('textbox', { name: /Final score/ }).fill('64');
    await page.getByRole('button', { name: 'Issue credential' }).click();
    await page.getByRole('heading', { level: 1, name: /^Issuance / }).waitFor();
    const issuanceId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByText(/^At evidence: /).waitFor({ timeout: 30_000 });
    await check(page, 'issuance-failed-rule');
    const refused = await (await cloud.as('ines.issuer', ['issuer'])).request('GET', `/issuances/${issuanceId}`);
    expect(refused.body).toMatchObject({ status: 'REJECTED', rejection: { stage: 'evidence' } });

    // Its requester asks for an exception from the issuance's page, with a justification.
    await page.getByRole('button', { name: 'Ask for an exception' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ask for an exception?' });
    expect(await dialog.getByRole('button', { name: 'Ask for an exception' }).isDisabled()).toBe(true);
    await dialog.getByLabel('Justification').fill(justification);
    await check(page, 'issuance-exception-dialog');
    await dialog.getByRole('button', { name: 'Ask for an exception' }).click();
    await page.getByText('Exception asked for: the request goes to an approver.').waitFor();
    // The issuer's page follows it into the approval queue by itself.
    await page.getByText('Waiting for approver.').waitFor({ timeout: 30_000 });
    await check(page, 'issuance-exception-waiting');
    expect(issuer.errors).toEqual([]);
    await issuer.context.close();

    // The approver sees it flagged in the queue, and the justification on the review page.
    const approver = await signIn('abel.approver', ['approver']);
    page = approver.page;
    await go(page, 'Approvals');
    await page.getByRole('search', { name: 'Filter approvals' }).getByLabel('Achievement id').fill(achievementId);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `Review request ${issuanceId.slice(0, 8)}` }) });
    await row.getByText('Exception', { exact: true }).waitFor();
    await check(page, 'approvals-exception');
    await row.getByRole('link', { name: `Review request ${issuanceId.slice(0, 8)}` }).click();
    await page.getByRole('heading', { name: 'Your decision' }).waitFor();
    await page.getByText('Exception requested.').waitFor();
    expect(await page.getByText(`“${justification}”`).isVisible()).toBe(true);
    expect(await page.getByText('score: 64').isVisible()).toBe(true);
    await check(page, 'approval-exception');
    await page.getByLabel('Comment (optional, kept with your approval)').fill('Mitigation confirmed with the exam board.');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('heading', { level: 1, name: 'Approvals' }).waitFor();
    expect(approver.errors).toEqual([]);
    await approver.context.close();

    const issued = await (await cloud.as('flows.check', ['registrar'])).waitForIssuance(issuanceId, (i) => ['ISSUED', 'FAILED', 'REJECTED'].includes(i.status));
    expect(issued.status).toBe('ISSUED');
    expect(issued.award.exception).toEqual({ justification });
    expect(issued.approvals).toMatchObject([{ decision: 'APPROVED', decidedBy: { name: 'abel.approver' }, comment: 'Mitigation confirmed with the exam board.' }]);
  }, 120_000);

  it('a registrar resends a credential to a corrected address, and the email arrives there', async () => {
    const typo = `${uniqueId('resend')}@exmaple.edu`;
    const corrected = typo.replace('@exmaple.edu', '@example.edu');
    const issued = await cloud.issueAuto('flows.issuer', { kind: 'course', name: 'Resend', description: 'd', criteria: 'c' }, { recipient: { email: typo, name: 'Alan Turing' } });
    expect(issued.status).toBe('ISSUED');
    expect(await mailTo(typo)).toHaveLength(1);

    const registrar = await signIn('rosa.registrar', ['registrar']);
    const page = registrar.page;
    await go(page, 'Credentials');
    await page.getByLabel("Learner's email or student number").fill(typo);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: `Credential ${issued.credentialId.slice(0, 8)}` }).click();
    await page.getByRole('heading', { name: 'Email to the learner' }).waitFor();
    await page.getByLabel('Corrected email address (optional)').fill(corrected);
    await check(page, 'credential-resend');
    await page.getByRole('button', { name: 'Resend email' }).click();
    await announced(page, 'Sent to the corrected address.');
    expect(await page.getByLabel('Corrected email address (optional)').inputValue()).toBe('');
    await check(page, 'credential-resent');
    expect(registrar.errors).toEqual([]);
    await registrar.context.close();

    // A new email, at the corrected address; nothing more to the mistyped one.
    const mail = await mailTo(corrected);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.body.html ?? mail[0]!.body.text).toContain(issued.credentialId);
    expect(await mailTo(typo, 2, 1_000)).toHaveLength(1);
    const staff = await cloud.as('flows.check', ['registrar']);
    const after = await staff.request('GET', `/issuances/${issued.id}`);
    expect(after.body.deliveries.length).toBeGreaterThanOrEqual(1);
    expect(after.body.delivery.messageId).toBe(mail[0]!.messageId);
  }, 120_000);

  it('on an issuer’s page, a designer rotates its key and an administrator reports a key compromised', async () => {
    const issuerId = uniqueId('keys').toLowerCase().replace(/[^a-z0-9-]/g, '');
    const name = `School of Keys ${issuerId.slice(-6)}`;
    const staff = await cloud.as('kit.keys', ['designer', 'admin']);
    expect((await staff.request('POST', '/issuers', { issuerId, name, url: 'https://keys.example.edu' })).status).toBe(201);
    const keysNow = async () => (await staff.request('GET', `/issuers/${issuerId}/keys`)).body.items as { keyId: string; status: string; algorithm: string }[];
    const before = await keysNow();
    expect(before.map((k) => k.status)).toEqual(before.map(() => 'CURRENT'));
    const signing = before.find((k) => k.algorithm === 'Ed25519')!;

    const session = await signIn('kit.keys', ['designer', 'admin']);
    const page = session.page;
    await go(page, 'Issuers');
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    const keys = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Key' }) });
    const keyRow = (keyId: string) => keys.getByRole('row').filter({ has: page.getByRole('link', { name: keyId.slice(0, 12), exact: true }) });
    await keyRow(signing.keyId).waitFor();
    await check(page, 'issuer-keys');

    // Rotation: a confirmation that says what happens, then a new current key; the old one retires.
    await page.getByRole('button', { name: 'Rotate key' }).click();
    const rotate = page.getByRole('dialog', { name: 'Rotate the signing key?' });
    await rotate.getByText('existing credentials stay valid').waitFor();
    await check(page, 'issuer-rotate-dialog');
    await rotate.getByRole('button', { name: 'Rotate key' }).click();
    await announced(page, 'A new key signs from now on.');
    await keys.getByRole('row').nth(before.length + 1).waitFor();
    expect(await keyRow(signing.keyId).getByText('Retired', { exact: true }).isVisible()).toBe(true);
    const rotated = await keysNow();
    expect(rotated).toHaveLength(before.length + 1);
    expect(rotated.find((k) => k.keyId === signing.keyId)?.status).toBe('RETIRED');
    const successor = rotated.find((k) => k.algorithm === 'Ed25519' && k.status === 'CURRENT')!;
    expect(successor.keyId).not.toBe(signing.keyId);
    expect(await keyRow(successor.keyId).getByText('Current', { exact: true }).isVisible()).toBe(true);
    await check(page, 'issuer-rotated');

    // The retired key reported compromised: the dialog says what happens to what it signed.
    await keyRow(signing.keyId).getByRole('button', { name: 'Report compromised' }).click();
    const report = page.getByRole('dialog', { name: 'Report this key compromised?' });
    await report.getByText('Nothing this key signed will verify any more').waitFor();
    expect(await report.getByRole('button', { name: 'Report compromised' }).isDisabled()).toBe(true);
    const since = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    await report.getByLabel('Exposed since').fill(since);
    await report.getByLabel('Reason').fill('The key administrator’s laptop was stolen; its backups held the key material.');
    await check(page, 'issuer-compromise-dialog');
    await report.getByRole('button', { name: 'Report compromised' }).click();
    await announced(page, 'The key is marked compromised.');
    await keyRow(signing.keyId).getByText('Compromised', { exact: true }).waitFor();
    expect(await keyRow(signing.keyId).getByRole('button', { name: 'Report compromised' }).count()).toBe(0);
    await check(page, 'issuer-compromised');
    const after = await keysNow();
    expect(after.find((k) => k.keyId === signing.keyId)?.status).toBe('COMPROMISED');
    // The date picked is sent as the start of that day; the reason and the reporter are kept.
    const signed = await staff.request('GET', `/issuers/${issuerId}/keys/${signing.keyId}/credentials`);
    expect(signed.body.key).toMatchObject({ status: 'COMPROMISED', compromise: { from: `${since}T00:00:00Z`, reason: expect.stringContaining('laptop was stolen') } });
    expect(after.find((k) => k.keyId === successor.keyId)?.status).toBe('CURRENT');
    expect(session.errors).toEqual([]);
    await session.context.close();
  }, 120_000);

  it('a registrar downloads the issued-credentials report as CSV, grouped as the page shows it', async () => {
    const issued = await cloud.issueAuto('flows.issuer', { kind: 'course', name: 'Reported', description: 'd', criteria: 'c' }, { recipient: { email: `${uniqueId('rep')}@example.edu` } });
    expect(issued.status).toBe('ISSUED');

    const registrar = await signIn('rex.registrar', ['registrar']);
    const page = registrar.page;
    await go(page, 'Reports');
    await page.getByRole('group', { name: 'Group by' }).getByRole('checkbox', { name: 'Achievement' }).check();
    const table = page.getByRole('table', { name: /^issuances from / });
    await table.getByRole('cell', { name: issued.achievementId, exact: true }).waitFor();
    await check(page, 'reports-by-achievement');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download report' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^laurel-issuances-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...rows] = parse(readFileSync((await download.path())!, 'utf8')) as string[][];
    expect(header).toEqual(['month', 'achievementId', 'requested', 'issued', 'pending', 'rejected', 'expired', 'failed', 'cancelled', 'revoked', 'suspended']);
    const ours = rows.filter((r) => r[1] === issued.achievementId);
    expect(ours).toHaveLength(1);
    expect(ours[0]!.slice(2, 4)).toEqual(['1', '1']);
    // The same figures as the API's JSON for the same query (other tests may add rows meanwhile: ours is compared).
    const from = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    const json = await (await cloud.as('flows.check', ['registrar'])).request('GET', `/reports/issuances?from=${from}&groupBy=month,achievement`);
    expect(json.status).toBe(200);
    const same = (json.body.rows as Record<string, unknown>[]).filter((r) => r.achievementId === issued.achievementId);
    expect(same.map((r) => header!.map((h) => String(r[h] ?? '')))).toEqual(ours);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(registrar.errors).toEqual([]);
    await registrar.context.close();
  }, 120_000);

  it('an issuer uploads a cohort with the SIS’s own headers, maps them, and cancels it while it runs; then retries a cohort’s failed rows', async () => {
    const achievementId = await defineAchievement({
      resultDescriptions: [{ key: 'final', name: 'Final', resultType: 'Percent' }],
      rules: [{ kind: 'minimumScore', resultKey: 'final', minimum: 50 }],
    });
    const prefix = uniqueId('sis');
    const fileName = `sis-export-${prefix.slice(-6)}.csv`;
    // Enough rows that the cohort is still running when the cancel lands, even on a warm cloud.
    const rowsInFile = 1000;
    const lines = ['Learner E-mail Address,Preferred Name,Module Mark,SIS Ref', ...Array.from({ length: rowsInFile }, (_, i) => `${prefix}-${i}@example.edu,Learner ${i},${60 + (i % 40)},R${i}`)];
    lines[3] = `${prefix}-2@example.edu,Low Mark,31,R2`; // line 4: under the minimum of 50

    const issuer = await signIn('cal.cohorts', ['issuer']);
    const page = issuer.page;
    await go(page, 'Cohorts');
    await page.getByRole('combobox', { name: 'Achievement' }).selectOption(achievementId);
    await page.getByLabel('Cohort file (CSV)').setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
    // The headers are not Laurel's: the form asks what each holds.
    const mapping = page.getByRole('group', { name: 'Map your columns' });
    await mapping.waitFor();
    expect(await mapping.getByRole('combobox').count()).toBe(4);
    await mapping.getByRole('combobox', { name: 'Column “Learner E-mail Address”' }).selectOption('email');
    await mapping.getByRole('combobox', { name: 'Column “Preferred Name”' }).selectOption('name');
    await mapping.getByRole('combobox', { name: 'Column “Module Mark”' }).selectOption('score');
    await mapping.getByRole('combobox', { name: 'Column “SIS Ref”' }).selectOption({ label: 'Ignore this column' });
    await page.getByLabel('Intake').fill('2026-spring');
    await check(page, 'cohort-column-mapping');
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await page.getByRole('heading', { level: 1, name: `Cohort: ${fileName}` }).waitFor();
    const batchId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('button', { name: 'Issue the valid rows' }).waitFor({ timeout: 60_000 });
    // Mapped, every row was read: one problem, at the mapped column.
    await page.getByText(`${rowsInFile} rows: ${rowsInFile - 1} valid, 1 with problems`).waitFor();
    const problems = page.getByRole('region', { name: 'Problems by line' });
    expect(await problems.getByRole('row').nth(1).getByRole('cell').allTextContents()).toEqual(['4', 'score', expect.stringContaining('50')]);
    await check(page, 'cohort-mapped-needs-decision');
    const staff = await cloud.as('cal.cohorts', ['issuer']);
    const checked = await staff.request('GET', `/batches/${batchId}`);
    expect(checked.body).toMatchObject({ status: 'NEEDS_DECISION', validation: { rows: rowsInFile, valid: rowsInFile - 1, invalid: 1 } });

    // Issue the valid rows, then cancel while they are being issued.
    await page.getByRole('button', { name: 'Issue the valid rows' }).click();
    await page.getByRole('dialog', { name: `Issue ${rowsInFile - 1} valid rows?` }).getByRole('button', { name: 'Issue the valid rows' }).click();
    const facts = page.locator('dl.facts');
    await facts.getByText('Running', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    const cancel = page.getByRole('dialog', { name: 'Cancel this cohort?' });
    await cancel.getByText('Credentials already issued stay valid.').waitFor();
    await check(page, 'cohort-cancel-dialog');
    await cancel.getByRole('button', { name: 'Cancel the cohort' }).click();
    await announced(page, 'Cancelled.');
    await facts.getByText('Cancelled', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Cancel', exact: true }).count()).toBe(0);
    await check(page, 'cohort-cancelled');
    const cancelled = await staff.waitForBatch(batchId, (b) => b.status === 'CANCELLED');
    expect(cancelled.cancellation).toMatchObject({ by: { name: 'cal.cohorts' } });
    expect(cancelled.progress.cancelled).toBeGreaterThan(0);
    expect(cancelled.progress.issued).toBeLessThan(rowsInFile - 1);
    const [header, ...reportRows] = parse(String((await staff.request('GET', `/batches/${batchId}/report`)).body)) as string[][];
    const outcome = header!.indexOf('outcome');
    expect(reportRows).toHaveLength(rowsInFile);
    expect(reportRows.filter((r) => r[outcome] === 'cancelled').length).toBeGreaterThan(0);
    // The mapped name column reached the rows.
    expect(reportRows.find((r) => r[0] === '2')?.[header!.indexOf('name')]).toBe('Learner 0');
    expect(issuer.errors).toEqual([]);

    // A cohort whose rows failed (its issuer's signing key disabled in the local KMS), the key
    // enabled again: the issuer retries the failed rows from the cohort's page.
    const designer = await cloud.as('flows.designer', ['designer']);
    const issuerId = uniqueId('night').toLowerCase().replace(/[^a-z0-9-]/g, '');
    expect((await designer.request('POST', '/issuers', { issuerId, name: 'Night School', url: 'https://night.example.edu' })).status).toBe(201);
    const kms = new KMSClient({ endpoint: cloud.outputs.KmsEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    let kmsKeyId: string | undefined;
    for (const k of (await kms.send(new ListKeysCommand({}))).Keys ?? []) {
      const tags = (await kms.send(new ListResourceTagsCommand({ KeyId: k.KeyId }))).Tags ?? [];
      if (!tags.some((t) => t.TagKey === 'laurel:issuer' && t.TagValue === issuerId)) continue;
      if ((await kms.send(new DescribeKeyCommand({ KeyId: k.KeyId }))).KeyMetadata?.KeySpec === 'ECC_NIST_EDWARDS25519') kmsKeyId = k.KeyId;
    }
    expect(kmsKeyId).toBeDefined();
    const failing = await defineAchievement({ issuerId });
    const retryPrefix = uniqueId('retry');
    const retryFile = `retry-${retryPrefix.slice(-6)}.csv`;
    await kms.send(new DisableKeyCommand({ KeyId: kmsKeyId }));
    let retryBatchId: string;
    try {
      const created = await staff.submitCohortFile({ achievementId: failing, name: retryFile, content: ['email,name', ...[0, 1, 2].map((i) => `${retryPrefix}-${i}@example.edu,Night ${i}`)].join('\n') });
      retryBatchId = created.body.batch.id as string;
      const failed = await staff.waitForBatch(retryBatchId, (b) => b.status === 'COMPLETED', 60_000);
      expect(failed.progress).toMatchObject({ issued: 0, failed: 3 });
    } finally {
      await kms.send(new EnableKeyCommand({ KeyId: kmsKeyId }));
    }
    // Home lists the cohort among those with rows that failed, and leads to it.
    await go(page, 'Home');
    const failedRows = page.getByRole('region', { name: 'Cohort rows that failed' });
    await failedRows.getByText(`${retryFile}: 3 rows failed`, { exact: false }).waitFor({ timeout: 40_000 });
    await check(page, 'home-failed-rows');
    await failedRows.getByRole('link', { name: retryFile, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Cohort: ${retryFile}` }).waitFor();
    await page.getByText('0 issued, 3 failed', { exact: false }).waitFor();
    await check(page, 'cohort-failed-rows');
    await page.getByRole('button', { name: 'Retry failed rows' }).click();
    await announced(page, 'Issuing the failed rows again.');
    await page.getByText('3 issued, 0 failed', { exact: false }).waitFor({ timeout: 60_000 });
    await page.getByText('Done.').waitFor({ timeout: 60_000 });
    expect(await page.getByRole('button', { name: 'Retry failed rows' }).count()).toBe(0);
    await check(page, 'cohort-retried');
    const retried = await staff.waitForBatch(retryBatchId, (b) => b.status === 'COMPLETED' && b.progress.emailsPending === 0, 60_000);
    expect(retried).toMatchObject({ attempt: 1, progress: { issued: 3, failed: 0 } });
    for (const i of [0, 1, 2]) expect(await mailTo(`${retryPrefix}-${i}@example.edu`)).toHaveLength(1);
    expect(issuer.errors).toEqual([]);
    await issuer.context.close();
  }, 180_000);

  it('an issuer uploads an evidence file from the Issue form; the request carries it, hashed, to its approver and into the credential', async () => {
    const achievementId = await defineAchievement({ kind: 'project', rules: [{ kind: 'uploadedFile' }], approval: { mode: 'single', role: 'approver' } });
    const content = Buffer.from(`%PDF-1.4\n% a portfolio of five projects\n${'x'.repeat(3000)}\n%%EOF\n`);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const learner = `${uniqueId('file')}@example.edu`;

    const issuer = await signIn('ula.uploads', ['issuer']);
    let page = issuer.page;
    await go(page, 'Issue');
    await page.getByRole('combobox', { name: 'Achievement' }).selectOption(achievementId);
    await page.getByLabel('Email address').fill(learner);
    await page.getByLabel('Evidence files').setInputFiles({ name: 'portfolio.pdf', mimeType: 'application/pdf', buffer: content });
    await check(page, 'issue-with-file');
    await page.getByRole('button', { name: 'Issue credential' }).click();
    await page.getByText('Waiting for approver.').waitFor({ timeout: 30_000 });
    const issuanceId = new URL(page.url()).pathname.split('/').pop()!;
    // The issuer's own page lists the file as the evidence check found it, hashed.
    await page.getByRole('heading', { name: 'Evidence files' }).waitFor();
    await page.getByText(`portfolio.pdf (${Math.ceil(content.length / 1024)} KB, SHA-256 ${sha256.slice(0, 12)}…)`).waitFor();
    await check(page, 'issuance-with-file-waiting');
    expect(issuer.errors).toEqual([]);
    await issuer.context.close();
    const staff = await cloud.as('flows.check', ['registrar']);
    const waiting = await staff.request('GET', `/issuances/${issuanceId}`);
    expect(waiting.body.verifiedFiles).toEqual([{ uploadId: expect.any(String), fileName: 'portfolio.pdf', size: content.length, sha256 }]);

    const approver = await signIn('ada.approver', ['approver']);
    page = approver.page;
    await go(page, 'Approvals');
    await page.getByRole('search', { name: 'Filter approvals' }).getByLabel('Achievement id').fill(achievementId);
    await page.getByRole('link', { name: `Review request ${issuanceId.slice(0, 8)}` }).click();
    await page.getByRole('heading', { name: 'Evidence' }).waitFor();
    await page.getByText(`File portfolio.pdf (${Math.ceil(content.length / 1024)} KB, SHA-256 ${sha256.slice(0, 12)}…)`).waitFor();
    await check(page, 'approval-with-file');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('heading', { level: 1, name: 'Approvals' }).waitFor();
    expect(approver.errors).toEqual([]);
    await approver.context.close();

    const issued = await staff.waitForIssuance(issuanceId, (i) => ['ISSUED', 'FAILED', 'REJECTED'].includes(i.status));
    expect(issued.status).toBe('ISSUED');
    const credential = (await (await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${issued.credentialId}`, { headers: { accept: 'application/json' } })).json()) as { evidence: { name: string; genre?: string; description?: string }[] };
    expect(credential.evidence).toContainEqual(expect.objectContaining({ name: 'portfolio.pdf', genre: 'File', description: `Uploaded file, ${content.length} bytes, SHA-256 ${sha256}` }));
  }, 120_000);

  it('a registrar selects two credentials, previews the change, and suspends both at once', async () => {
    const achievementId = await defineAchievement({});
    const issuerApi = await cloud.as('flows.issuer', ['issuer']);
    const ids: string[] = [];
    for (const n of [1, 2]) ids.push((await issuerApi.request('POST', '/issuances', { achievementId, recipient: { email: `${uniqueId(`bulk${n}`)}@example.edu` } })).body.id);
    const credentialIds: string[] = [];
    for (const id of ids) credentialIds.push((await issuerApi.waitForIssuance(id, (i) => i.status === 'ISSUED')).credentialId);
    const reason = 'The exam board withheld the results of this sitting pending an investigation.';

    const registrar = await signIn('reg.bulk', ['registrar']);
    const page = registrar.page;
    await go(page, 'Credentials');
    await page.getByRole('search', { name: 'Find credentials' }).getByLabel('Achievement id').fill(achievementId);
    await page.getByRole('button', { name: 'Search' }).click();
    const table = page.getByRole('table', { name: 'Credentials' });
    // The list narrows to the achievement's two (a header row and theirs).
    await expect.poll(() => table.getByRole('row').count(), { timeout: 15_000 }).toBe(3);
    for (const id of credentialIds) await table.getByRole('link', { name: `Credential ${id.slice(0, 8)}` }).waitFor();
    expect(await page.getByRole('button', { name: 'Suspend selected' }).isDisabled()).toBe(true);
    for (const id of credentialIds) await table.getByRole('checkbox', { name: `Select credential ${id.slice(0, 8)}` }).check();
    await page.getByText('2 selected', { exact: true }).waitFor();
    await check(page, 'credentials-selected');
    await page.getByRole('button', { name: 'Suspend selected' }).click();
    const dialog = page.getByRole('dialog', { name: 'Suspend 2 credentials?' });
    await dialog.getByText('2 of 2 will change').waitFor();
    for (const id of credentialIds) await dialog.getByText(`Credential ${id.slice(0, 8)}`, { exact: false }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Suspend', exact: true }).isDisabled()).toBe(true);
    await dialog.getByLabel('Reason').fill(reason);
    await check(page, 'credentials-bulk-preview');
    await dialog.getByRole('button', { name: 'Suspend', exact: true }).click();
    await announced(page, '2 credentials suspended; 0 unchanged.');
    await expect.poll(() => table.getByText('Suspended', { exact: true }).count()).toBe(2);
    await page.getByText('0 selected', { exact: true }).waitFor();
    await check(page, 'credentials-bulk-done');
    expect(registrar.errors).toEqual([]);
    await registrar.context.close();

    const staff = await cloud.as('flows.check', ['registrar']);
    for (const id of credentialIds) {
      const c = await staff.request('GET', `/credentials/${id}`);
      expect(c.body).toMatchObject({ status: 'SUSPENDED', suspension: { by: 'reg.bulk', reason } });
    }
  }, 120_000);

  it('an issuer drops a cohort built from the template; a registrar suspends the whole cohort; a designer archives and restores the achievement', async () => {
    const achievementId = await defineAchievement({});
    const prefix = uniqueId('drop');

    // The issuer downloads the achievement's template and drops a file made from it.
    const issuer = await signIn('dot.dropper', ['issuer']);
    let page = issuer.page;
    await go(page, 'Cohorts');
    await page.getByRole('combobox', { name: 'Achievement' }).selectOption(achievementId);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the template' }).click()]);
    expect(download.suggestedFilename()).toBe(`${achievementId}-cohort-template.csv`);
    const header = readFileSync((await download.path())!, 'utf8').split(/\r?\n/)[0]!.split(',');
    expect(header.slice(0, 2)).toEqual(['email', 'name']);
    const csv = [header.join(','), ...[0, 1, 2].map((i) => header.map((column) => (column === 'email' ? `${prefix}-${i}@example.edu` : column === 'name' ? `Learner ${i}` : '')).join(','))].join('\n');
    // A drop, as a file dragged from the desktop lands: a DataTransfer holding the file.
    const dataTransfer = await page.evaluateHandle((text) => {
      const g = globalThis as unknown as { DataTransfer: new () => { items: { add(f: unknown): void } }; File: new (parts: string[], name: string, options: { type: string }) => unknown };
      const transfer = new g.DataTransfer();
      transfer.items.add(new g.File([text], 'dropped-cohort.csv', { type: 'text/csv' }));
      return transfer;
    }, csv);
    await page.locator('.dropzone').dispatchEvent('drop', { dataTransfer });
    await page.getByText('Chosen: dropped-cohort.csv').waitFor();
    await check(page, 'cohort-dropped');
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cohort: dropped-cohort.csv' }).waitFor();
    const batchId = new URL(page.url()).pathname.split('/').pop()!;
    // Every row is valid: nothing to decide, so it issues at once, and the page follows it to the end.
    const staff = await cloud.as('flows.check', ['registrar', 'issuer']);
    const done = await staff.waitForBatch(batchId, (b) => ['COMPLETED', 'INVALID', 'FAILED', 'NEEDS_DECISION'].includes(b.status), 60_000);
    expect(done, JSON.stringify(done.validation)).toMatchObject({ status: 'COMPLETED', progress: { issued: 3 } });
    await page.getByText('Done.').waitFor({ timeout: 30_000 });
    expect(issuer.errors).toEqual([]);
    await issuer.context.close();

    // A registrar suspends every credential of the cohort, after a preview of how many.
    const registrar = await signIn('ria.registrar', ['registrar']);
    page = registrar.page;
    await page.goto(`${cloud.outputs.ConsoleUrl}/cohorts/${batchId}`);
    const whole = page.getByRole('region', { name: 'Every credential of this cohort' });
    await whole.getByRole('button', { name: 'Suspend all' }).click();
    const dialog = page.getByRole('dialog', { name: 'Suspend 3 credentials?' });
    await dialog.waitFor();
    const reason = 'The cohort\'s assessment is under review by the exam board.';
    await dialog.getByLabel('Reason').fill(reason);
    await check(page, 'cohort-suspend-all');
    await dialog.getByRole('button', { name: 'Suspend' }).click();
    await announced(page, '3 credentials suspended; 0 unchanged.');
    const credentials = await staff.request('GET', `/credentials?achievementId=${achievementId}`);
    expect(credentials.body.items.map((c: { status: string }) => c.status)).toEqual(['SUSPENDED', 'SUSPENDED', 'SUSPENDED']);
    expect(registrar.errors).toEqual([]);
    await registrar.context.close();

    // A designer archives the achievement (nobody can issue it) and restores it.
    const designer = await signIn('dan.designer', ['designer']);
    page = designer.page;
    await page.goto(`${cloud.outputs.ConsoleUrl}/achievements/${achievementId}`);
    await page.getByRole('button', { name: 'Archive' }).click();
    await page.getByRole('dialog', { name: 'Archive this achievement?' }).getByRole('button', { name: 'Archive' }).click();
    await announced(page, 'The achievement is archived.');
    expect((await staff.request('GET', `/achievements/${achievementId}`)).body).toMatchObject({ lifecycle: 'archived' });
    expect((await staff.request('POST', '/issuances', { achievementId, recipient: { email: `${prefix}-late@example.edu` } })).status).toBe(409);
    await check(page, 'achievement-archived');
    await page.getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('dialog', { name: 'Restore this achievement?' }).getByRole('button', { name: 'Restore' }).click();
    await announced(page, 'The achievement is active again.');
    expect((await staff.request('GET', `/achievements/${achievementId}`)).body).toMatchObject({ lifecycle: 'active' });
    expect(designer.errors).toEqual([]);
    await designer.context.close();
  }, 150_000);

  it('a designer gives an achievement an end date and reminders, then renewal; defines a pathway, finds it listed and changes it; a registrar reads a learner’s progress', async () => {
    const designer = await signIn('val.designer', ['designer']);
    let page = designer.page;
    const staff = await cloud.as('flows.check', ['designer', 'registrar']);

    // An achievement with a fixed end date and four reminders, defined in the editor.
    const name = `Licence ${uniqueId('season').slice(-10)}`;
    const endDay = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
    await page.goto(`${cloud.outputs.ConsoleUrl}/achievements/new`);
    await page.getByRole('heading', { level: 1, name: 'New achievement' }).waitFor();
    await page.getByLabel('Name (required)', { exact: true }).fill(name);
    await page.getByLabel('Description').fill('Licensed to referee for one season.');
    await page.getByLabel('Criteria').fill('Passed the season’s rules exam.');
    const validity = page.getByRole('group', { name: 'Validity and reminders' });
    await validity.getByRole('radio', { name: 'On a fixed date, whenever issued' }).check();
    await validity.getByLabel('Valid until').fill(endDay);
    await validity.getByLabel('Remind the learner (days before expiry)').fill('90, 30, 7, 0');
    await validity.getByText('Reads as: 90, 30 and 7 days before it expires, and on the day it expires.').waitFor();
    await check(page, 'achievement-end-date-reminders');
    await page.getByRole('button', { name: 'Create achievement' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 30_000 });
    const achievementId = new URL(page.url()).pathname.split('/').pop()!;
    const saved = (await staff.request('GET', `/achievements/${achievementId}`)).body;
    expect(saved).toMatchObject({ version: 1, validUntilDate: expect.stringMatching(new RegExp(`^${endDay}T23:59:59`)), reminders: { daysBefore: [90, 30, 7, 0] } });
    expect(saved.validityDays).toBeUndefined();

    // Then a duration instead of the date, and renewal with continuing education credits: a new version.
    await validity.getByRole('radio', { name: 'On a fixed date, whenever issued' }).waitFor();
    expect(await validity.getByRole('radio', { name: 'On a fixed date, whenever issued' }).isChecked()).toBe(true);
    expect(await validity.getByRole('radio', { name: 'Never', exact: true }).isDisabled()).toBe(true);
    await validity.getByRole('radio', { name: /^A number of days/ }).check();
    await validity.getByLabel('Valid for (days)').fill('365');
    const renewal = page.getByRole('group', { name: 'Renewal', exact: true });
    await renewal.getByRole('checkbox', { name: 'Credentials can be renewed' }).check();
    const needs = renewal.getByRole('group', { name: 'What renewing needs' });
    await needs.getByRole('combobox', { name: 'Renewal rule to add' }).selectOption('minimumCredits');
    await needs.getByRole('button', { name: 'Add rule' }).click();
    await needs.getByLabel('Credits at least').fill('30');
    await renewal.getByRole('radio', { name: 'The day the renewal is decided' }).check();
    await page.getByLabel('What changed and why').fill('Valid a year from issue; renewable with 30 credits.');
    await check(page, 'achievement-renewal');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await announced(page, 'Saved as a new version.');
    const renewed = (await staff.request('GET', `/achievements/${achievementId}`)).body;
    expect(renewed).toMatchObject({
      version: 2,
      validityDays: 365,
      reminders: { daysBefore: [90, 30, 7, 0] },
      renewal: { rules: [{ kind: 'minimumCredits', minimum: 30 }], validFrom: 'decision', opensDaysBefore: 90, graceDays: 0 },
    });
    expect(renewed.validUntilDate).toBeUndefined();

    // A pathway awarding it: all of A and B, and any one of C and D, within a year, only valid ones.
    const [a, b, c, d] = [await defineAchievement({}), await defineAchievement({}), await defineAchievement({}), await defineAchievement({})];
    const pathwayName = `A pathway ${uniqueId('path').slice(-10)}`;
    await go(page, 'Pathways');
    await check(page, 'pathways');
    await page.getByRole('link', { name: 'New pathway' }).click();
    await page.getByRole('heading', { level: 1, name: 'New pathway' }).waitFor();
    await page.getByLabel('Name (required)', { exact: true }).fill(pathwayName);
    await page.getByLabel('Description').fill('Hold both core modules and one elective to be licensed.');
    await page.getByLabel('Achievement it awards (id)').fill(achievementId);
    await page.getByRole('group', { name: 'Group 1', exact: true }).getByLabel('Achievements (ids)').fill(`${a}, ${b}`);
    await page.getByRole('button', { name: 'Add a group' }).click();
    const second = page.getByRole('group', { name: 'Group 2', exact: true });
    await second.getByRole('radio', { name: 'A number of them' }).check();
    await second.getByLabel('How many of them').fill('1');
    await second.getByLabel('Achievements (ids)').fill(`${c}, ${d}`);
    await page.getByLabel('Within (days)').fill('365');
    await page.getByRole('checkbox', { name: 'Count only credentials still valid when the award is made' }).check();
    await page.getByRole('radio', { name: 'Suspend the award' }).check();
    await check(page, 'pathway-new');
    await page.getByRole('button', { name: 'Define pathway' }).click();
    await page.getByRole('heading', { level: 1, name: pathwayName }).waitFor({ timeout: 30_000 });
    const pathwayId = new URL(page.url()).pathname.split('/').pop()!;
    expect((await staff.request('GET', `/pathways/${pathwayId}`)).body).toMatchObject({
      version: 1,
      name: pathwayName,
      targetAchievementId: achievementId,
      requirements: [
        { kind: 'all', achievementIds: [a, b] },
        { kind: 'anyOf', count: 1, achievementIds: [c, d] },
      ],
      withinDays: 365,
      onlyValid: true,
      onRevoke: 'suspend',
    });
    await check(page, 'pathway');

    // It is listed (by name, page by page as a person would look).
    await go(page, 'Pathways');
    const listed = page.getByRole('link', { name: pathwayName, exact: true });
    for (let i = 0; i < 20 && !(await listed.isVisible()); i++) {
      await page.getByRole('table').or(page.getByText('No pathways yet.')).first().waitFor();
      if (await listed.isVisible()) break;
      const next = page.getByRole('link', { name: 'Next page' });
      if (!(await next.count())) break;
      await next.click();
      await page.waitForURL(/cursor=/);
    }
    expect(await listed.isVisible()).toBe(true);
    await check(page, 'pathways-listed');

    // A change is a new version: the time window dropped.
    await listed.click();
    await page.getByRole('heading', { level: 1, name: pathwayName }).waitFor();
    await page.getByLabel('Within (days)').fill('');
    await page.getByLabel('What changed and why').fill('Electives may be taken any time.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await announced(page, 'Saved as version 2.');
    const changed = (await staff.request('GET', `/pathways/${pathwayId}`)).body;
    expect(changed).toMatchObject({ version: 2, changeNote: 'Electives may be taken any time.', onRevoke: 'suspend' });
    expect(changed.withinDays).toBeUndefined();
    expect(designer.errors).toEqual([]);
    await designer.context.close();

    // A registrar reads one learner's progress: one of the two core modules held.
    const learner = `${uniqueId('path')}@example.edu`;
    const issuer = await cloud.as('flows.issuer', ['issuer']);
    const requested = await issuer.request('POST', '/issuances', { achievementId: a, recipient: { email: learner, name: 'Mary Somerville' } });
    expect(requested.status).toBe(202);
    expect((await issuer.waitForIssuance(requested.body.id, (i) => ['ISSUED', 'FAILED', 'REJECTED'].includes(i.status))).status).toBe('ISSUED');
    const registrar = await signIn('pia.registrar', ['registrar']);
    page = registrar.page;
    await go(page, 'Pathways');
    await page.goto(`${cloud.outputs.ConsoleUrl}/pathways/${pathwayId}`);
    await page.getByRole('heading', { level: 1, name: pathwayName }).waitFor();
    // A registrar may read it, not change it.
    expect(await page.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    await page.getByLabel("Learner's email address").fill(learner);
    await page.getByRole('button', { name: 'Show progress' }).click();
    const groups = page.getByRole('table', { name: 'Groups' });
    await groups.waitFor({ timeout: 30_000 });
    expect(await groups.getByRole('row').nth(1).getByRole('cell').nth(2).textContent()).toBe('1 of 2');
    expect(page.url()).not.toContain('example.edu');
    await check(page, 'pathway-progress');
    expect(registrar.errors).toEqual([]);
    await registrar.context.close();
  }, 180_000);

  it('an issuer renews a credential with its continuing education credits; each credential page links the other in the renewal chain', async () => {
    const achievementId = await defineAchievement({ validityDays: 30, reminders: { daysBefore: [7, 0] }, renewal: { rules: [{ kind: 'minimumCredits', minimum: 10 }], opensDaysBefore: 90 } });
    const staff = await cloud.as('flows.issuer', ['issuer']);
    const requested = await staff.request('POST', '/issuances', { achievementId, recipient: { email: `${uniqueId('renew')}@example.edu`, name: 'Katherine Johnson' } });
    expect(requested.status).toBe(202);
    const first = await staff.waitForIssuance(requested.body.id, (i) => ['ISSUED', 'FAILED', 'REJECTED'].includes(i.status));
    expect(first.status).toBe('ISSUED');
    const oldId = first.credentialId as string;

    const issuer = await signIn('rene.issuer', ['issuer']);
    const page = issuer.page;
    await page.goto(`${cloud.outputs.ConsoleUrl}/credentials/${oldId}`);
    await page.getByRole('heading', { level: 2, name: 'Renewal' }).waitFor();
    await page.getByText('At least 10 continuing education credits').waitFor();
    await page.getByLabel('Continuing education credits earned').fill('12');
    await check(page, 'credential-renew');
    await page.getByRole('button', { name: 'Request renewal' }).click();
    await page.getByRole('heading', { level: 1, name: /^Issuance / }).waitFor({ timeout: 30_000 });
    const renewalId = new URL(page.url()).pathname.split('/').pop()!;
    const renewal = await staff.waitForIssuance(renewalId, (i) => ['ISSUED', 'FAILED', 'REJECTED'].includes(i.status));
    expect(renewal.status, JSON.stringify(renewal.rejection ?? renewal.failure ?? {})).toBe('ISSUED');
    const newId = renewal.credentialId as string;

    // The old one says what replaced it, and links it; the new one links back.
    await page.goto(`${cloud.outputs.ConsoleUrl}/credentials/${oldId}`);
    const replacedBy = page.getByText(/^Replaced by credential/);
    await replacedBy.waitFor({ timeout: 30_000 });
    expect(await page.getByRole('button', { name: 'Request renewal' }).count()).toBe(0);
    await check(page, 'credential-replaced');
    await page.getByRole('link', { name: `credential ${newId.slice(0, 8)}` }).click();
    await page.getByRole('heading', { level: 1, name: `Credential ${newId.slice(0, 8)}` }).waitFor();
    await page.getByRole('link', { name: `credential ${oldId.slice(0, 8)}` }).waitFor();
    await page.getByText(/^Replaces credential/).waitFor();
    await check(page, 'credential-replaces');
    expect(issuer.errors).toEqual([]);
    await issuer.context.close();
  }, 150_000);

  it('a registrar extends a credential’s expiry: a new credential replaces it, and each page links the other', async () => {
    const issued = await cloud.issueAuto('flows.issuer', { kind: 'course', name: 'Extend', description: 'd', criteria: 'c', validityDays: 30 }, { recipient: { email: `${uniqueId('extend')}@example.edu`, name: 'Ada Byron' } });
    expect(issued.status).toBe('ISSUED');
    const oldId = issued.credentialId as string;
    const newDay = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    const reason = 'The placement was extended by the faculty board.';

    const registrar = await signIn('eda.registrar', ['registrar']);
    const page = registrar.page;
    await page.goto(`${cloud.outputs.ConsoleUrl}/credentials/${oldId}`);
    await page.getByRole('heading', { level: 2, name: 'Correct or extend' }).waitFor();
    await page.getByLabel('New expiry').fill(newDay);
    await page.getByRole('region', { name: 'Correct or extend' }).getByLabel('Reason').fill(reason);
    await check(page, 'credential-correct');
    await page.getByRole('button', { name: 'Correct the credential' }).click();
    await announced(page, 'Corrected: this is the new credential.');
    await page.waitForURL((url) => !url.pathname.endsWith(oldId));
    const newId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { level: 1, name: `Credential ${newId.slice(0, 8)}` }).waitFor();
    await page.getByText(/^Replaces credential/).waitFor();
    await check(page, 'credential-extended');

    const staff = await cloud.as('flows.check', ['registrar']);
    expect((await staff.request('GET', `/credentials/${oldId}`)).body).toMatchObject({ supersededBy: { credentialId: newId } });
    expect((await staff.request('GET', `/credentials/${newId}`)).body).toMatchObject({ supersedes: oldId, validUntil: expect.stringMatching(new RegExp(`^${newDay}T23:59:59`)) });
    await page.getByRole('link', { name: `credential ${oldId.slice(0, 8)}` }).click();
    await page.getByText(/^Replaced by credential/).waitFor();
    expect(await page.getByRole('heading', { level: 2, name: 'Correct or extend' }).count()).toBe(0);
    expect(registrar.errors).toEqual([]);
    await registrar.context.close();
  }, 120_000);
});
