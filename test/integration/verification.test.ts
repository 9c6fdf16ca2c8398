import { describe, expect, it } from 'vitest';
import { localCloud, uniqueId } from '../support/cloud';

const cloud = localCloud();

async function issueOne() {
  const done = await cloud.issueAuto('vera.issuer', { kind: 'badge', name: 'Verified', description: 'd', criteria: 'c' }, { recipient: { email: `${uniqueId('v')}@example.edu` } });
  expect(done.status).toBe('ISSUED');
  return done.credentialId as string;
}

const verification = async (id: string) => {
  const res = await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${id}/verification`);
  return { status: res.status, cache: res.headers.get('cache-control'), type: res.headers.get('content-type'), body: (await res.json()) as any };
};

describe('GET /credentials/{id}/verification', () => {
  it('reports each named check and the overall status as it changes: valid, suspended, valid, revoked', async () => {
    const id = await issueOne();
    const first = await verification(id);
    expect(first).toMatchObject({ status: 200, cache: 'public, max-age=60', body: { credentialId: id, credentialUrl: `${cloud.outputs.PublicApiUrl}/credentials/${id}`, status: 'valid' } });
    expect(first.body.checks.map((c: { name: string }) => c.name)).toEqual(['structure', 'schema', 'jsonld', 'key', 'signature', 'issuer', 'validity', 'status']);
    expect(first.body.checks.every((c: { passed: boolean; message: string }) => c.passed && c.message.length > 10)).toBe(true);
    expect(Date.parse(first.body.checkedAt)).toBeGreaterThan(Date.now() - 60_000);

    const registrar = await cloud.as('reg.istrar', ['registrar']);
    await registrar.request('POST', `/credentials/${id}/suspend`, { reason: 'under review' });
    expect((await verification(id)).body.status).toBe('suspended');
    await registrar.request('POST', `/credentials/${id}/reinstate`, {});
    expect((await verification(id)).body.status).toBe('valid');
    await registrar.request('POST', `/credentials/${id}/revoke`, { reason: 'academic misconduct' });
    const revoked = await verification(id);
    expect(revoked.body.status).toBe('revoked');
    expect(revoked.body.checks.find((c: { name: string }) => c.name === 'status')).toMatchObject({ passed: false });
    // The reason is the institution's business, not the verifier's
    expect(JSON.stringify(revoked.body)).not.toContain('academic misconduct');
  });

  it('answers 404 problem+json for an unknown credential and 400 for a malformed id', async () => {
    const unknown = await fetch(`${cloud.outputs.PublicApiUrl}/credentials/00000000-0000-4000-8000-000000000000/verification`);
    expect([unknown.status, unknown.headers.get('content-type')]).toEqual([404, 'application/problem+json']);
    expect((await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${'x'.repeat(100)}/verification`)).status).toBe(400);
  });
});
