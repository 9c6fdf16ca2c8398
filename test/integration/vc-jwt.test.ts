import { importJWK, jwtVerify, decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { localCloud, uniqueId } from '../support/cloud';

const cloud = localCloud();

/** Verifies a VC-JWT the way 1EdTech's validator does: GET the `kid` URL, expect one bare JWK. */
async function verifyJwt(jwt: string) {
  const { kid, alg } = decodeProtectedHeader(jwt);
  const res = await fetch(kid!);
  const jwk: any = await res.json();
  expect(jwk.keys).toBeUndefined(); // a bare JWK, not a JWKS
  return { ...(await jwtVerify(jwt, await importJWK(jwk, alg))), contentType: res.headers.get('content-type'), kid };
}

describe('the VC-JWT form (laurel:vcJwt on)', () => {
  let credentialUrl: string;
  let ldCredential: any;

  beforeAll(async () => {
    const staff = await cloud.as('jo.staff', ['designer', 'issuer']);
    const achievementId = uniqueId('jwt');
    await staff.request('POST', '/achievements', { id: achievementId, kind: 'badge', name: 'JWT', description: 'd', criteria: 'c', validityDays: 30, approval: { mode: 'auto' } });
    const { body } = await staff.request('POST', '/issuances', { achievementId, recipient: { email: `${uniqueId('j')}@example.org` } });
    const done = await staff.waitForIssuance(body.id, (i) => ['ISSUED', 'FAILED'].includes(i.status));
    expect(done.status, JSON.stringify(done.failure)).toBe('ISSUED');
    credentialUrl = `${cloud.outputs.PublicApiUrl}/credentials/${done.credentialId}`;
    ldCredential = await (await fetch(credentialUrl)).json();
  });

  it('serves the same credential as an ES256 JWT at the same URL, by Accept', async () => {
    const res = await fetch(credentialUrl, { headers: { accept: 'application/vc+jwt' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vc+jwt');
    expect(res.headers.get('vary')).toBe('Accept');
    const jwt = await res.text();
    const { payload, protectedHeader, contentType, kid } = await verifyJwt(jwt);
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'JWT' });
    expect(kid).toMatch(new RegExp(`^${cloud.outputs.PublicApiUrl}/issuers/main/keys/k-`));
    expect(contentType).toBe('application/jwk+json');
    const { proof: _proof, ...unsecured } = ldCredential;
    expect(payload).toMatchObject(unsecured); // the credential itself is the payload, no `vc` wrapper
    expect(payload).toMatchObject({ iss: ldCredential.issuer.id, jti: ldCredential.id, nbf: Date.parse(ldCredential.validFrom) / 1000, exp: Date.parse(ldCredential.validUntil) / 1000 });
    expect(payload.vc).toBeUndefined();
  });

  it('fails verification when the payload is changed', async () => {
    const jwt = await (await fetch(credentialUrl, { headers: { accept: 'application/vc+jwt' } })).text();
    const [h, p, s] = jwt.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    claims.name = 'Something else';
    await expect(verifyJwt(`${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`)).rejects.toThrow(/signature/);
  });

  it('keeps JSON-LD the default for JSON and no Accept at all; a browser gets the page', async () => {
    for (const accept of [undefined, '*/*', 'application/json', 'application/ld+json', 'application/ld+json, application/vc+jwt;q=0.5', 'application/json, text/html;q=0.5']) {
      const res = await fetch(credentialUrl, accept ? { headers: { accept } } : {});
      expect(res.headers.get('content-type'), accept).toBe('application/ld+json');
    }
    const browser = await fetch(credentialUrl, { headers: { accept: 'text/html,*/*;q=0.8' } });
    expect(browser.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });
});
