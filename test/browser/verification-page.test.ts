import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import QRCode from 'qrcode';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpKeyResolver, laurelSuspensionLists, verifyCredential } from '../../shared/credentials/verify';
import { PAGE_TEXTS } from '../../shared/page/texts';
import { renderVerificationPage } from '../../shared/page/verification-page';
import { browserAvailable, launchChromium, runAxe, SHOTS, violationLines } from '../support/browser';
import { localCloud, uniqueId } from '../support/cloud';

/**
 * The verification page in a real browser (Debian's chromium, driven by playwright-core): what a
 * person sees for a valid, a suspended and a revoked credential, keyboard use, the copy-link
 * script running under the page's CSP, and axe-core's WCAG 2.2 AA rules. Screenshots go to
 * test-results/screenshots/. `.ci/run` installs chromium and sets LAUREL_REQUIRE_BROWSER.
 */

const cloud = localCloud();

async function issue() {
  const done = await cloud.issueAuto(
    'browser.issuer',
    {
      kind: 'course',
      name: 'Foundations of Accessible Design',
      description: 'Designs interfaces that people with disabilities can use.',
      criteria: 'Completed the course and an audited accessibility project.',
      alignments: [{ targetName: 'Inclusive design', targetUrl: 'https://framework.example.org/id', targetFramework: 'SFIA 9', targetCode: 'HCEV' }],
      validityDays: 730,
    },
    {
      recipient: { email: `${uniqueId('b')}@example.edu`, name: 'Ada Lovelace', publishName: true },
      evidence: [{ name: 'Accessibility audit report', narrative: 'Audited against WCAG 2.2 AA.' }],
    },
  );
  expect(done.status).toBe('ISSUED');
  return done.credentialId as string;
}

describe.skipIf(!browserAvailable)('the verification page in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  async function open(credentialId: string, shot: string) {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') violations.push(m.text());
    });
    const res = await page.goto(`${cloud.outputs.PublicApiUrl}/credentials/${credentialId}`);
    expect(res?.status()).toBe(200);
    await page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true });
    // axe-core in the page, WCAG 2.0–2.2 A and AA rules
    const axe = await runAxe(page);
    return { page, context, axe, consoleErrors: violations };
  }

  it('shows a valid credential plainly, works from the keyboard, runs its script under its CSP, and passes axe', async () => {
    const id = await issue();
    const { page, context, axe, consoleErrors } = await open(id, 'valid');
    expect(violationLines(axe)).toEqual([]);
    expect(axe.passes.length).toBeGreaterThan(10);
    expect(consoleErrors).toEqual([]); // no CSP violation, no script error
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('This credential is genuine and current.');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Foundations of Accessible Design');
    expect(await page.getByText('Ada Lovelace').isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Add to LinkedIn profile' }).getAttribute('href')).toMatch(/^https:\/\/www\.linkedin\.com\/profile\/add\?/);
    expect(await page.getByRole('img', { name: 'QR code of this page' }).isVisible()).toBe(true);
    // The badge Laurel drew for an achievement created without an image loads (no broken image).
    const badge = page.getByRole('img', { name: 'Foundations of Accessible Design badge' });
    expect(await badge.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(512);
    // Keyboard: the first Tab reaches the skip link, which leads to the credential
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to the credential');
    // The copy button appears only when its script ran (allowed by the CSP hash), and says so for screen readers
    const copy = page.getByRole('button', { name: 'Copy link' });
    expect(await copy.isVisible()).toBe(true);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: cloud.outputs.PublicApiUrl });
    await copy.click();
    // A function, not a string: polling a string predicate evaluates it, which the page's CSP refuses.
    await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } | null } }).document.getElementById('copy-status')?.textContent === 'Link copied');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(`${cloud.outputs.PublicApiUrl}/credentials/${id}`);
    await context.close();
  });

  it('shows an expired credential as genuine but expired, and passes axe', async () => {
    // The same signed credential and renderer, verified as of three years on (after its 730 days).
    const id = await issue();
    const credential = (await (await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${id}`, { headers: { accept: 'application/ld+json' } })).json()) as Record<string, any>;
    const later = new Date(Date.now() + 3 * 365 * 86_400_000);
    const verification = await verifyCredential(credential, { resolver: httpKeyResolver(), suspensionListFor: laurelSuspensionLists(cloud.outputs.PublicApiUrl), now: later });
    expect(verification.status).toBe('expired');
    const url = `${cloud.outputs.PublicApiUrl}/credentials/${id}`;
    const { html, contentSecurityPolicy } = renderVerificationPage({
      credential,
      verification,
      pageUrl: url,
      verificationUrl: `${url}/verification`,
      branding: { institutionName: 'Example University', primaryColor: '#1d3557' },
      texts: PAGE_TEXTS.en!,
      qrSvg: await QRCode.toString(url, { type: 'svg', margin: 1 }),
    });
    const server = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': contentSecurityPolicy }).end(html));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.screenshot({ path: `${SHOTS}/expired.png`, fullPage: true });
    const axe = await runAxe(page);
    expect(axe.violations).toEqual([]);
    const banner = await page.getByRole('status').first().textContent();
    expect(banner).toContain('Expired');
    expect(banner).toMatch(/This credential is genuine, but it expired on \w+ \d+, \d{4}\./);
    await context.close();
    server.close();
  });

  it('shows suspended and revoked states clearly, and passes axe in each', async () => {
    const id = await issue();
    const registrar = await cloud.as('browser.registrar', ['registrar']);
    await registrar.request('POST', `/credentials/${id}/suspend`, { reason: 'review' });
    const suspended = await open(id, 'suspended');
    expect(suspended.axe.violations).toEqual([]);
    expect(await suspended.page.getByRole('status').first().textContent()).toContain('Suspended');
    await suspended.context.close();

    await registrar.request('POST', `/credentials/${id}/revoke`, { reason: 'misconduct' });
    const revoked = await open(id, 'revoked');
    expect(revoked.axe.violations).toEqual([]);
    const banner = await revoked.page.getByRole('status').first().textContent();
    expect(banner).toContain('Revoked');
    expect(banner).toContain('The issuer revoked this credential on');
    expect(await revoked.page.content()).not.toContain('misconduct');
    await revoked.context.close();
  });
});
