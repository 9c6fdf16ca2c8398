import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium, runAxe, SHOTS, violationLines } from '../support/browser';
import { localCloud, uniqueId } from '../support/cloud';
import { issueAndClaim, linkFromMail } from '../support/learner';

/**
 * The learner's pages in a real browser (Debian's chromium, playwright-core): the claim link's
 * first stop, the claim page and each of its forms driven from the keyboard, the wallet offer, the
 * interaction URL's page for people, a private credential's page, the contact confirmation, and
 * the French texts — each checked by axe-core (WCAG 2.2 A and AA) with no console error (so no
 * CSP violation). Screenshots go to test-results/screenshots/claim-*.png.
 */
const cloud = localCloud();
const base = cloud.outputs.PublicApiUrl;

describe.skipIf(!browserAvailable)('the learner’s pages in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  async function newPage(locale = 'en-GB') {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale });
    const page = await context.newPage();
    const errors: string[] = [];
    // Script errors and CSP refusals; not Chromium's line for each 4xx the test expects (a private page, an unknown link).
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource: the server responded with a status of 4')) errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    return { page, context, errors };
  }

  async function checked(page: Page, shot: string) {
    await page.screenshot({ path: `${SHOTS}/claim-${shot}.png`, fullPage: true });
    const axe = await runAxe(page);
    expect(violationLines(axe, `${shot}: `)).toEqual([]);
    expect(axe.passes.length).toBeGreaterThan(5);
  }

  /** Opens the emailed link as a learner would: the first stop, then the claim page. */
  async function claim(page: Page, token: string) {
    // A new document each time: from /claim, a link that differs only in its fragment would not load one.
    await page.goto('about:blank');
    await page.goto(`${base}/claim#${token}`);
    await page.waitForURL(`${base}/claim/credential`);
    // The token left the address bar (and with it the history entry) on the first load.
    expect(page.url()).not.toContain(token);
  }

  it('opens the claim page from the link, passes axe, and its privacy choice — made from the keyboard — changes what the credential URL serves', async () => {
    const { token, credentialId } = await issueAndClaim(cloud, uniqueId);
    const { page, context, errors } = await newPage();
    await claim(page, token);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Applied Cryptography');
    await checked(page, 'page');

    // Keyboard: the skip link first; then the privacy form, by its labels.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to your credential');
    await page.getByLabel('Anyone with the address can see and verify it').focus();
    await page.keyboard.press('ArrowDown'); // the radio group: to "Private"
    expect(await page.getByLabel(/Private: the address/).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Save my choices' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/claim/credential?done=privacy`);
    expect(await page.getByRole('status').first().textContent()).toContain('Your choices are saved');
    await checked(page, 'saved');

    // The credential's URL, as anyone else opens it: the private page.
    const other = await newPage();
    const res = await other.page.goto(`${base}/credentials/${credentialId}`);
    expect(res?.status()).toBe(403);
    expect(await other.page.getByRole('heading', { level: 1 }).textContent()).toBe('This credential is private');
    await checked(other.page, 'private');
    // Public again: the page is back.
    await page.getByLabel('Anyone with the address can see and verify it').check();
    await page.getByRole('button', { name: 'Save my choices' }).click();
    await page.waitForURL(/done=privacy/);
    expect((await other.page.goto(`${base}/credentials/${credentialId}`))?.status()).toBe(200);
    expect(errors).toEqual([]);
    expect(other.errors).toEqual([]);
    await other.context.close();
    await context.close();
  });

  it('shows a wallet offer (QR code, links, the interaction URL’s page for a person) that passes axe', async () => {
    const { token } = await issueAndClaim(cloud, uniqueId);
    const { page, context, errors } = await newPage();
    await claim(page, token);
    await page.getByRole('button', { name: 'Add to a wallet' }).click();
    await page.getByRole('heading', { name: 'Add your credential to a wallet' }).waitFor();
    expect(await page.getByRole('img', { name: 'QR code of the wallet offer' }).isVisible()).toBe(true);
    await checked(page, 'wallet-offer');
    const interaction = await page.getByRole('link', { name: 'Open in a wallet on this device' }).getAttribute('href');
    expect(interaction).toMatch(/\/wallet\/[A-Za-z0-9_-]{22}\?iuv=1$/);
    await page.goto(interaction!);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Open this in a wallet');
    await checked(page, 'interaction');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('declines from the keyboard only after the box is ticked, and says so', async () => {
    const { token } = await issueAndClaim(cloud, uniqueId);
    const { page, context, errors } = await newPage();
    await claim(page, token);
    await page.getByLabel('Reason (optional, shown to the issuer)').fill('Not mine');
    await page.getByRole('button', { name: 'Decline the credential' }).click();
    // The browser refuses the form until the box is ticked: nothing was sent.
    expect(page.url()).toBe(`${base}/claim/credential`);
    await page.getByLabel('I understand that declining cannot be undone').press('Space');
    await page.getByRole('button', { name: 'Decline the credential' }).press('Enter');
    await page.waitForURL(/done=declined/);
    expect(await page.getByRole('status').first().textContent()).toContain('You declined this credential');
    await checked(page, 'declined');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the first stop’s other states, the contact confirmation and the French page pass axe too', async () => {
    const { page, context, errors } = await newPage();
    await page.goto(`${base}/claim#${'A'.repeat(43)}`);
    await page.getByText('This link does not open a credential').waitFor();
    await checked(page, 'unknown-link');
    await page.goto('about:blank');
    await page.goto(`${base}/claim`);
    await page.getByText('This address has no link in it').waitFor();
    await checked(page, 'no-link');

    const { token } = await issueAndClaim(cloud, uniqueId);
    await claim(page, token);
    const moved = `${uniqueId('moved')}@example.org`;
    await page.getByLabel('New email address').fill(moved);
    await page.getByRole('button', { name: 'Send confirmation link' }).click();
    await page.waitForURL(/done=contact/);
    const confirm = await linkFromMail(cloud, moved, 'claim/contact');
    await page.goto(`${base}/claim/contact#${confirm}`);
    await page.getByRole('button', { name: 'Confirm' }).waitFor();
    await checked(page, 'confirm-contact');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText(/we will write to m\*\*\*@example\.org from now on/).waitFor();
    expect(errors).toEqual([]);
    await context.close();

    const fr = await newPage('fr-FR');
    const { token: frToken } = await issueAndClaim(cloud, uniqueId);
    await claim(fr.page, frToken);
    expect(await fr.page.getByRole('button', { name: 'Ajouter à un portefeuille' }).isVisible()).toBe(true);
    await checked(fr.page, 'fr');
    expect(fr.errors).toEqual([]);
    await fr.context.close();
  });
});
