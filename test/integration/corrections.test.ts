import { describe, expect, it } from 'vitest';
import { verifyIndependently } from '../../local/independent-verifier';
import { verifyWithVerifierCore } from '../../local/verifier-core';
import { localCloud, uniqueId, LOCAL_FETCH_TIMEOUT_MS } from '../support/cloud';

/**
 * Corrections and extensions (issue #20): a signed credential never changes, so a correction is a
 * new credential — the same award, issue date and status entry, with the change — and the original
 * is superseded, not revoked: it still verifies, and its page links the current one.
 */
const cloud = localCloud();
const DAY = 86_400_000;

describe('correcting a credential', () => {
  it('reissues it with the corrected name, once however often asked, then extends it; each original superseded and still valid', async () => {
    const email = `${uniqueId('correct')}@example.org`;
    const issued = await cloud.issueAuto('cora.issuer', { kind: 'course', name: 'Welding safety', description: 'd', criteria: 'c', validityDays: 365 }, { recipient: { email, name: 'Ada Byron', publishName: true } });
    expect(issued.status).toBe('ISSUED');
    const originalId = issued.credentialId as string;
    const registrar = await cloud.as('rhea.registrar', ['registrar']);
    const url = (id: string) => `${cloud.outputs.PublicApiUrl}/credentials/${id}`;

    const bad = await registrar.request('POST', `/credentials/${originalId}/corrections`, { reason: 'nothing' });
    expect(bad.status).toBe(400);
    const correction = { name: 'Ada King', reason: 'Name changed by deed poll (ticket 4411)' };
    const [first, again] = await Promise.all([
      registrar.request('POST', `/credentials/${originalId}/corrections`, correction),
      registrar.request('POST', `/credentials/${originalId}/corrections`, correction),
    ]);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(first.body).toMatchObject({ status: 'ACTIVE', supersedes: originalId, issuanceId: issued.id });

    const [original, corrected]: any[] = await Promise.all([fetch(url(originalId)).then((r) => r.json()), fetch(url(first.body.id)).then((r) => r.json())]);
    expect(corrected.credentialSubject.name).toBe('Ada King');
    expect(corrected.validFrom).toBe(original.validFrom);
    expect(corrected.validUntil).toBe(original.validUntil);
    expect(corrected.credentialStatus).toEqual(original.credentialStatus);
    expect(await verifyIndependently(corrected, { timeoutMs: LOCAL_FETCH_TIMEOUT_MS })).toMatchObject({ verified: true, revoked: false });
    expect((await verifyWithVerifierCore(corrected)).errors).toEqual([]);
    // Superseded is not revoked: the original still verifies; its page says it was replaced, and links the current one.
    expect(await verifyIndependently(original, { timeoutMs: LOCAL_FETCH_TIMEOUT_MS })).toMatchObject({ verified: true, revoked: false });
    const page = await (await fetch(url(originalId), { headers: { accept: 'text/html' } })).text();
    expect(page).toContain(url(first.body.id));
    expect(page).not.toContain('Ada Byron');

    // Extending the corrected one: its expiry moves 35 days later; an earlier date is refused.
    const earlier = await registrar.request('POST', `/credentials/${first.body.id}/corrections`, { validUntil: new Date(Date.parse(corrected.validUntil) - DAY).toISOString(), reason: 'x' });
    expect(earlier.status).toBe(400);
    expect(JSON.stringify(earlier.body)).toContain('body.validUntil');
    const later = new Date(Date.parse(corrected.validUntil) + 35 * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const extended = await registrar.request('POST', `/credentials/${first.body.id}/corrections`, { validUntil: later, reason: 'Assessment board extension' });
    expect(extended.status).toBe(201);
    const extendedDoc: any = await (await fetch(url(extended.body.id))).json();
    expect(extendedDoc.validUntil).toBe(later);
    expect(extendedDoc.credentialSubject.name).toBe('Ada King');
    // The first original was replaced: correcting it again is refused, naming the current one.
    const stale = await registrar.request('POST', `/credentials/${originalId}/corrections`, { name: 'Someone else', reason: 'x' });
    expect(stale.status).toBe(409);

    const superseded = (await cloud.events()).filter((e) => e['detail-type'] === 'CredentialSuperseded' && [originalId, first.body.id].includes(e.detail.credentialId));
    expect(superseded.map((e) => [e.detail.credentialId, e.detail.reason])).toEqual([
      [originalId, 'CORRECTED'],
      [first.body.id, 'CORRECTED'],
    ]);
    const trail = (await registrar.request('GET', `/credentials/${originalId}/audit`)).body;
    expect(JSON.stringify(trail)).toContain('Name changed by deed poll');
  });
});
