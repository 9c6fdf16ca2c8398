import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * The browser tests' one browser: Debian's chromium driven by playwright-core (no downloaded
 * browser), started as this machine allows it (no sandbox as root; no background networking, whose
 * connections the closed network refuses), and axe-core run in the page.
 * `.ci/run` installs chromium and sets LAUREL_REQUIRE_BROWSER, so CI cannot skip them.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const browserAvailable = existsSync(CHROMIUM);
if (!browserAvailable && process.env.LAUREL_REQUIRE_BROWSER) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package`);
if (!browserAvailable) console.warn(`\n⚠ browser tests skipped: no ${CHROMIUM} (apt-get install chromium)\n`);

export const SHOTS = 'test-results/screenshots';

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

export interface AxeResult {
  violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
  passes: unknown[];
}

/** axe-core's WCAG 2.2 A and AA rules on the page as it is now. */
export const runAxe = (page: Page): Promise<AxeResult> =>
  page.evaluate(`${axeSource}\n;axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_TAGS)} } })`) as Promise<AxeResult>;

/** Violations as lines a failing assertion prints usefully. */
export const violationLines = (result: AxeResult, label = '') =>
  result.violations.map((v) => `${label}${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
