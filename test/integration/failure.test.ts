import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DETAIL_TYPES, EVENT_SCHEMAS } from '../../events/schemas';
import { achievementKeys } from '../../shared/entities/achievement';
import { localCloud, uniqueId } from '../support/cloud';

const cloud = localCloud();

describe('a step that fails permanently', () => {
  it('ends the issuance FAILED with the step and the reason, emits IssuanceFailed, and staff retry it once fixed', async () => {
    const staff = await cloud.as('sam.staff', ['designer', 'issuer']);
    const achievementId = uniqueId('fail');
    await staff.request('POST', '/achievements', { id: achievementId, kind: 'badge', name: 'Fragile', description: 'd', criteria: 'c', approval: { mode: 'single' } });
    const { body } = await staff.request('POST', '/issuances', { achievementId, recipient: { email: `${uniqueId('f')}@example.org` } });
    await staff.waitForIssuance(body.id, (i) => i.status === 'AWAITING_APPROVAL');

    // The version the issuance was requested under disappears: Sign cannot build the credential.
    const { Item: version } = await cloud.table.send(new GetCommand({ TableName: cloud.outputs.TableName, Key: achievementKeys.version(achievementId, 1) }));
    await cloud.table.send(new DeleteCommand({ TableName: cloud.outputs.TableName, Key: achievementKeys.version(achievementId, 1) }));
    const approver = await cloud.as('abe.approver', ['approver']);
    expect((await approver.request('POST', `/issuances/${body.id}/approve`, {})).status).toBe(200);

    const done = await staff.waitForIssuance(body.id, (i) => i.status === 'FAILED');
    expect(done.failure).toEqual({ step: 'Sign', error: 'PermanentError', cause: `achievement ${achievementId} v1 does not exist` });
    expect(done.steps.Sign).toMatchObject({ status: 'FAILED' });
    expect(done.steps.Store).toBeUndefined();
    expect(done.failure.cause).not.toMatch(/\bat\b.*\.ts/); // the reason, not a stack trace
    const [event] = await cloud.eventsFor(body.id);
    expect(event?.['detail-type']).toBe(DETAIL_TYPES.issuanceFailed);
    expect(EVENT_SCHEMAS.IssuanceFailed.parse(event!.detail)).toMatchObject({ step: 'Sign', error: 'PermanentError' });
    // Nothing half-done: no credential is served for it.
    expect((await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${done.credentialId}`)).status).toBe(404);

    // Only a FAILED issuance can be retried, and only by staff who issue or register.
    expect((await approver.request('POST', `/issuances/${body.id}/retry`)).status).toBe(403);

    // Staff fix the cause and retry: the same issuance is issued, its approval not asked again.
    await cloud.table.send(new PutCommand({ TableName: cloud.outputs.TableName, Item: version }));
    const retried = await staff.request('POST', `/issuances/${body.id}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body.retries).toEqual([expect.objectContaining({ by: 'sam.staff', failure: expect.objectContaining({ step: 'Sign' }) })]);
    expect((await staff.request('POST', `/issuances/${body.id}/retry`)).status).toBe(409); // not FAILED any more
    const issued = await staff.waitForIssuance(body.id, (i) => ['ISSUED', 'FAILED'].includes(i.status));
    expect(issued.status).toBe('ISSUED');
    expect(issued.failure).toBeUndefined();
    expect(issued.approval).toMatchObject({ decision: 'APPROVED', decidedBy: { name: 'abe.approver' } });
    expect((await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${issued.credentialId}`)).status).toBe(200);
    expect((await cloud.mail()).filter((m) => m.destination.to.includes(done.recipient.email))).toHaveLength(1);
  });
});

describe('a failure before any approval', () => {
  it('is still recorded FAILED with its reason (no approval to clean up)', async () => {
    const staff = await cloud.as('sam.staff', ['designer', 'issuer']);
    const achievementId = uniqueId('early');
    await staff.request('POST', '/achievements', { id: achievementId, kind: 'badge', name: 'Early', description: 'd', criteria: 'c', approval: { mode: 'auto' } });
    // The version is gone before the workflow reads it: EvidenceCheck fails permanently.
    await cloud.table.send(new DeleteCommand({ TableName: cloud.outputs.TableName, Key: achievementKeys.version(achievementId, 1) }));
    const { body } = await staff.request('POST', '/issuances', { achievementId, recipient: { email: `${uniqueId('e')}@example.org` } });
    const done = await staff.waitForIssuance(body.id, (i) => ['FAILED', 'ISSUED', 'REJECTED'].includes(i.status));
    expect(done).toMatchObject({ status: 'FAILED', failure: { step: 'EvidenceCheck', error: 'PermanentError' } });
    expect(done.approval).toBeUndefined();
  });
});
