import { mkdirSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium, SHOTS } from '../support/browser';
import { localCloud, uniqueId } from '../support/cloud';
import { checkPage, go, signIn as signInAs } from '../support/console-session';

/**
 * The staff console in a real browser (Debian's chromium, driven by playwright-core), walked as
 * each role walks it — by role and accessible name, as a person uses it: the local identity
 * provider's sign-in page, every page checked with axe-core (WCAG 2.2 A and AA) and saved as a
 * screenshot (test-results/screenshots/console-*.png), and the whole story of issue #18.
 */
const cloud = localCloud();

let browser: Browser;
const seen = new Map<string, number>();

/** axe-core and a screenshot (console-<name>.png), counting which page states were checked. */
async function check(page: Page, name: string) {
  await checkPage(page, name);
  seen.set(name, (seen.get(name) ?? 0) + 1);
}

const signIn = (user: string, roles: string[], shot?: string) => signInAs(browser, cloud.outputs.ConsoleUrl, user, roles, { shot, check });

describe.skipIf(!browserAvailable)('the staff console', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('walks the whole story: design, issue, a two-step approval, the email, revocation, the audit, and a cohort from a CSV with bad rows', async () => {
    const name = `Clinical Skills ${uniqueId('c').slice(-6)}`;
    const learner = `${uniqueId('learner')}@example.edu`;

    // A designer defines the achievement, with a designed badge and a chain of two approvals.
    const designer = await signIn('dana.designer', ['designer'], 'designer');
    let page = designer.page;
    await check(page, 'home-designer');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Issue', exact: true }).count()).toBe(0);
    await go(page, 'Achievements');
    await check(page, 'achievements');
    await page.getByRole('link', { name: 'New achievement' }).click();
    await page.getByLabel('Name').first().fill(name);
    await page.getByLabel('Description').fill('Performs core clinical procedures safely, under observation.');
    await page.getByLabel('Criteria').fill('Passed the observed structured clinical examination with at least 70%.');
    await page.getByRole('combobox', { name: 'Shape' }).selectOption('shield');
    await page.getByRole('textbox', { name: 'Title on the badge' }).fill('Clinical Skills');
    await page.getByRole('combobox', { name: 'Icon' }).selectOption('check');
    expect(await page.getByRole('img', { name: 'Badge preview: Clinical Skills' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Add a result' }).click();
    await page.getByRole('combobox', { name: 'Rule to add' }).selectOption('minimumScore');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('radio', { name: 'A chain of approvals, in order' }).check();
    await page.getByLabel('Roles, in order').fill('assessor, programme-lead');
    // The credential this definition would issue, built by the API's issuing core for a sample learner.
    await page.getByText('Preview the credential (JSON)').click();
    const json = page.getByRole('region', { name: 'The credential, as JSON' });
    await json.waitFor();
    await expect.poll(async () => JSON.parse((await json.textContent()) ?? '{}').credentialSubject?.achievement?.name, { timeout: 15_000 }).toBe(name);
    // …and the public page an employer would read, rendered by the page function, shown in a sandboxed frame.
    await page.getByText('Preview the public page').click();
    const frame = page.frameLocator('iframe[title="Preview of the public verification page"]');
    await frame.getByRole('heading', { level: 1, name }).waitFor({ timeout: 15_000 });
    expect(await frame.getByText('Sample Learner').count()).toBeGreaterThan(0);
    // Its stylesheet ran (the console's policy allows it by hash): the status banner is styled.
    expect(await frame.locator('section.status').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { borderStyle: string } }).getComputedStyle(el).borderStyle)).toBe('solid');
    await check(page, 'achievement-page-preview');
    await page.getByText('Preview the public page').click();
    await check(page, 'achievement-new');
    await page.getByRole('button', { name: 'Create achievement' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    const achievementId = new URL(page.url()).pathname.split('/').pop()!;
    await check(page, 'achievement-edit');
    // A change is a new version; the history says who changed what, and any two compare.
    await page.getByLabel('Criteria').fill('Passed the observed structured clinical examination with at least 75%.');
    await page.getByLabel('What changed and why').fill('The examination board raised the pass mark.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Version 2', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Compare' }).click();
    const diff = page.getByRole('table', { name: 'From version 1 to version 2' });
    await diff.getByRole('rowheader', { name: 'criteria' }).waitFor();
    await check(page, 'achievement-versions');
    // The issuer's profile: a bad value is named at its field; LinkedIn's organization id moves here.
    const issuerId = uniqueId('arts').toLowerCase().replace(/[^a-z0-9-]/g, '');
    expect((await (await cloud.as('story.designer', ['designer'])).request('POST', '/issuers', { issuerId, name: 'Faculty of Arts', url: 'https://arts.example.edu' })).status).toBe(201);
    await page.goto(`${cloud.outputs.ConsoleUrl}/issuers/${issuerId}`);
    await page.getByRole('heading', { level: 1, name: 'Faculty of Arts' }).waitFor();
    await page.getByLabel('LinkedIn organization id').fill('not-a-number');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText("LinkedIn's numeric organization id, digits only").first().waitFor();
    expect(await page.getByLabel('LinkedIn organization id').getAttribute('aria-invalid')).toBe('true');
    await check(page, 'issuer-invalid');
    // The browser logs the refused request it was meant to make; nothing else may be logged.
    const refused = designer.errors.findIndex((e) => e.includes('status of 400'));
    if (refused >= 0) designer.errors.splice(refused, 1);
    await page.getByLabel('LinkedIn organization id').fill('424242');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved. New credentials carry it.').waitFor();
    expect(designer.errors).toEqual([]);
    await designer.context.close();

    // An issuer issues it to one learner; the form asks for what the rules check.
    const issuer = await signIn('ivan.issuer', ['issuer'], 'issuer');
    page = issuer.page;
    await go(page, 'Issue');
    await page.getByRole('combobox', { name: 'Achievement' }).selectOption(achievementId);
    await page.getByText('Result "score" of at least 70').waitFor();
    await page.getByLabel('Email address').fill(learner);
    await page.getByLabel('Name', { exact: true }).fill('Mary Seacole');
    await page.getByRole('checkbox', { name: 'The learner agreed that their name appears in the credential' }).check();
    const score = page.getByRole('textbox', { name: /Final score/ });
    expect(await page.getByText('Minimum 70').isVisible()).toBe(true);
    await score.fill('86');
    await check(page, 'issue');
    // A double click is one request: the form's Idempotency-Key is the same for both.
    await page.getByRole('button', { name: 'Issue credential' }).dblclick();
    await page.getByText('Waiting for assessor.').waitFor({ timeout: 30_000 });
    const issuanceId = new URL(page.url()).pathname.split('/').pop()!;
    await check(page, 'issuance-waiting');
    await issuer.context.close();

    // Two approvers approve in turn; each sees only their step.
    for (const [user, role] of [
      ['alex.assessor', 'assessor'],
      ['pat.lead', 'programme-lead'],
    ] as const) {
      const approver = await signIn(user, ['approver', role]);
      page = approver.page;
      await check(page, `home-${role}`);
      await go(page, 'Approvals');
      await check(page, `approvals-${role}`);
      await page.getByRole('link', { name: `Review request ${issuanceId.slice(0, 8)}` }).click();
      await page.getByRole('heading', { name: 'Your decision' }).waitFor();
      await check(page, `approval-${role}`);
      await page.getByRole('button', { name: 'Approve' }).click();
      await page.getByRole('heading', { level: 1, name: 'Approvals' }).waitFor();
      await approver.context.close();
    }
    const staff = await cloud.as('story.check', ['issuer', 'registrar']);
    const issued = await staff.waitForIssuance(issuanceId, (i) => i.status === 'ISSUED', 60_000);
    expect(issued.approvals.map((a: { decidedBy: { name: string } }) => a.decidedBy.name)).toEqual(['alex.assessor', 'pat.lead']);
    // The learner's email arrives, once.
    const mail = (await cloud.mail()).filter((m) => m.destination.to.includes(learner));
    expect(mail).toHaveLength(1);

    // A registrar finds the credential by the learner's email (never in the URL) and revokes it.
    const registrar = await signIn('rita.registrar', ['registrar'], 'registrar');
    page = registrar.page;
    await go(page, 'Credentials');
    await page.getByLabel("Learner's email or student number").fill(learner);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: `Credential ${issued.credentialId.slice(0, 8)}` }).click();
    expect(page.url()).not.toContain(encodeURIComponent(learner));
    expect(page.url()).not.toContain(learner);
    await check(page, 'credential');
    await page.getByRole('button', { name: 'Revoke' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke this credential?' });
    await dialog.getByText('Revoking is permanent.').waitFor();
    await dialog.getByLabel('Reason').fill('Issued in error: the examination was voided.');
    await check(page, 'credential-revoke-dialog');
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('Credential revoked.').waitFor();
    await page.getByText('Revoked', { exact: true }).first().waitFor();
    const publicPage = await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${issued.credentialId}`, { headers: { accept: 'text/html' } });
    expect(await publicPage.text()).toContain('revoked');
    await registrar.context.close();

    // An auditor reads the trail and downloads the evidence pack.
    const auditor = await signIn('aud.auditor', ['auditor'], 'auditor');
    page = auditor.page;
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Issue', exact: true }).count()).toBe(0);
    await go(page, 'Audit');
    await page.getByLabel('Id').fill(issuanceId);
    await page.getByRole('button', { name: 'Show trail' }).click();
    await page.getByText('The chain is intact').waitFor();
    await check(page, 'audit');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download evidence pack' }).click()]);
    expect(download.suggestedFilename()).toBe(`evidence-pack-${issuanceId}.zip`);
    const zip = readFileSync((await download.path())!);
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    // A page the role may not use says so; the API's 403 is shown, not thrown.
    await page.goto(`${cloud.outputs.ConsoleUrl}/issue`);
    await page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
    await check(page, 'not-allowed');
    await auditor.context.close();

    // A registrar who also issues uploads a cohort with bad rows, issues the valid ones, and downloads the report.
    const cohort = await signIn('cora.registrar', ['issuer', 'registrar']);
    page = cohort.page;
    const auto = await (await cloud.as('story.designer', ['designer'])).request('POST', '/achievements', {
      id: uniqueId('cohortui'),
      kind: 'course',
      name: `Cohort Story ${uniqueId('s').slice(-5)}`,
      description: 'd',
      criteria: 'c',
      resultDescriptions: [{ key: 'final', name: 'Final', resultType: 'Percent' }],
      rules: [{ kind: 'minimumScore', resultKey: 'final', minimum: 50 }],
      approval: { mode: 'auto' },
    });
    const prefix = uniqueId('row');
    const csv = ['Email,Name,Score', ...Array.from({ length: 12 }, (_, i) => `${prefix}-${i}@example.edu,Learner ${i},${i === 3 ? 12 : 75}`), 'not-an-email,Broken,80'].join('\n');
    await go(page, 'Cohorts');
    await page.getByRole('combobox', { name: 'Achievement' }).selectOption(auto.body.id);
    await page.getByLabel('Cohort file (CSV)').setInputFiles({ name: 'autumn.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByLabel('Intake').fill('2026-autumn');
    await check(page, 'cohorts');
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await page.getByRole('button', { name: 'Issue the valid rows' }).waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { name: 'Problems by line' }).waitFor();
    await check(page, 'cohort-needs-decision');
    await page.getByRole('button', { name: 'Issue the valid rows' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Issue the valid rows' }).click();
    await page.getByText('Done.').waitFor({ timeout: 120_000 });
    await check(page, 'cohort-done');
    const [report] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download report' }).click()]);
    const [header, ...rows] = parse(readFileSync((await report.path())!, 'utf8')) as string[][];
    const outcome = header!.indexOf('outcome');
    const tally = rows.reduce<Record<string, number>>((t, r) => ({ ...t, [r[outcome]!]: (t[r[outcome]!] ?? 0) + 1 }), {});
    expect(tally).toEqual({ delivered: 11, invalid: 2 });
    expect(cohort.errors).toEqual([]);
    await cohort.context.close();
  }, 300_000);

  it('lets an approver decide a cohort as a whole, from its summary and a sample with emails masked', async () => {
    const designer = await cloud.as('cohort.designer', ['designer']);
    const achievement = await designer.request('POST', '/achievements', {
      id: uniqueId('batchok'),
      kind: 'course',
      name: 'Cohort Approval',
      description: 'd',
      criteria: 'c',
      approval: { mode: 'single', role: 'approver' },
    });
    const issuer = await cloud.as('cohort.issuer', ['issuer']);
    const prefix = uniqueId('ok');
    const created = await issuer.submitCohortFile({ achievementId: achievement.body.id, content: ['email,name', ...[0, 1, 2].map((i) => `${prefix}-${i}@example.edu,Learner ${i}`)].join('\n'), name: 'approve-me.csv' });
    await issuer.waitForBatch(created.body.batch.id, (b) => b.status === 'AWAITING_APPROVAL');
    const { page, context, errors } = await signIn('abe.approver', ['approver']);
    await go(page, 'Approvals');
    await page.getByRole('link', { name: 'Review cohort approve-me.csv' }).first().click();
    await page.getByRole('heading', { name: 'Your decision' }).waitFor();
    const sample = page.getByRole('table', { name: 'A sample of the rows' });
    await sample.waitFor();
    expect(await sample.textContent()).not.toContain(`${prefix}-0@example.edu`);
    await check(page, 'cohort-approval');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('Approved: the valid rows are being issued.').waitFor();
    const done = await issuer.waitForBatch(created.body.batch.id, (b) => b.status === 'COMPLETED', 60_000);
    expect(done.approval).toMatchObject({ decision: 'APPROVED', decidedBy: { name: 'abe.approver' } });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it("signs a person in through the institution's identity provider, with the roles its directory's groups map to", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(cloud.outputs.ConsoleUrl);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/oauth2/authorize');
    const federated = page.getByRole('form', { name: 'Or sign in through your institution' });
    await federated.getByLabel('Identity provider').selectOption('Campus');
    await federated.getByLabel('Account name at the provider').fill('jo.registry');
    await federated.getByLabel('Groups the directory sends').fill('registry\ninternal-audit\nlibrary');
    await check(page, 'identity-provider-federated');
    await federated.getByRole('button', { name: 'Continue with Campus' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    // The header says who and with which roles: those the mapping grants, nothing for "library".
    await page.getByText('Signed in as Campus_jo.registry (auditor, registrar)').waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Credentials', exact: true }).count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Issue', exact: true }).count()).toBe(0);
    await context.close();
  }, 60_000);

  it('works by keyboard alone: skip link, navigation, a form and a dialog', async () => {
    const { page, context } = await signIn('kim.registrar', ['registrar', 'auditor']);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
    // The main navigation follows the header's Sign out button.
    for (let i = 0; i < 12 && (await page.evaluate('document.activeElement?.textContent')) !== 'Reports'; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Reports');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    // Focus moves to the new page's heading, so a screen reader announces where the link led.
    expect(await page.evaluate('document.activeElement?.tagName')).toBe('H1');
    await check(page, 'reports');
    for (const link of ['Credentials', 'Approvals', 'Cohorts', 'Issuers', 'Audit']) {
      await go(page, link);
      await check(page, link.toLowerCase());
    }
    await context.close();
  }, 120_000);
});
