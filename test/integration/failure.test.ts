import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DETAIL_TYPES, EVENT_SCHEMAS } from '../../events/schemas';
import { achievementKeys } from '../../shared/entities/achievement';
import { localCloud, uniqueId } from '../support/cloud';

const cloud = localCloud();

describe('a step that fails permanently', () => {
  it('ends the issuance FAILED with the step and the reason, and emits IssuanceFailed', async () => {
    const staff = await cloud.as('sam.staff', ['designer', 'issuer']);
    const achievementId = uniqueId('fail');
    await staff.request('POST', '/achievements', { id: achievementId, kind: 'badge', name: 'Fragile', description: 'd', criteria: 'c', approval: { mode: 'single' } });
    const { body } = await staff.request('POST', '/issuances', { achievementId, recipient: { email: `${uniqueId('f')}@example.org` } });
    await staff.waitForIssuance(body.id, (i) => i.status === 'AWAITING_APPROVAL');

    // The version the issuance was requested under disappears: Sign cannot build the credential.
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
  });
});
