import { beforeAll, describe, expect, it } from 'vitest';
import { verifyIndependently } from '../../local/independent-verifier';
import { verifyWithVerifierCore } from '../../local/verifier-core';
import { decodeList, getBit, STATUS_LIST_SIZE } from '../../shared/credentials/status-list';
import { httpKeyResolver, laurelSuspensionLists, verifyCredential } from '../../shared/credentials/verify';
import { localCloud, uniqueId, LOCAL_FETCH_TIMEOUT_MS } from '../support/cloud';

const cloud = localCloud();

async function issueOne() {
  const staff = await cloud.as('sam.staff', ['designer', 'issuer']);
  const achievementId = uniqueId('status');
  await staff.request('POST', '/achievements', { id: achievementId, kind: 'badge', name: 'Status', description: 'd', criteria: 'c', approval: { mode: 'auto' } });
  const { body } = await staff.request('POST', '/issuances', { achievementId, recipient: { email: `${uniqueId('s')}@example.org` } });
  const issuance = await staff.waitForIssuance(body.id, (i) => i.status === 'ISSUED');
  const credential: any = await (await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${issuance.credentialId}`)).json();
  return { id: issuance.credentialId as string, credential };
}

const ours = (credential: unknown) =>
  verifyCredential(credential, { resolver: httpKeyResolver({ timeoutMs: LOCAL_FETCH_TIMEOUT_MS }), suspensionListFor: laurelSuspensionLists(cloud.outputs.PublicApiUrl) });

describe('revocation and suspension', () => {
  let registrar: Awaited<ReturnType<typeof cloud.as>>;
  beforeAll(async () => {
    registrar = await cloud.as('rhea.registrar', ['registrar']);
  });

  it('publishes a signed list of 131,072 entries with cache headers, and one revocation entry per credential', async () => {
    const { credential } = await issueOne();
    expect(credential.credentialStatus).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: expect.stringMatching(/^\d+$/) });
    const res = await fetch(credential.credentialStatus.statusListCredential);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const list: any = await res.json();
    expect(list.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
    expect(list.issuer).toBe(credential.issuer.id);
    expect(list.proof[0].cryptosuite).toBe('eddsa-rdfc-2022');
    expect(decodeList(list.credentialSubject.encodedList).length * 8).toBe(STATUS_LIST_SIZE);
  });

  it('gives every credential its own index', async () => {
    const indexes = await Promise.all(Array.from({ length: 6 }, async () => (await issueOne()).credential.credentialStatus.statusListIndex));
    expect(new Set(indexes).size).toBe(6);
  });

  it('suspend → suspended for Laurel, reinstate → valid for everyone; revoke → revoked for Laurel, @digitalbazaar/vc and DCC verifier-core', async () => {
    const { id, credential } = await issueOne();
    expect((await ours(credential)).status).toBe('valid');
    const dccBefore = await verifyWithVerifierCore(credential);
    expect(dccBefore.errors).toEqual([]);
    expect(dccBefore.steps).toMatchObject({ valid_signature: true, revocation_status: true, expiration: true });

    const suspended = await registrar.request('POST', `/credentials/${id}/suspend`, { reason: 'Under academic-integrity review' });
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({ status: 'SUSPENDED', suspension: { by: 'rhea.registrar', reason: 'Under academic-integrity review' } });
    expect((await ours(credential)).status).toBe('suspended');
    // Suspension is Laurel's own check; third parties read only the revocation entry.
    expect(await verifyIndependently(credential, { timeoutMs: LOCAL_FETCH_TIMEOUT_MS })).toMatchObject({ verified: true, revoked: false });

    expect((await registrar.request('POST', `/credentials/${id}/reinstate`, {})).body.status).toBe('ACTIVE');
    expect((await ours(credential)).status).toBe('valid');
    expect(await verifyIndependently(credential, { timeoutMs: LOCAL_FETCH_TIMEOUT_MS })).toMatchObject({ verified: true, revoked: false });
    expect((await verifyWithVerifierCore(credential)).steps).toMatchObject({ valid_signature: true, revocation_status: true });

    const revoked = await registrar.request('POST', `/credentials/${id}/revoke`, { reason: 'Awarded in error' });
    expect(revoked.body).toMatchObject({ status: 'REVOKED', revocation: { reason: 'Awarded in error' } });
    const result = await ours(credential);
    expect(result.status).toBe('revoked');
    expect(result.checks.at(-1)).toMatchObject({ name: 'status', passed: false });
    // @digitalbazaar/vc keeps the proof result (still intact) and the status result (revoked) apart.
    expect(await verifyIndependently(credential, { timeoutMs: LOCAL_FETCH_TIMEOUT_MS })).toMatchObject({ verified: true, revoked: true });
    expect((await verifyWithVerifierCore(credential)).steps).toMatchObject({ valid_signature: true, revocation_status: false });

    const list: any = await (await fetch(credential.credentialStatus.statusListCredential)).json();
    expect(getBit(decodeList(list.credentialSubject.encodedList), Number(credential.credentialStatus.statusListIndex))).toBe(true);
  });

  it('keeps revocation permanent and repeated actions safe', async () => {
    const { id } = await issueOne();
    expect((await registrar.request('POST', `/credentials/${id}/revoke`, { reason: 'x' })).status).toBe(200);
    expect((await registrar.request('POST', `/credentials/${id}/revoke`, { reason: 'x' })).status).toBe(200); // a retry converges
    expect((await registrar.request('POST', `/credentials/${id}/reinstate`, {})).status).toBe(409);
    expect((await registrar.request('POST', `/credentials/${id}/suspend`, { reason: 'y' })).status).toBe(409);
  });

  it('needs the registrar role and a reason; unknown credentials are 404', async () => {
    const { id } = await issueOne();
    const issuer = await cloud.as('ivy.issuer', ['issuer']);
    const forbidden = await issuer.request('POST', `/credentials/${id}/revoke`, { reason: 'x' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.detail).toContain("'registrar'");
    const noReason = await registrar.request('POST', `/credentials/${id}/revoke`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([{ path: 'body.reason', message: 'required' }]);
    expect((await registrar.request('POST', '/credentials/00000000-0000-4000-8000-000000000000/revoke', { reason: 'x' })).status).toBe(404);
  });

  it('answers 404/400 for unknown or malformed status list URLs', async () => {
    const pub = cloud.outputs.PublicApiUrl;
    expect((await fetch(`${pub}/status/main/revocation/999`)).status).toBe(404);
    expect((await fetch(`${pub}/status/main/eviction/0`)).status).toBe(400);
    expect((await fetch(`${pub}/status/main/revocation/-1`)).status).toBe(400);
  });
});
