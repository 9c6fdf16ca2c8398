/**
 * npm run bench:verify — load on the local public API from a second process (autocannon, on
 * loopback, bounded in time): requests/s and p50/p99 latency for the verification page, the
 * verification JSON and the signed credential. A benchmark, not a test: figures go in notes.
 *
 * What it measures is the origin: every request runs the function (the page and the JSON verify
 * the credential each time). In AWS, CloudFront answers repeat requests from its cache.
 *
 *   npm run bench:verify -- [--seconds 10] [--connections 10]
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { AdminClient } from '../../local/admin-client';
import { startLocalCloud } from '../../local/cloud';
import { mintToken } from '../../local/identity-provider';
import { dataLiteracyAchievement, sampleAward } from '../../local/sample-data';

const args = new Map(process.argv.slice(2).map((a, i, all) => [a, all[i + 1]]));
const SECONDS = Number(args.get('--seconds') ?? 10);
const CONNECTIONS = Number(args.get('--connections') ?? 10);
const autocannon = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
const run = promisify(execFile);

const cloud = await startLocalCloud({ port: 4710, stateDir: '.local/bench' });
try {
  const { outputs } = cloud;
  const staff = new AdminClient(outputs.AdminApiUrl, await mintToken(cloud.identity, 'bench.issuer', ['designer', 'issuer']));
  await staff.request('POST', '/achievements', { ...dataLiteracyAchievement, approval: { mode: 'auto' } });
  const { body } = await staff.request('POST', '/issuances', sampleAward());
  const issued = await staff.waitForIssuance(body.id, (i) => ['ISSUED', 'FAILED', 'REJECTED'].includes(i.status));
  if (issued.status !== 'ISSUED') throw new Error(`the credential was not issued: ${issued.status}`);
  const url = `${outputs.PublicApiUrl}/credentials/${issued.credentialId}`;

  const targets = [
    { name: 'verification page (HTML)', url, accept: 'text/html,application/xhtml+xml,*/*;q=0.8', target: 'p99 ≤ 50 ms (cached)' },
    { name: 'verification result (JSON)', url: `${url}/verification`, accept: 'application/json', target: 'p99 ≤ 50 ms (cached)' },
    { name: 'signed credential (JSON-LD)', url, accept: 'application/ld+json', target: '' },
  ];
  console.log(`${SECONDS} s each, ${CONNECTIONS} connections, from a second process (autocannon) on loopback\n`);
  console.log('| endpoint | requests/s | p50 ms | p99 ms | non-2xx | target |');
  console.log('|---|---|---|---|---|---|');
  for (const t of targets) {
    // Warm the function (a cold start is not what a steady load sees).
    for (let i = 0; i < 20; i++) await fetch(t.url, { headers: { accept: t.accept } }).then((r) => r.arrayBuffer());
    const { stdout } = await run(process.execPath, [autocannon, '-j', '-c', String(CONNECTIONS), '-d', String(SECONDS), '-H', `accept=${t.accept}`, t.url], { maxBuffer: 16 * 1024 * 1024 });
    const r = JSON.parse(stdout) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
    console.log(`| ${t.name} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} | ${r.latency.p99} | ${r.non2xx + r.errors} | ${t.target} |`);
  }
  console.log('\nPOST /verify: not built yet (issue #6).');
} finally {
  await cloud.stop();
}
