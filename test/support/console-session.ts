import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { expect } from 'vitest';
import { runAxe, SHOTS, violationLines } from './browser';

/**
 * Driving the staff console in a real browser as a person does, shared by its browser suites:
 * signing in through the local identity provider's page, moving by the main navigation, and
 * checking each page state with axe-core (WCAG 2.2 A and AA) and a screenshot
 * (test-results/screenshots/console-<name>.png).
 */

/**
 * The console's own requests in flight, per page. Playwright's 'networkidle' never comes once the
 * editor has shown its sandboxed page preview (a srcdoc frame), so the tests count for themselves.
 */
const inFlight = new WeakMap<Page, Set<Request>>();
function trackRequests(page: Page) {
  const pending = new Set<Request>();
  page.on('request', (r) => r.frame() === page.mainFrame() && pending.add(r));
  page.on('requestfinished', (r) => pending.delete(r));
  page.on('requestfailed', (r) => pending.delete(r));
  inFlight.set(page, pending);
}

/** Half a second without a request of the console's own in flight. */
async function networkQuiet(page: Page, timeoutMs = 30_000) {
  const pending = inFlight.get(page);
  if (!pending) return page.waitForLoadState('networkidle');
  const started = Date.now();
  let quietSince = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (pending.size > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= 500) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`requests still in flight after ${timeoutMs} ms: ${[...pending].map((r) => r.url()).join(', ')}`);
}

/** axe-core's WCAG 2.2 A and AA rules on the page as it is now, once it has loaded, and a screenshot of it. */
export async function checkPage(page: Page, name: string) {
  await networkQuiet(page);
  // A function, not a string: the console's CSP refuses string evaluation (no 'unsafe-eval').
  await page.waitForFunction(() => !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('[role="status"].muted'), undefined, { timeout: 10_000 }).catch(() => undefined);
  await page.screenshot({ path: `${SHOTS}/console-${name}.png`, fullPage: true });
  expect(violationLines(await runAxe(page), `${name}: `)).toEqual([]);
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Errors the page logged (a 403 the console handles is not one). */
  errors: string[];
}

export interface SignInOptions {
  /** Checks the signed-out page and the identity provider's page too, under this name. */
  shot?: string | undefined;
  check?: (page: Page, name: string) => Promise<void>;
}

/** Signs in through the console's Sign in button and the identity provider's page, as `user` with `roles`. */
export async function signIn(browser: Browser, consoleUrl: string, user: string, roles: string[], options: SignInOptions = {}): Promise<Session> {
  const check = options.check ?? checkPage;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', acceptDownloads: true });
  const page = await context.newPage();
  trackRequests(page);
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && !m.text().includes('status of 403') && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(consoleUrl);
  if (options.shot) await check(page, `${options.shot}-signed-out`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/oauth2/authorize');
  if (options.shot) await check(page, `${options.shot}-identity-provider`);
  await page.getByLabel('User name').fill(user);
  for (const box of await page.getByRole('group', { name: 'Roles' }).getByRole('checkbox').all()) await box.uncheck();
  for (const role of roles) await page.getByRole('group', { name: 'Roles' }).getByRole('checkbox', { name: role, exact: true }).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  // The code and state left the address bar with the sign-in.
  expect(page.url()).not.toContain('code=');
  return { context, page, errors };
}

/** Follows a link of the main navigation and waits for its page's heading. */
export async function go(page: Page, link: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: link }).waitFor();
}
