import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium, runAxe, SHOTS, violationLines } from '../support/browser';
import { localCloud, uniqueId } from '../support/cloud';
import { linkFromMail } from '../support/learner';

/**
 * The issuer's public directory in a real browser (Debian's chromium, playwright-core): the page
 * and its search (a GET form, no script) and the claim page's opt-in and opt-out, each checked by
 * axe-core (WCAG 2.2 A and AA) with no console error; the person is gone once they opt out.
 * Screenshots go to test-results/screenshots/directory-*.png.
 */
const cloud = localCloud();
const base = cloud.outputs.PublicApiUrl;
const issuerId = uniqueId('guild').toLowerCase();
const learner = { name: 'Amélie Dubois', email: `${uniqueId('amelie')}@example.edu` };

describe.skipIf(!browserAvailable)('the public directory in a browser', () => {
  let browser: Browser;
  let token: string;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    const staff = await cloud.as('dirb.designer', ['designer', 'issuer']);
    expect((await staff.request('POST', '/issuers', { issuerId, name: 'Example Electricians Guild', url: 'https://guild.example.org' })).status).toBe(201);
    expect((await staff.request('PATCH', `/issuers/${issuerId}`, { directory: { enabled: true, searchEngines: false } })).status).toBe(200);
    const achievementId = uniqueId('licence');
    await staff.request('POST', '/achievements', {
      id: achievementId,
      issuerId,
      kind: 'microcredential',
      name: 'Licensed Electrician',
      description: 'Licensed to practise by the guild.',
      criteria: 'Passed the licensing examination.',
      approval: { mode: 'auto' },
      alignments: [{ targetName: 'Wiring regulations', targetUrl: 'https://framework.example.org/wiring' }],
    });
    const { body } = await staff.request('POST', '/issuances', { achievementId, recipient: { email: learner.email, name: learner.name, publishName: true } });
    expect((await staff.waitForIssuance(body.id, (i) => ['ISSUED', 'FAILED', 'REJECTED'].includes(i.status))).status).toBe('ISSUED');
    token = await linkFromMail(cloud, learner.email);
  }, 120_000);
  afterAll(async () => browser?.close());

  async function newPage() {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource: the server responded with a status of 4')) errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    return { page, errors };
  }

  async function checked(page: Page, shot: string) {
    await page.screenshot({ path: `${SHOTS}/directory-${shot}.png`, fullPage: true });
    const axe = await runAxe(page);
    expect(violationLines(axe, `${shot}: `)).toEqual([]);
    expect(axe.passes.length).toBeGreaterThan(5);
  }

  /** The claim page's privacy form: the directory checkbox as the learner sets it, then saved. */
  async function choose(page: Page, listed: boolean) {
    await page.goto('about:blank');
    await page.goto(`${base}/claim#${token}`);
    await page.waitForURL(`${base}/claim/credential`);
    const box = page.getByLabel(/public directory of credential holders/);
    await box.setChecked(listed);
    await page.getByRole('button', { name: 'Save my choices' }).click();
    await page.waitForURL(`${base}/claim/credential?done=privacy`);
    expect(await page.getByLabel(/public directory of credential holders/).isChecked()).toBe(listed);
  }

  it('lists the learner who opts in; the page and its search pass axe and work without script; opting out removes them at once', async () => {
    const claim = await newPage();
    await choose(claim.page, true);
    await checked(claim.page, 'claim-opted-in');

    const visitor = await newPage();
    const res = await visitor.page.goto(`${base}/directory/${issuerId}`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['x-robots-tag']).toBe('noindex');
    expect(await visitor.page.getByRole('heading', { level: 1 }).textContent()).toContain('Example Electricians Guild');
    expect(await visitor.page.getByRole('main').count()).toBe(1);
    expect(await visitor.page.getByRole('banner').count()).toBe(1);
    expect(await visitor.page.getByRole('search').count()).toBe(1);
    expect(await visitor.page.getByRole('heading', { name: learner.name, level: 3 }).count()).toBe(1);
    // The status in words, not colour alone; the credential links its verification page.
    expect(await visitor.page.locator('.badge').first().textContent()).toMatch(/Status: Active$/);
    await checked(visitor.page, 'page');

    // The search: a GET form, from the keyboard, with script off in effect (the page has none).
    expect(await visitor.page.locator('script').count()).toBe(0);
    await visitor.page.getByLabel('Skill').fill('wiring');
    await visitor.page.getByLabel('Name').fill('amelie');
    await visitor.page.getByLabel('Name').press('Enter');
    await visitor.page.waitForURL(/\?q=amelie&achievement=&skill=wiring$/);
    expect(await visitor.page.getByRole('heading', { name: learner.name, level: 3 }).count()).toBe(1);
    expect(await visitor.page.getByLabel('Name').inputValue()).toBe('amelie');
    await checked(visitor.page, 'search');
    await visitor.page.getByRole('link', { name: 'Licensed Electrician' }).click();
    await visitor.page.waitForURL(/\/credentials\//);
    expect(await visitor.page.getByRole('heading', { level: 1 }).textContent()).toBe('Licensed Electrician');

    const none = await visitor.page.goto(`${base}/directory/${issuerId}?q=nobody`);
    expect(none?.status()).toBe(200);
    expect(await visitor.page.getByText('Nobody listed matches this search.').count()).toBe(1);
    await checked(visitor.page, 'no-match');

    // Opting out on the claim page: the page passes axe, and the person is gone from the directory at once.
    await choose(claim.page, false);
    await checked(claim.page, 'claim-opted-out');
    await visitor.page.goto(`${base}/directory/${issuerId}`);
    expect(await visitor.page.getByRole('heading', { name: learner.name }).count()).toBe(0);
    expect(await visitor.page.content()).not.toContain(learner.name);
    expect(await visitor.page.content()).not.toContain(learner.email);

    expect(claim.errors).toEqual([]);
    expect(visitor.errors).toEqual([]);
  }, 120_000);
});
