import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import vm from 'node:vm';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from '../../local/admin-client';
import { PROJECT_ROOT, startLocalCloud, type LocalCloud, type LocalOutputs } from '../../local/cloud';
import { mintToken } from '../../local/identity-provider';
import { verifyIndependently } from '../../local/independent-verifier';
import { verifyWithVerifierCore } from '../../local/verifier-core';
import { httpKeyResolver, laurelSuspensionLists, verifyCredential } from '../../shared/credentials/verify';
import { serveStatic, type StaticServer } from '../support/static-server';

/**
 * The final export (issue #17, "credentials outlive the stack"): credentials issued on a local
 * cloud of its own, exported with `laurel export-static`, the cloud stopped, and the export served
 * by a plain static file server on the public API's port — the origin the credentials name. Both
 * independent verifiers then verify the exported credentials over HTTP from those files alone.
 */
const run = promisify(execFile);
const STATE_DIR = '.local/test-export';
const TIMEOUT_MS = 15_000;
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

let cloud: LocalCloud | undefined;
let outputs: LocalOutputs;
let statics: (StaticServer & { close(): Promise<void> }) | undefined;
const work = mkdtempSync(path.join(tmpdir(), 'laurel-export-'));
const site = path.join(work, 'site');
/** Credential ids by role in the story. */
const ids = {} as Record<'active' | 'revoked' | 'suspended' | 'afterRotation' | 'otherIssuer', string>;
const before = new Map<string, Buffer>();

beforeAll(async () => {
  for (let attempt = 0; attempt < 5 && !cloud; attempt++) {
    try {
      cloud = await startLocalCloud({ port: 30_000 + Math.floor(Math.random() * 1_000) * 10, stateDir: STATE_DIR, retryScale: 0.01, context: { 'laurel:vcJwt': true } });
    } catch (e) {
      if (!String((e as Error).message).includes('in use')) throw e;
    }
  }
  outputs = cloud!.outputs;
}, 180_000);

afterAll(async () => {
  await statics?.close();
  await cloud?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** `laurel …` as a separate process, signed in with a session of its own. */
function laurel(home: string) {
  return async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run('node', ['cli/bin.mjs', ...args, '--outputs', path.join(PROJECT_ROOT, STATE_DIR, 'outputs.json')], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, LAUREL_HOME: home },
        timeout: 300_000,
      });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };
}

async function issueStory() {
  const staff = new AdminClient(outputs.AdminApiUrl, await mintToken(cloud!.identity, 'eve.export', ['designer', 'issuer', 'registrar']));
  const ok = async (res: Promise<{ status: number; body: any }>, status: number) => {
    const r = await res;
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  // A badge image, so images are exported too.
  // Issuers of our own (their keys are registered when they are made), besides the deployment's.
  for (const [issuerId, name] of [['faculty-science', 'Faculty of Science'], ['faculty-arts', 'Faculty of Arts']] as const) {
    await ok(staff.request('POST', '/issuers', { issuerId, name, url: `https://${issuerId}.example.edu` }), 201);
  }
  await ok(staff.request('POST', '/achievements', { id: 'kept-forever', issuerId: 'faculty-science', kind: 'badge', name: 'Kept Forever', description: 'd', criteria: 'c', approval: { mode: 'auto' } }), 201);
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#2a6"/></svg>');
  const offer = await ok(staff.request('POST', '/achievements/kept-forever/image', { contentType: 'image/svg+xml', size: svg.length }), 201);
  expect((await fetch(offer.uploadUrl, { method: 'PUT', headers: offer.headers, body: svg })).status).toBe(200);
  await ok(staff.request('PATCH', '/achievements/kept-forever', { image: { id: offer.imageUrl, caption: 'badge' } }), 200);
  await ok(staff.request('POST', '/achievements', { id: 'arts-badge', issuerId: 'faculty-arts', kind: 'badge', name: 'Arts', description: 'd', criteria: 'c', approval: { mode: 'auto' } }), 201);

  const issue = async (achievementId: string, n: number) => {
    const { body } = await staff.request('POST', '/issuances', { achievementId, recipient: { email: `learner-${n}@export.example.org` } });
    const done = await staff.waitForIssuance(body.id, (i) => ['ISSUED', 'FAILED'].includes(i.status), 120_000);
    expect(done.status, JSON.stringify(done.failure)).toBe('ISSUED');
    return done.credentialId as string;
  };
  [ids.active, ids.revoked, ids.suspended, ids.otherIssuer] = await Promise.all([issue('kept-forever', 1), issue('kept-forever', 2), issue('kept-forever', 3), issue('arts-badge', 4)]);
  // A rotation: the retired key must stay published for what it signed.
  await ok(staff.request('POST', '/issuers/faculty-science/keys/rotate'), 201);
  ids.afterRotation = await issue('kept-forever', 5);
  await ok(staff.request('POST', `/credentials/${ids.revoked}/revoke`, { reason: 'Awarded in error' }), 200);
  await ok(staff.request('POST', `/credentials/${ids.suspended}/suspend`, { reason: 'Under review' }), 200);
  return staff;
}

const exported = (rel: string) => readFileSync(path.join(site, ...rel.split('/')));
const credentialJson = (id: string) => JSON.parse(exported(`credentials/${id}.json`).toString('utf8'));

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

describe('laurel export-static: credentials outlive the stack', () => {
  it('exports every issuer, key, credential, status list and image, or nothing at all', async () => {
    const staff = await issueStory();
    const exporter = laurel(mkdtempSync(path.join(work, 'home-')));
    expect((await exporter('login', '--user', 'xander.export', '--groups', 'auditor')).code).toBe(0);

    // A public API that cannot be reached: a clear refusal, and no partial site anywhere.
    const never = path.join(work, 'never');
    const refused = await exporter('export-static', '--out', never, '--public-api', 'http://127.0.0.1:9');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/laurel: GET http:\/\/127\.0\.0\.1:9\/issuers\/\S+ failed.*\n.*Nothing was written/);
    expect(existsSync(never) || existsSync(`${never}.partial`)).toBe(false);

    const started = Date.now();
    const result = await exporter('export-static', '--out', site);
    expect(result.code, result.stderr).toBe(0);
    console.log(`export of 5 credentials: ${Date.now() - started} ms (with the CLI's start)\n${result.stderr}${result.stdout}`);
    // The deployment's own issuer is listed too (its keys are the deployment's business).
    expect(result.stdout).toMatch(/issuers 3 · keys \d+/);
    for (const issuerId of ['faculty-science', 'faculty-arts']) {
      const keys: { url: string; status: string }[] = (await staff.request('GET', `/issuers/${issuerId}/keys`)).body.items;
      expect(keys.length).toBeGreaterThanOrEqual(2);
      for (const k of keys) expect(existsSync(path.join(site, `${k.url.slice(outputs.PublicApiUrl.length)}/index.json`)), `${k.url} (${k.status})`).toBe(true);
    }
    expect(result.stdout).toContain('credentials 5: 3 active, 1 revoked, 1 suspended (5 with a VC-JWT form)');
    expect(result.stdout).toMatch(/warning: 1 credential\(s\) are suspended/);

    // Signed documents are the API's bytes, unchanged.
    for (const id of Object.values(ids)) {
      const res = await fetch(`${outputs.PublicApiUrl}/credentials/${id}`, { headers: { accept: 'application/ld+json' } });
      before.set(id, Buffer.from(await res.arrayBuffer()));
      expect(exported(`credentials/${id}.json`).equals(before.get(id)!)).toBe(true);
    }
    const list = Buffer.from(await (await fetch(`${outputs.PublicApiUrl}/status/faculty-science/revocation/0`)).arrayBuffer());
    expect(exported('status/faculty-science/revocation/0/index.json').equals(list)).toBe(true);
    expect(exported('status/faculty-science/suspension/0/index.json').length).toBeGreaterThan(0);
  });

  it('lists every file in manifest.json with its sha256', () => {
    const manifest = JSON.parse(exported('manifest.json').toString('utf8'));
    expect(manifest).toMatchObject({ format: 'laurel-static-export/1', publicBaseUrl: `${outputs.PublicApiUrl}/`, counts: { credentials: { total: 5 } } });
    for (const f of manifest.files) expect(createHash('sha256').update(exported(f.path)).digest('hex'), f.path).toBe(f.sha256);
    expect(manifest.files.map((f: { path: string }) => f.path).sort()).toEqual(filesUnder(site).filter((f) => f !== 'manifest.json').sort());
  });

  it('verifies from a plain static file server alone, with both independent verifiers; the revoked one stays revoked', async () => {
    const port = Number(new URL(outputs.PublicApiUrl).port);
    await cloud!.stop();
    cloud = undefined;
    // This process kept connections to the stopped cloud alive; let its HTTP client notice they
    // are closed before the next request (a verifier elsewhere has none to notice).
    await new Promise((r) => setTimeout(r, 250));
    statics = await serveStatic(site, port);
    expect((await fetch(`${outputs.PublicApiUrl}/verify`, { method: 'POST' })).status).toBe(405); // Laurel is gone

    for (const [role, id] of Object.entries(ids)) {
      const credential = credentialJson(id);
      const revoked = role === 'revoked';
      expect(await verifyIndependently(credential, { timeoutMs: TIMEOUT_MS }), role).toMatchObject({ verified: true, revoked });
      const dcc = await verifyWithVerifierCore(credential);
      expect(dcc.steps, role).toMatchObject({ valid_signature: true, revocation_status: !revoked, expiration: true });
      if (!revoked) expect(dcc.errors, role).toEqual([]);
    }
    // They fetched from the static files: the profile, both keys of the issuer, the final list.
    const first = credentialJson(ids.active).proof[0].verificationMethod.replace(outputs.PublicApiUrl, '');
    const rotated = credentialJson(ids.afterRotation).proof[0].verificationMethod.replace(outputs.PublicApiUrl, '');
    expect(first).not.toBe(rotated);
    for (const p of [first, rotated, '/issuers/faculty-science', '/status/faculty-science/revocation/0']) expect(statics.requests).toContain(p);

    // Laurel's own verifier, which reads the suspension list too: it stays suspended.
    const ours = (id: string) => verifyCredential(credentialJson(id), { resolver: httpKeyResolver({ timeoutMs: TIMEOUT_MS }), suspensionListFor: laurelSuspensionLists(outputs.PublicApiUrl) });
    expect((await ours(ids.suspended)).status).toBe('suspended');
    expect((await ours(ids.revoked)).status).toBe('revoked');
    expect((await ours(ids.active)).status).toBe('valid');
  });

  it("serves the verification page at the credential's URL, the JSON beside it, the VC-JWT and its key", async () => {
    for (const [role, id] of Object.entries(ids)) {
      const url = `${outputs.PublicApiUrl}/credentials/${id}`;
      const page = await fetch(url, { headers: { accept: BROWSER } });
      expect(page.status, role).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toContain(role === 'otherIssuer' ? 'Arts' : 'Kept Forever');
      expect(html).toContain(`<link rel="alternate" type="application/ld+json" href="${url}.json">`);
      expect(html).toContain(`href="${url}.json" download`);
      expect(html).not.toContain('?format=json');
      if (role === 'revoked') expect(html).toContain('Revoked');
      if (role === 'suspended') expect(html).toContain('Suspended');
      // A plain host does not negotiate: a machine asking the credential's URL for JSON gets the page too.
      expect((await fetch(url, { headers: { accept: 'application/ld+json' } })).headers.get('content-type')).toMatch(/^text\/html/);
      const json = await fetch(`${url}.json`);
      expect(json.headers.get('content-type')).toBe('application/json');
      expect(Buffer.from(await json.arrayBuffer()).equals(before.get(id)!)).toBe(true);
    }
    const verification: any = await (await fetch(`${outputs.PublicApiUrl}/credentials/${ids.revoked}/verification`)).json();
    expect(verification).toMatchObject({ credentialId: ids.revoked, status: 'revoked' });
    const image = credentialJson(ids.active).credentialSubject.achievement.image.id as string;
    expect((await fetch(image)).headers.get('content-type')).toBe('image/svg+xml');

    // The VC-JWT form, verified as 1EdTech's validator does: the kid URL gives one bare JWK.
    const jwt = exported(`credentials/${ids.active}.jwt`).toString('utf8');
    const { kid, alg } = decodeProtectedHeader(jwt);
    const jwk = (await (await fetch(kid!)).json()) as Record<string, unknown>;
    const { payload } = await jwtVerify(jwt, await importJWK(jwk, alg));
    expect(payload).toMatchObject({ id: `${outputs.PublicApiUrl}/credentials/${ids.active}` });
  });

  it('gives CloudFront the negotiation back: its function maps each URL to a file of the export', () => {
    const context = vm.createContext({});
    vm.runInContext(exported('hosting/cloudfront-function.js').toString('utf8'), context);
    const handler = (context as { handler: (e: unknown) => { uri: string } }).handler;
    const base = new URL(outputs.PublicApiUrl).pathname.replace(/\/$/, '');
    const uriFor = (uri: string, accept?: string, format?: string) =>
      handler({ request: { uri: `${base}${uri}`, headers: accept ? { accept: { value: accept } } : {}, querystring: format ? { format: { value: format } } : {} } }).uri;
    const c = `/credentials/${ids.active}`;
    const cases: [string, string][] = [
      [uriFor(c, BROWSER), `${c}/index.html`],
      [uriFor(c, 'application/ld+json, application/json'), `${c}.json`],
      [uriFor(c), `${c}.json`], // no Accept: JSON, as the API answered
      [uriFor(c, 'application/vc+jwt'), `${c}.jwt`],
      [uriFor(c, BROWSER, 'json'), `${c}.json`],
      [uriFor(`${c}/verification`), `${c}/verification/index.json`],
      [uriFor('/issuers/faculty-arts'), '/issuers/faculty-arts/index.json'],
      [uriFor('/status/faculty-science/suspension/0'), '/status/faculty-science/suspension/0/index.json'],
    ];
    for (const [got, want] of cases) {
      expect(got).toBe(`${base}${want}`);
      expect(existsSync(path.join(site, want)), want).toBe(true);
    }
  });
});
