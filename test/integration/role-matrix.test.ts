import { generateKeyPair, importJWK, SignJWT } from 'jose';
import { describe, expect, inject, it } from 'vitest';
import { ADMIN_ROUTES, type RouteDef } from '../../shared/api/routes';
import { ROLES } from '../../shared/http/auth';
import { localCloud } from '../support/cloud';

const cloud = localCloud();

/** Path parameters that are valid in form and name nothing that exists: nothing is changed. */
const PARAMS: Record<string, string> = { id: 'role-matrix-none', issuerId: 'role-matrix-none', keyId: 'role-matrix-none', report: 'issuances' };
const urlOf = (r: RouteDef) => r.path.replace(/\{(\w+)\}/g, (_, p: string) => PARAMS[p]!);

async function call(route: RouteDef, token: string | undefined) {
  const res = await fetch(`${cloud.outputs.AdminApiUrl}${urlOf(route)}`, {
    method: route.method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(route.body ? { 'content-type': 'application/json' } : {}) },
    ...(route.body ? { body: '{}' } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, type: res.headers.get('content-type') };
}

/**
 * `work` over `items`, `limit` at a time: the matrix tests authorisation, not a burst of a
 * hundred cold starts at once, which starves the other suites sharing the local cloud.
 */
async function inTurn<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return results;
}

const guarded = Object.entries(ADMIN_ROUTES).filter(([, r]) => 'roles' in r && r.roles) as [string, RouteDef][];

describe('the role matrix: every admin route × every role', () => {
  const subjects = [...ROLES, 'none'] as const;
  it.each(subjects)('as %s: allowed where the registry says, otherwise 403 naming the role', async (role) => {
    const token = await cloud.token(`matrix-${role}`, role === 'none' ? [] : [role]);
    const outcomes = await inTurn(guarded, 4, async ([name, route]) => {
      const allowed = role === 'admin' || (route.roles as readonly string[]).includes(role);
      const res = await call(route, token);
      return { name, allowed, ...res };
    });
    for (const o of outcomes) {
      const label = `${role} → ${o.name} answered ${o.status}: ${JSON.stringify(o.body)}`;
      expect(o.status, label).toBeLessThan(500);
      expect(o.type, label).toMatch(/problem\+json|json|csv|zip/);
      if (o.allowed) expect([401, 403], label).not.toContain(o.status);
      else {
        expect(o.status, label).toBe(403);
        expect(o.body.detail, label).toMatch(/needs the role '/);
        for (const r of ADMIN_ROUTES[o.name as keyof typeof ADMIN_ROUTES].roles ?? []) expect(o.body.detail, label).toContain(`'${r}'`);
      }
    }
    // The matrix is what the README and the OpenAPI document say: record its shape.
    expect(outcomes.filter((o) => o.allowed).length).toBe(guarded.filter(([, r]) => role === 'admin' || (r.roles as readonly string[]).includes(role)).length);
  });

  it('answers 401 without a token, or with one that is malformed, forged, expired, for another audience or from another issuer', async () => {
    const { identity } = inject('cloud');
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const forge = (claims: { iss?: string; aud?: string; exp?: string }) =>
      new SignJWT({ 'cognito:groups': ['admin'], 'cognito:username': 'mallory' })
        .setProtectedHeader({ alg: 'RS256', kid: identity.privateJwk.kid! })
        .setIssuer(claims.iss ?? identity.issuer)
        .setAudience(claims.aud ?? identity.audience)
        .setSubject('mallory')
        .setExpirationTime(claims.exp ?? '1h')
        .sign(privateKey);
    // Signed with the pool's own key, but not for this API or not by this pool.
    const realKey = async (claims: { iss?: string; aud?: string }) =>
      new SignJWT({ 'cognito:groups': ['admin'] })
        .setProtectedHeader({ alg: 'RS256', kid: identity.privateJwk.kid! })
        .setIssuer(claims.iss ?? identity.issuer)
        .setAudience(claims.aud ?? identity.audience)
        .setSubject('x')
        .setExpirationTime('1h')
        .sign(await importJWK(identity.privateJwk, 'RS256'));
    const tokens: Record<string, string | undefined> = {
      none: undefined,
      malformed: 'not.a.jwt',
      forged: await forge({}), // right claims, wrong key
      expired: await cloud.token('old', ['admin'], -60),
      'wrong audience': await realKey({ aud: 'some-other-app' }),
      'wrong issuer': await realKey({ iss: 'https://cognito-idp.example/elsewhere' }),
    };
    for (const [name, route] of guarded.slice(0, 6)) {
      for (const [kind, token] of Object.entries(tokens)) {
        expect((await call(route, token)).status, `${kind} → ${name}`).toBe(401);
      }
    }
    // …while the OpenAPI document needs no token at all
    expect((await call(ADMIN_ROUTES.getOpenApi, undefined)).status).toBe(200);
  });
});
