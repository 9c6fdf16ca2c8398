import { beforeAll, describe, expect, it } from 'vitest';
import { bakePng, bakeSvg } from '../../shared/credentials/baking';
import { localCloud, uniqueId } from '../support/cloud';
import { kit, ONE_PIXEL_PNG as PNG, publishThirdPartyDocuments } from '../support/standards-kit';

/**
 * POST /verify through the local public API: the same handler as in AWS, with other issuers'
 * documents served by the local cloud's internet stand-in at their real https URLs.
 */
const cloud = localCloud();

const verify = async (body: NonNullable<RequestInit['body']>, contentType?: string) => {
  const started = Date.now();
  const res = await fetch(`${cloud.outputs.PublicApiUrl}/verify`, { method: 'POST', body, headers: contentType ? { 'content-type': contentType } : {} });
  return { status: res.status, type: res.headers.get('content-type'), cache: res.headers.get('cache-control'), body: (await res.json()) as any, ms: Date.now() - started };
};
const failed = (body: { checks: { name: string; passed: boolean }[] }) => body.checks.filter((c) => !c.passed).map((c) => c.name);

beforeAll(() => publishThirdPartyDocuments(cloud.outputs.InternetUrl));

async function issueOne() {
  const done = await cloud.issueAuto('vera.issuer', { kind: 'badge', name: 'Presented', description: 'd', criteria: 'c' }, { recipient: { email: `${uniqueId('p')}@example.edu` } });
  expect(done.status).toBe('ISSUED');
  const id = done.credentialId as string;
  const url = `${cloud.outputs.PublicApiUrl}/credentials/${id}`;
  const json = await (await fetch(url, { headers: { accept: 'application/ld+json' } })).text();
  const jwt = await (await fetch(url, { headers: { accept: 'application/vc+jwt' } })).text();
  return { id, json, jwt };
}

describe('POST /verify: credentials from this deployment', () => {
  it('verifies the JSON-LD, the VC-JWT and baked PNG/SVG forms, and sees a revocation at once', async () => {
    const { id, json, jwt } = await issueOne();
    const ld = await verify(json, 'application/ld+json');
    expect(ld).toMatchObject({ status: 200, cache: 'no-store', body: { status: 'valid', format: 'json-ld', issuedHere: true, credential: { name: 'Presented' } } });
    expect(ld.body.checks.map((c: { name: string }) => c.name)).toEqual(['structure', 'schema', 'jsonld', 'key', 'signature', 'issuer', 'validity', 'status']);
    // The recipient's identifiers are not echoed back.
    expect(JSON.stringify(ld.body)).not.toMatch(/@example\.edu|identityHash|salt/);

    const asJwt = await verify(jwt, 'application/vc+jwt');
    expect(failed(asJwt.body)).toEqual([]);
    expect(asJwt.body).toMatchObject({ status: 'valid', format: 'vc-jwt', issuedHere: true });

    const form = new FormData();
    form.append('file', new Blob([bakePng(PNG, json)], { type: 'image/png' }), 'badge.png');
    expect((await verify(form)).body).toMatchObject({ status: 'valid', format: 'png' });
    const svg = bakeSvg(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'), jwt);
    expect((await verify(svg, 'image/svg+xml')).body).toMatchObject({ status: 'valid', format: 'svg' });

    const registrar = await cloud.as('reg.istrar', ['registrar']);
    await registrar.request('POST', `/credentials/${id}/suspend`, { reason: 'under review' });
    expect((await verify(json, 'application/ld+json')).body.status).toBe('suspended');
    await registrar.request('POST', `/credentials/${id}/revoke`, { reason: 'misconduct' });
    expect((await verify(json, 'application/ld+json')).body.status).toBe('revoked');
    expect((await verify(jwt, 'application/vc+jwt')).body.status).toBe('revoked');
  });

  it('finds tampering in every form', async () => {
    const { json, jwt } = await issueOne();
    const doc = JSON.parse(json);
    doc.credentialSubject.achievement.name = 'Presented with distinction';
    const tampered = await verify(JSON.stringify(doc), 'application/json');
    expect([tampered.status, tampered.body.status, failed(tampered.body)]).toEqual([200, 'invalid', ['signature']]);

    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    claims.name = 'Forged';
    const forgedJwt = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    expect(failed((await verify(forgedJwt, 'application/vc+jwt')).body)).toEqual(['signature']);
    // Claiming a famous issuer changes what was signed: the signature no longer matches.
    doc.credentialSubject.achievement.name = JSON.parse(json).credentialSubject.achievement.name;
    doc.issuer = { ...doc.issuer, id: 'https://badges.example.edu/issuers/uni-1' };
    expect(failed((await verify(JSON.stringify(doc), 'application/json')).body)).toEqual(['signature']);
  });
});

describe('POST /verify: other issuers (the standards kit)', () => {
  it('verifies 04 valid and 05 revoked against their status list, 06 (did:web) and 09 (https issuer)', async () => {
    const valid = await verify(kit('04_dcc_v2_eddsa_didkey_bitstring_valid.json'), 'application/ld+json');
    expect(failed(valid.body)).toEqual([]);
    expect(valid.body).toMatchObject({ status: 'valid', issuedHere: false, credential: { issuer: { name: 'Example Corp' }, achievement: { name: 'Masters - v2 - unrevoked' } } });
    expect((await verify(kit('05_dcc_v2_didkey_bitstring_revoked.json'), 'application/ld+json')).body.status).toBe('revoked');
    expect((await verify(kit('06_dcc_v2_ed25519sig2020_didweb_multikey_valid.json'), 'application/ld+json')).body.status).toBe('valid');
    expect((await verify(kit('09_generated_https-issuer_eddsa_hashed-email_signed.json'), 'application/ld+json')).body.status).toBe('valid');
  });

  it('verifies a third-party credential baked into a PNG', async () => {
    const form = new FormData();
    form.append('file', new Blob([bakePng(PNG, kit('05_dcc_v2_didkey_bitstring_revoked.json'))], { type: 'image/png' }), 'badge.png');
    expect((await verify(form)).body).toMatchObject({ status: 'revoked', format: 'png', issuedHere: false });
  });

  it('answers within its deadline when the issuer’s server never answers', async () => {
    const doc = JSON.parse(kit('09_generated_https-issuer_eddsa_hashed-email_signed.json'));
    doc.issuer = { ...doc.issuer, id: 'https://hangs.example/issuers/1' };
    doc.proof[0].verificationMethod = 'https://hangs.example/issuers/1/keys/1';
    const res = await verify(JSON.stringify(doc), 'application/ld+json');
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(9_000);
    expect(res.body.status).toBe('invalid');
    expect(res.body.checks.at(-1)).toMatchObject({ name: 'key', passed: false, message: expect.stringMatching(/did not answer/) });
  });

  it('never fetches from private, loopback or metadata addresses a credential names', async () => {
    for (const target of ['https://169.254.169.254/latest/meta-data/iam', 'https://127.0.0.1/keys/1', 'http://badges.example.edu/keys/1', 'https://localhost/keys/1']) {
      const doc = JSON.parse(kit('09_generated_https-issuer_eddsa_hashed-email_signed.json'));
      doc.proof[0].verificationMethod = target;
      const res = await verify(JSON.stringify(doc), 'application/ld+json');
      expect(res.body.checks.at(-1)).toMatchObject({ name: 'key', passed: false });
      expect(res.body.checks.at(-1).message).toMatch(/not a public address|not https/);
    }
    const { requests } = (await (await fetch(`${cloud.outputs.InternetUrl}/__requests`)).json()) as { requests: string[] };
    expect(requests.filter((r) => /169\.254|127\.0\.0\.1|localhost|^http:/.test(r))).toEqual([]);
  });
});

describe('POST /verify: input that is not a credential', () => {
  it.each([
    ['malformed JSON', '{"@context": [', 'application/json', 400, 'body'],
    ['a JSON array', '[]', 'application/ld+json', 400, 'body'],
    ['an empty body', '', 'application/json', 400, 'body'],
    ['text that is neither JSON nor a JWT', 'hello', 'text/plain', 400, 'body'],
    ['a PNG with nothing baked in', PNG, 'image/png', 422, 'body'],
    ['a file type it does not read', 'a,b\n1,2', 'text/csv', 415, undefined],
  ])('%s → problem+json', async (_, body, type, status, field) => {
    const res = await verify(body as NonNullable<RequestInit['body']>, type);
    expect([res.status, res.type]).toEqual([status, 'application/problem+json']);
    if (field) expect(res.body.errors?.[0]?.path ?? '').toMatch(new RegExp(`^${field}`));
  });

  it('refuses an oversized body with 413', async () => {
    const res = await verify(JSON.stringify({ padding: 'x'.repeat(3 * 1024 * 1024) }), 'application/json');
    expect([res.status, res.type]).toEqual([413, 'application/problem+json']);
  });

  it('reports an unverifiable but well-formed document as invalid, not as an error', async () => {
    const res = await verify(JSON.stringify({ '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'] }), 'application/ld+json');
    expect([res.status, res.body.status, failed(res.body)]).toEqual([200, 'invalid', ['structure']]);
  });
});
