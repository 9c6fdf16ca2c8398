import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_TTL_MS } from '../../local/authorization-codes';
import { PROJECT_ROOT } from '../../local/cloud';
import { createConsoleServer, NOT_BUILT, type ConsoleConfig } from '../../local/console-server';
import { createIdentityState, identityServer } from '../../local/identity-provider';
import { localCloud } from '../support/cloud';

/**
 * The staff console's side of the local cloud: signing in with the local identity provider (the
 * authorization code flow with PKCE, at Cognito's hosted UI paths), CORS for the console's
 * origin on the token endpoint and the admin API, and the console's own server. Plain HTTP, no
 * browser: the console's browser tests drive the same endpoints through the console.
 */
const cloud = localCloud();
const { outputs } = cloud;
const ORIGIN = outputs.ConsoleUrl;
const CALLBACK = `${ORIGIN}/callback`;
const OTHER_ORIGIN = 'http://localhost:9';

function pkce() {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const authorizeParameters = (challenge: string, overrides: Record<string, string> = {}) =>
  new URLSearchParams({
    response_type: 'code',
    client_id: outputs.UserPoolClientId,
    redirect_uri: CALLBACK,
    scope: 'openid email profile',
    state: 'state-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides,
  });

/** Submits the sign-in form as a browser would; answers the code the redirect back to the console carries. */
async function signIn(issuer: string, challenge: string, who: { demo?: string; username?: string; roles?: string[] }): Promise<string> {
  const form = authorizeParameters(challenge);
  if (who.demo) form.set('demo', who.demo);
  form.set('username', who.username ?? '');
  for (const role of who.roles ?? []) form.append('roles', role);
  const res = await fetch(`${issuer}/oauth2/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  expect(res.status, await res.clone().text()).toBe(302);
  const location = new URL(res.headers.get('location')!);
  expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
  expect(location.searchParams.get('state')).toBe('state-1');
  return location.searchParams.get('code')!;
}

async function redeem(issuer: string, code: string, verifier: string) {
  const res = await fetch(`${issuer}/oauth2/token`, {
    method: 'POST',
    headers: { origin: ORIGIN },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: outputs.UserPoolClientId, code, redirect_uri: CALLBACK, code_verifier: verifier }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

const preflight = (url: string, origin: string, method: string, headers = '') =>
  fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, ...(headers ? { 'access-control-request-headers': headers } : {}) } });

const listen = async (server: Server) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

describe('signing in to the console with the local identity provider', () => {
  const issuer = outputs.IdentityIssuer;

  it('shows a sign-in page for a request from the console', async () => {
    const res = await fetch(`${issuer}/oauth2/authorize?${authorizeParameters(pkce().challenge)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/form-action 'self' http:\/\/localhost:\d+;/);
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'/);
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>Sign in to Laurel</h1>');
    expect(html).toContain('<form method="post" action="/oauth2/authorize" aria-label="Demo user">');
    expect(html).toContain('<legend>Demo user</legend>');
    expect(html).toContain('value="alex.approver" data-roles="approver assessor"');
    expect(html).toContain('<label for="username">User name</label>');
    expect(html).toContain('<input type="checkbox" id="role-programme-lead" name="roles" value="programme-lead">');
    expect(html).toContain(`<input type="hidden" name="redirect_uri" value="${CALLBACK}">`);
    expect(html).toContain('<button type="submit">Sign in</button>');
  });

  it('refuses an unknown callback URL or client with a page of its own, never a redirect', async () => {
    const requests: Record<string, string>[] = [{ redirect_uri: 'https://attacker.example/callback' }, { redirect_uri: `${ORIGIN}/other` }, { client_id: 'someone-else' }];
    for (const overrides of requests) {
      const res = await fetch(`${issuer}/oauth2/authorize?${authorizeParameters(pkce().challenge, overrides)}`, { redirect: 'manual' });
      expect(res.status, JSON.stringify(overrides)).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('This sign-in request was refused');
    }
  });

  it('sends a request without PKCE back to the console with an error', async () => {
    const res = await fetch(`${issuer}/oauth2/authorize?${authorizeParameters('', { code_challenge_method: 'plain' })}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({ error: 'invalid_request', state: 'state-1' });
  });

  it('signs a person in with the roles chosen: their access token calls the admin API as them', async () => {
    const { verifier, challenge } = pkce();
    const code = await signIn(issuer, challenge, { username: 'dana.designer', roles: ['designer'] });
    const tokens = await redeem(issuer, code, verifier);
    expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
    expect(tokens.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(tokens.body).toMatchObject({ expires_in: 3600, token_type: 'Bearer' });
    expect(decodeJwt(tokens.body.id_token)).toMatchObject({ 'cognito:username': 'dana.designer', 'cognito:groups': ['designer'], aud: outputs.UserPoolClientId, token_use: 'id' });
    const access = decodeJwt(tokens.body.access_token);
    expect(access).toMatchObject({ username: 'dana.designer', 'cognito:groups': ['designer'], client_id: outputs.UserPoolClientId, token_use: 'access', scope: 'openid email profile', iss: issuer });
    expect(access.aud).toBeUndefined();

    const call = (route: string) => fetch(`${outputs.AdminApiUrl}${route}`, { headers: { authorization: `Bearer ${tokens.body.access_token}`, origin: ORIGIN } });
    const allowed = await call('/achievements');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    // A designer may not list credentials; the problem names the role that may.
    const refused = await call('/credentials');
    expect(refused.status).toBe(403);
    expect(JSON.stringify(await refused.json())).toContain('registrar');
  });

  it("signs a person in through the institution's identity provider, with the roles its groups map to", async () => {
    const page = await (await fetch(`${issuer}/oauth2/authorize?${authorizeParameters(pkce().challenge)}`)).text();
    expect(page).toContain('Or sign in through your institution');
    expect(page).toContain('<option value="Campus"');
    const { verifier, challenge } = pkce();
    const form = authorizeParameters(challenge);
    form.set('provider', 'Campus');
    form.set('idp_user', 'jo.registry');
    // What the directory sends; "library" maps to nothing, "admin" is a group name, not a mapped one.
    form.set('idp_groups', 'registry\nnursing-faculty\nlibrary\nadmin');
    const res = await fetch(`${issuer}/oauth2/authorize`, { method: 'POST', body: form, redirect: 'manual' });
    expect(res.status, await res.clone().text()).toBe(302);
    const code = new URL(res.headers.get('location')!).searchParams.get('code')!;
    const tokens = await redeem(issuer, code, verifier);
    expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
    const id = decodeJwt(tokens.body.id_token);
    // The user pool's trigger (the same handler as in AWS) made the groups; the raw groups stay out.
    expect(id['cognito:username']).toBe('Campus_jo.registry');
    expect(id['cognito:groups']).toEqual(['approver', 'assessor', 'registrar']);
    expect(id['custom:idp_groups']).toBeUndefined();
    expect(decodeJwt(tokens.body.access_token)['cognito:groups']).toEqual(id['cognito:groups']);
    const call = (route: string) => fetch(`${outputs.AdminApiUrl}${route}`, { headers: { authorization: `Bearer ${tokens.body.access_token}` } });
    expect((await call('/credentials')).status).toBe(200);
    expect((await call('/issuers/main/keys')).status).toBe(403);
  });

  it('gives a federated person no role when none of their groups is mapped, and names a bad account name', async () => {
    const { verifier, challenge } = pkce();
    const form = authorizeParameters(challenge);
    form.set('provider', 'Campus');
    form.set('idp_user', 'sam.student');
    form.set('idp_groups', 'students');
    const res = await fetch(`${issuer}/oauth2/authorize`, { method: 'POST', body: form, redirect: 'manual' });
    const tokens = await redeem(issuer, new URL(res.headers.get('location')!).searchParams.get('code')!, verifier);
    // An access token without groups, as Cognito's: no claim at all.
    expect(decodeJwt(tokens.body.access_token)['cognito:groups']).toBeUndefined();
    expect((await fetch(`${outputs.AdminApiUrl}/achievements`, { headers: { authorization: `Bearer ${tokens.body.access_token}` } })).status).toBe(403);

    form.set('idp_user', 'Not A Name');
    const again = await fetch(`${issuer}/oauth2/authorize`, { method: 'POST', body: form, redirect: 'manual' });
    expect(again.status).toBe(400);
    const html = await again.text();
    expect(html).toContain('Enter your account name at the provider');
    expect(html).toContain('id="idp-user" name="idp_user" value="Not A Name"');
    form.set('provider', 'Elsewhere');
    expect((await fetch(`${issuer}/oauth2/authorize`, { method: 'POST', body: form, redirect: 'manual' })).status).toBe(400);
  });

  it("gives a demo user chosen with nothing else filled in that user's roles (the page without script)", async () => {
    const { verifier, challenge } = pkce();
    const tokens = await redeem(issuer, await signIn(issuer, challenge, { demo: 'pat.approver' }), verifier);
    expect(decodeJwt(tokens.body.access_token)).toMatchObject({ username: 'pat.approver', 'cognito:groups': ['approver', 'programme-lead'] });
  });

  it('shows the page again, with the problem, for a user name it does not accept', async () => {
    const form = authorizeParameters(pkce().challenge);
    form.set('username', 'Not A Name');
    const res = await fetch(`${issuer}/oauth2/authorize`, { method: 'POST', body: form, redirect: 'manual' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<title>Error: Sign in to Laurel');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('value="Not A Name"');
  });

  it('refuses a wrong verifier, and the code it was tried with is gone', async () => {
    const { verifier, challenge } = pkce();
    const code = await signIn(issuer, challenge, { demo: 'ivan.issuer' });
    const wrong = await redeem(issuer, code, pkce().verifier);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_grant');
    expect(wrong.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect((await redeem(issuer, code, verifier)).body.error).toBe('invalid_grant');
  });

  it('redeems a code once only', async () => {
    const { verifier, challenge } = pkce();
    const code = await signIn(issuer, challenge, { demo: 'rita.registrar' });
    expect((await redeem(issuer, code, verifier)).status).toBe(200);
    const again = await redeem(issuer, code, verifier);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
  });

  it('refuses a code after its five minutes', async () => {
    // A provider of its own, on a clock the test moves: the shared cloud's runs on real time.
    let now = Date.now();
    const state = await createIdentityState('http://127.0.0.1', outputs.UserPoolClientId);
    state.callbackUrls = [CALLBACK];
    const server = identityServer(state, { now: () => now });
    const local = await listen(server);
    try {
      const { verifier, challenge } = pkce();
      const code = await signIn(local, challenge, { demo: 'aud.auditor' });
      now += CODE_TTL_MS + 1_000;
      const late = await redeem(local, code, verifier);
      expect(late.status).toBe(400);
      expect(late.body).toMatchObject({ error: 'invalid_grant', error_description: 'the code has expired' });
    } finally {
      server.close();
    }
  });

  it('lets the console sign out back to itself only', async () => {
    const out = (logoutUri: string) => fetch(`${issuer}/logout?${new URLSearchParams({ client_id: outputs.UserPoolClientId, logout_uri: logoutUri })}`, { redirect: 'manual' });
    const back = await out(`${ORIGIN}/`);
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe(`${ORIGIN}/`);
    const elsewhere = await out('https://attacker.example/');
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.headers.get('location')).toBeNull();
  });
});

describe('CORS for the console origin', () => {
  it('allows the console to call the admin API, and no other origin', async () => {
    const allowed = await preflight(`${outputs.AdminApiUrl}/achievements`, ORIGIN, 'GET', 'authorization');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(allowed.headers.get('vary')).toBe('origin');
    const other = await preflight(`${outputs.AdminApiUrl}/achievements`, OTHER_ORIGIN, 'GET', 'authorization');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('access-control-allow-headers')).toBeNull();
    const unauthenticated = await fetch(`${outputs.AdminApiUrl}/achievements`, { headers: { origin: OTHER_ORIGIN } });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows the console to call the token endpoint, and no other origin', async () => {
    const allowed = await preflight(`${outputs.IdentityIssuer}/oauth2/token`, ORIGIN, 'POST', 'content-type');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(allowed.headers.get('access-control-allow-methods')).toBe('POST');
    const other = await preflight(`${outputs.IdentityIssuer}/oauth2/token`, OTHER_ORIGIN, 'POST', 'content-type');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("lets the console upload to the artifact bucket's presigned URLs, and no other origin", async () => {
    // The bucket's CORS rules come from the template (the console's origin is one the admin API allows).
    const object = `${outputs.S3Endpoint}/${outputs.BucketName}/cors-probe.csv`;
    const allowed = await preflight(object, ORIGIN, 'PUT', 'content-type');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).not.toBeNull();
    expect(allowed.headers.get('access-control-allow-methods')).toContain('PUT');
    const other = await preflight(object, OTHER_ORIGIN, 'PUT', 'content-type');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe("the local cloud's console server", () => {
  it('tells the console where this local cloud is', async () => {
    const res = await fetch(`${ORIGIN}/config.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({
      apiUrl: outputs.AdminApiUrl,
      clientId: outputs.UserPoolClientId,
      signInUrl: outputs.IdentityIssuer,
      publicBaseUrl: outputs.PublicApiUrl,
      institutionName: 'Example University',
      brandColor: '#1d3557',
    });
  });

  it("answers an app route with the console's index.html, or says how to build the console", async () => {
    const res = await fetch(`${ORIGIN}/achievements/some-id`);
    // The cloud builds the console when it starts without one; a console that does not compile yet is a 503.
    if (!existsSync(path.join(PROJECT_ROOT, 'console', 'dist', 'index.html'))) {
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run console:build');
      return;
    }
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain(`connect-src 'self' ${outputs.AdminApiUrl} ${outputs.IdentityIssuer}`);
    expect(csp).toContain(`form-action ${outputs.IdentityIssuer}`);
    expect(await res.text()).toBe(await (await fetch(`${ORIGIN}/`)).text());
  });
});

describe('the console server, on a build of its own', () => {
  const config: ConsoleConfig = { apiUrl: 'a', clientId: 'c', signInUrl: 's', publicBaseUrl: 'p', institutionName: 'i', brandColor: '#000000' };
  const INDEX = '<!doctype html><title>console</title>';
  let dir: string;
  let built: Server;
  let notBuilt: Server;
  let url: string;
  let emptyUrl: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'console-'));
    const root = path.join(dir, 'dist');
    mkdirSync(path.join(root, 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), INDEX);
    writeFileSync(path.join(root, 'assets', 'index-Ab12Cd.js'), 'console.log(1)');
    writeFileSync(path.join(root, 'assets', 'index-Ef34Gh.css'), 'body{}');
    writeFileSync(path.join(dir, 'secret.txt'), 'not for the browser');
    built = createConsoleServer({ root, config, contentSecurityPolicy: "default-src 'self'" });
    url = await listen(built);
    mkdirSync(path.join(dir, 'empty'));
    notBuilt = createConsoleServer({ root: path.join(dir, 'empty'), config, contentSecurityPolicy: "default-src 'self'" });
    emptyUrl = await listen(notBuilt);
  });
  afterAll(() => {
    built?.close();
    notBuilt?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves files with their types, assets for good and index.html revalidated', async () => {
    const script = await fetch(`${url}/assets/index-Ab12Cd.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect(script.headers.get('content-security-policy')).toBeNull();
    expect((await fetch(`${url}/assets/index-Ef34Gh.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const index = await fetch(`${url}/`);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(index.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await index.text()).toBe(INDEX);
  });

  it('answers app routes with index.html, and anything else missing with 404', async () => {
    for (const route of ['/achievements', '/issuances/abc/audit', '/callback?code=x&state=y']) {
      const res = await fetch(`${url}${route}`);
      expect(res.status, route).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toBe(INDEX);
    }
    for (const missing of ['/missing.js', '/assets/index-Old.js', '/assets/gone']) expect((await fetch(`${url}${missing}`)).status, missing).toBe(404);
  });

  it('never serves a file from outside its build', async () => {
    for (const attempt of ['/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%2e%2e%2f']) {
      const res = await fetch(`${url}${attempt}`);
      expect(res.status, attempt).toBe(404);
      expect(await res.text()).not.toContain('not for the browser');
    }
    expect((await fetch(`${url}/`, { method: 'POST' })).status).toBe(405);
  });

  it('says how to build the console when there is none, and still answers /config.json', async () => {
    const res = await fetch(`${emptyUrl}/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toBe(NOT_BUILT);
    expect(await (await fetch(`${emptyUrl}/config.json`)).json()).toEqual(config);
  });
});
