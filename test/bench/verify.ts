/**
 * npm run bench:verify — first the handler's CPU time on hostile POST /verify bodies
 * (verify-attacks-run.ts: each shape at four sizes, target ≤ 1 s), then load on the local public API from a second process (autocannon, on
 * loopback, bounded in time): requests/s and p50/p99 latency for the verification page, the
 * verification JSON and the signed credential — at the origin (every request runs the
 * function) and through the CDN stand-in (local/cdn.ts: CloudFront's cache key and TTLs, a
 * cache hit) — and for POST /verify with this deployment's credential, a third-party one
 * (did:key, status list from the internet stand-in) and a baked PNG upload.
 * A benchmark, not a test: figures go in notes.
 *
 *   npm run bench:verify -- [--seconds 10] [--connections 10] [--only attacks|load]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AdminClient } from '../../local/admin-client';
import { createCdnStandIn } from '../../local/cdn';
import { startLocalCloud } from '../../local/cloud';
import { listen } from '../../local/http-util';
import { bakePng } from '../../shared/credentials/baking';
import { kit, ONE_PIXEL_PNG, publishThirdPartyDocuments } from '../support/standards-kit';
import { benchAttacks } from './verify-attacks-run';
import { mintToken } from '../../local/identity-provider';
import { dataLiteracyAchievement, sampleAward } from '../../local/sample-data';

const args = new Map(process.argv.slice(2).map((a, i, all) => [a, all[i + 1]]));
const SECONDS = Number(args.get('--seconds') ?? 10);
const CONNECTIONS = Number(args.get('--connections') ?? 10);
const ONLY = args.get('--only');
const loadRunner = fileURLToPath(new URL('./load.mjs', import.meta.url));
const run = promisify(execFile);

if (ONLY !== 'load') await benchAttacks();
if (ONLY === 'attacks') process.exit(0);

const cloud = await startLocalCloud({ port: 4710, stateDir: '.local/bench' });
try {
  const { outputs } = cloud;
  const staff = new AdminClient(outputs.AdminApiUrl, await mintToken(cloud.identity, 'bench.issuer', ['designer', 'issuer']));
  await staff.request('POST', '/achievements', { ...dataLiteracyAchievement, approval: { mode: 'auto' } });
  const { body } = await staff.request('POST', '/issuances', sampleAward());
  const issued = await staff.waitForIssuance(body.id, (i) => ['ISSUED', 'FAILED', 'REJECTED'].includes(i.status));
  if (issued.status !== 'ISSUED') throw new Error(`the credential was not issued: ${issued.status}`);
  const url = `${outputs.PublicApiUrl}/credentials/${issued.credentialId}`;

  const cdn = await listen(createCdnStandIn(outputs.PublicApiUrl), 4730);
  const cdnUrl = url.replace(outputs.PublicApiUrl, 'http://127.0.0.1:4730');

  // POST /verify bodies: our credential, the standards kit's third-party 04 (its status list
  // published on the internet stand-in), and our credential baked into a PNG (multipart).
  await publishThirdPartyDocuments(outputs.InternetUrl);
  const dir = mkdtempSync(path.join(tmpdir(), 'laurel-bench-'));
  const ours = await (await fetch(url, { headers: { accept: 'application/ld+json' } })).text();
  const boundary = 'laurel-bench-boundary';
  const multipart = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="badge.png"\r\nContent-Type: image/png\r\n\r\n`),
    bakePng(ONE_PIXEL_PNG, ours),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const file = (name: string, body: string | Buffer) => {
    writeFileSync(path.join(dir, name), body);
    return path.join(dir, name);
  };

  const html = 'text/html,application/xhtml+xml,*/*;q=0.8';
  const verifyUrl = `${outputs.PublicApiUrl}/verify`;
  const targets: { name: string; url: string; accept?: string; post?: { file: string; type: string; vary?: string }; target: string }[] = [
    { name: 'verification page (HTML), origin', url, accept: html, target: '' },
    { name: 'verification page (HTML), CDN stand-in', url: cdnUrl, accept: html, target: 'p99 ≤ 50 ms (cached)' },
    { name: 'verification result (JSON), origin', url: `${url}/verification`, accept: 'application/json', target: '' },
    { name: 'verification result (JSON), CDN stand-in', url: `${cdnUrl}/verification`, accept: 'application/json', target: 'p99 ≤ 50 ms (cached)' },
    { name: 'signed credential (JSON-LD), origin', url, accept: 'application/ld+json', target: '' },
    { name: 'POST /verify, this deployment’s credential', url: verifyUrl, post: { file: file('ours.json', ours), type: 'application/ld+json' }, target: '≥ 200 req/s' },
    { name: 'POST /verify, a new document every request (answers invalid)', url: verifyUrl, post: { file: file('varied.json', ours.replace(/"name":"([^"]*)"/, '"name":"$1 #VARY#"')), type: 'application/ld+json', vary: '#VARY#' }, target: '' },
    { name: 'POST /verify, third-party (did:key + status list)', url: verifyUrl, post: { file: file('04.json', kit('04_dcc_v2_eddsa_didkey_bitstring_valid.json')), type: 'application/ld+json' }, target: '≥ 200 req/s' },
    { name: 'POST /verify, baked PNG (multipart)', url: verifyUrl, post: { file: file('badge.multipart', multipart), type: `multipart/form-data; boundary=${boundary}` }, target: '≥ 200 req/s' },
  ];
  console.log(`${SECONDS} s each, ${CONNECTIONS} connections, from a second process (autocannon) on loopback\n`);
  console.log('| endpoint | requests/s | p50 ms | p99 ms | non-2xx | target |');
  console.log('|---|---|---|---|---|---|');
  for (const t of targets) {
    const init: RequestInit = t.post ? { method: 'POST', body: readFileSync(t.post.file), headers: { 'content-type': t.post.type } } : { headers: { accept: t.accept! } };
    // Warm the function (a cold start is not what a steady load sees), and check the answer.
    for (let i = 0; i < 20; i++) {
      const res = await fetch(t.url, init);
      const text = await res.text();
      if (res.status !== 200 || (t.post && !t.post.vary && JSON.parse(text).status !== 'valid')) throw new Error(`${t.name}: ${res.status} ${text.slice(0, 300)}`);
    }
    const load = { url: t.url, connections: CONNECTIONS, duration: SECONDS, ...(t.post ? { method: 'POST', bodyFile: t.post.file, varyToken: t.post.vary, headers: { 'content-type': t.post.type } } : { headers: { accept: t.accept } }) };
    const { stdout } = await run(process.execPath, [loadRunner, JSON.stringify(load)], { maxBuffer: 16 * 1024 * 1024 });
    const r = JSON.parse(stdout) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
    console.log(`| ${t.name} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} | ${r.latency.p99} | ${r.non2xx + r.errors} | ${t.target} |`);
  }
  await new Promise((r) => cdn.close(r));
} finally {
  await cloud.stop();
}
