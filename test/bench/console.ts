/**
 * npm run bench:console — the staff console's weight and its time to interactive on this machine.
 *
 * - Bundle: every file of the production build (console/dist, built first), raw, gzip -9 and
 *   brotli, as CloudFront would send them.
 * - Time to interactive: a local cloud with something on Home (an approval waiting, a cohort), then
 *   Home loaded `--runs` times (default 5) in a fresh browser context each — a cold cache, no
 *   service worker — in Debian's chromium. A load ends when Home's main content accepts input:
 *   its sections have their data and a click on a Home link navigates. Printed: the median and each
 *   run, from navigation start, with when the page's h1 took focus (the app mounted) on the way.
 * - `--shots DIR` also saves the key pages, small, for the README.
 *
 * A benchmark, not a test: figures go in notes, not in assertions.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startLocalCloud, PROJECT_ROOT } from '../../local/cloud';
import { mintToken } from '../../local/identity-provider';
import { AdminClient } from '../../local/admin-client';

const argv = process.argv.slice(2);
const option = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const RUNS = Number(option('--runs') ?? 5);
const SHOTS = option('--shots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function bundleSizes() {
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', path.join(PROJECT_ROOT, 'console/vite.config.ts')], { stdio: 'ignore' });
  const dist = path.join(PROJECT_ROOT, 'console/dist');
  const files = ['index.html', ...readdirSync(path.join(dist, 'assets')).map((f) => `assets/${f}`)];
  const rows = files.map((f) => {
    const bytes = readFileSync(path.join(dist, f));
    return { file: f, raw: statSync(path.join(dist, f)).size, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length };
  });
  console.log('\n## Bundle (console/dist)\n\n| file | raw | gzip -9 | brotli |\n|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.file.replace(/-[\w-]{8}\./, '-<hash>.')} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} |`);
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  console.log(`| **total** | ${kb(total.raw)} | ${kb(total.gzip)} | ${kb(total.brotli)} |`);
}

/** A session as the console stores it after sign-in, for a person with these roles (the sign-in itself is timed by nobody). */
async function sessionFor(identity: Parameters<typeof mintToken>[0], user: string, groups: string[]) {
  const token = await mintToken(identity, user, groups);
  return { accessToken: token, idToken: token, expiresAt: Date.now() + 3_600_000, name: user, groups };
}

/** Runs in the page before the console: the session the console keeps after sign-in. */
const storeSession = (s: string) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('laurel.session', s);

async function loadHome(browser: Browser, url: string, session: object): Promise<{ mounted: number; interactive: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(storeSession, JSON.stringify(session));
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
  const mounted = (await page.evaluate('performance.now()')) as number;
  // Every section has its data…
  await page.getByText('Loading…').first().waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
  await page.waitForFunction(() => !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('[role="status"].muted'));
  const interactive = (await page.evaluate('performance.now()')) as number;
  // …and input works then: a link in the main content navigates (checked, not timed).
  await page.getByRole('main').getByRole('link').first().click();
  await page.waitForURL((u) => u.pathname !== '/');
  await context.close();
  return { mounted, interactive };
}

async function shots(page: Page, dir: string, url: string) {
  mkdirSync(dir, { recursive: true });
  for (const [name, href, heading] of [
    ['home', '/', 'Home'],
    ['achievements', '/achievements', 'Achievements'],
    ['approvals', '/approvals', 'Approvals'],
    ['cohorts', '/cohorts', 'Cohorts'],
    ['credentials', '/credentials', 'Credentials'],
    ['reports', '/reports', 'Reports'],
  ] as const) {
    await page.goto(`${url}${href}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: path.join(dir, `${name}.png`) });
  }
}

const cloud = await startLocalCloud({ port: 4710, stateDir: '.local/bench-console', retryScale: 0.01 });
try {
  bundleSizes();
  const o = cloud.outputs;
  const staff = new AdminClient(o.AdminApiUrl, await mintToken(cloud.identity, 'bench.designer', ['designer', 'issuer', 'registrar']));
  const achievement = await staff.request('POST', '/achievements', {
    id: `bench-${Date.now()}`,
    kind: 'course',
    name: 'Data Literacy',
    description: 'Reads, questions and presents data.',
    criteria: 'Completed the course with at least 60%.',
    resultDescriptions: [{ key: 'final', name: 'Final score', resultType: 'Percent' }],
    rules: [{ kind: 'minimumScore', resultKey: 'final', minimum: 60 }],
    design: { shape: 'hexagon', title: 'Data Literacy', icon: 'code' },
  });
  for (let i = 0; i < 3; i++) await staff.request('POST', '/issuances', { achievementId: achievement.body.id, recipient: { email: `learner${i}@example.edu` }, results: [{ resultKey: 'final', value: '78' }] });
  const rows = Array.from({ length: 40 }, (_, i) => `cohort${i}@example.edu,Learner ${i},${i === 7 ? 12 : 80}`);
  const batch = await staff.submitCohortFile({ achievementId: achievement.body.id, content: ['email,name,score', ...rows].join('\n'), cohort: { intake: '2026-autumn' } });
  // Validated, one bad row: it waits for a decision (the requests wait for approval), so Home has work to show.
  await staff.waitForBatch(batch.body.batch.id, (b) => b.status === 'NEEDS_DECISION');

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const session = await sessionFor(cloud.identity, 'bench.registrar', ['approver', 'registrar', 'issuer', 'auditor']);
  await loadHome(browser, o.ConsoleUrl, session); // the local cloud's functions warm, as in a deployment in use
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await loadHome(browser, o.ConsoleUrl, session));
  console.log(`\n## Time to interactive: Home, cold browser cache, ${RUNS} loads\n`);
  console.log(`- median: **${Math.round(median(runs.map((r) => r.interactive)))} ms** until Home's main content takes a click (app mounted at ${Math.round(median(runs.map((r) => r.mounted)))} ms)`);
  console.log(`- runs: ${runs.map((r) => `${Math.round(r.interactive)} ms`).join(', ')}`);
  if (SHOTS) {
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 }, deviceScaleFactor: 0.6 });
    await context.addInitScript(storeSession, JSON.stringify(session));
    await shots(await context.newPage(), path.resolve(SHOTS), o.ConsoleUrl);
    console.log(`\nscreenshots in ${SHOTS}`);
  }
  await browser.close();
} finally {
  await cloud.stop();
}
