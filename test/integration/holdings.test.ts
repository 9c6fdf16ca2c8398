import { describe, expect, it } from 'vitest';
import { localCloud, uniqueId } from '../support/cloud';

const cloud = localCloud();
const finished = (i: { status: string }) => ['ISSUED', 'FAILED', 'REJECTED', 'EXPIRED'].includes(i.status);

describe('one active credential per learner and achievement version', () => {
  it('refuses a second request while the first is pending or issued; frees it after rejection or revocation', async () => {
    const staff = await cloud.as('hal.issuer', ['designer', 'issuer']);
    const achievementId = uniqueId('once');
    await staff.request('POST', '/achievements', { id: achievementId, kind: 'badge', name: 'Once', description: 'd', criteria: 'c', approval: { mode: 'single' } });
    const recipient = { email: `${uniqueId('h')}@Example.org` };
    const first = await staff.request('POST', '/issuances', { achievementId, recipient });
    expect(first.status).toBe(202);
    // The same learner (email compared case-insensitively) while the first waits for approval.
    const second = await staff.request('POST', '/issuances', { achievementId, recipient: { email: recipient.email.toUpperCase() } });
    expect(second.status).toBe(409);
    expect(second.body.detail).toContain(first.body.id);

    // Rejected: the learner may be put forward again.
    await staff.waitForIssuance(first.body.id, (i) => i.status === 'AWAITING_APPROVAL');
    const approver = await cloud.as('abe.approver', ['approver']);
    await approver.request('POST', `/issuances/${first.body.id}/reject`, { reason: 'Portfolio incomplete.' });
    await staff.waitForIssuance(first.body.id, finished);
    const third = await staff.request('POST', '/issuances', { achievementId, recipient });
    expect(third.status).toBe(202);
    await staff.waitForIssuance(third.body.id, (i) => i.status === 'AWAITING_APPROVAL');
    await approver.request('POST', `/issuances/${third.body.id}/approve`, {});
    const issued = await staff.waitForIssuance(third.body.id, finished);
    expect(issued.status).toBe('ISSUED');
    expect((await staff.request('POST', '/issuances', { achievementId, recipient })).status).toBe(409);

    // Revoked: issued again.
    const registrar = await cloud.as('rhea.registrar', ['registrar']);
    await registrar.request('POST', `/credentials/${issued.credentialId}/revoke`, { reason: 'Awarded under the wrong name' });
    expect((await staff.request('POST', '/issuances', { achievementId, recipient })).status).toBe(202);
  });

  it('allows repeats when the policy says so', async () => {
    const staff = await cloud.as('hal.issuer', ['designer', 'issuer']);
    const achievementId = uniqueId('repeat');
    await staff.request('POST', '/achievements', { id: achievementId, kind: 'experience', name: 'Volunteer day', description: 'd', criteria: 'c', allowRepeats: true, approval: { mode: 'auto' } });
    const recipient = { email: `${uniqueId('v')}@example.org` };
    const a = await staff.request('POST', '/issuances', { achievementId, recipient });
    const b = await staff.request('POST', '/issuances', { achievementId, recipient });
    expect([a.status, b.status]).toEqual([202, 202]);
    expect((await staff.waitForIssuance(b.body.id, finished)).status).toBe('ISSUED');
  });
});
