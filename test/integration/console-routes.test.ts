import { readFileSync } from 'node:fs';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { localCloud, uniqueId } from '../support/cloud';

/**
 * The admin routes the staff console asked for (issue #18), as every client gets them: the
 * batch list, column mapping on upload, the delivery-status filter and the bulk status change.
 */
const cloud = localCloud();
const sesSample = JSON.parse(readFileSync(new URL('../../events/samples/ses-email-bounced.json', import.meta.url), 'utf8'));
const eventBridge = new EventBridgeClient({ endpoint: cloud.outputs.EventBridgeEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const ended = (b: { status: string }) => ['COMPLETED', 'INVALID', 'REJECTED', 'CANCELLED', 'EXPIRED', 'FAILED'].includes(b.status);

async function cohortAchievement(staff: Awaited<ReturnType<typeof cloud.as>>) {
  const id = uniqueId('console');
  const created = await staff.request('POST', '/achievements', {
    id,
    kind: 'course',
    name: 'Console Routes',
    description: 'd',
    criteria: 'c',
    resultDescriptions: [{ key: 'final', name: 'Final score', resultType: 'Percent' }],
    rules: [{ kind: 'minimumScore', resultKey: 'final', minimum: 50 }],
    approval: { mode: 'auto' },
  });
  expect(created.status).toBe(201);
  return id;
}

describe('routes the console needs', () => {
  it("maps a file's own headers, lists the batch with its progress, and revokes or suspends a batch's credentials after a preview", async () => {
    const staff = await cloud.as('cora.console', ['designer', 'issuer', 'registrar']);
    const achievementId = await cohortAchievement(staff);
    const prefix = uniqueId('m');
    // Headers as an SIS exports them: none is Laurel's, and one Laurel has no use for.
    const csv = ['E-mail Address,Learner,Mark,Tutor Notes', ...[0, 1, 2, 3].map((i) => `${prefix}-${i}@example.edu,Learner ${i},${60 + i},keen`)].join('\n');

    const unmapped = await staff.submitCohortFile({ achievementId, content: csv, name: 'unmapped.csv' });
    const refused = await staff.waitForBatch(unmapped.body.batch.id, ended);
    expect(refused.status).toBe('INVALID');
    expect(refused.validation.problems.map((p: { column: string }) => p.column)).toEqual(expect.arrayContaining(['E-mail Address', 'Learner', 'Tutor Notes']));

    const columns = { 'E-mail Address': 'email', Learner: 'name', Mark: 'score', 'Tutor Notes': 'ignore' };
    const badMapping = await staff.request('POST', '/batches', { achievementId, file: { name: 'x.csv', size: 10, sha256: 'a'.repeat(64) }, columns: { Mark: 'DROP TABLE' } });
    expect(badMapping.status).toBe(400);
    expect(JSON.stringify(badMapping.body.errors)).toContain('columns');

    // The same bytes as a new file name would be the same file: change a byte.
    const mapped = await staff.submitCohortFile({ achievementId, content: `${csv}\n`, name: 'mapped.csv', columns, onInvalidRows: 'issue-valid' });
    const id = mapped.body.batch.id as string;
    expect(mapped.body.batch.columns).toEqual(columns);
    const done = await staff.waitForBatch(id, (b) => ended(b) && b.progress.emailsPending === 0, 120_000);
    expect(done).toMatchObject({ status: 'COMPLETED', progress: { issued: 4, failed: 0 } });

    const listed = await staff.request('GET', '/batches?limit=50');
    expect(listed.status).toBe(200);
    const mine = listed.body.items.find((b: { id: string }) => b.id === id);
    expect(mine).toMatchObject({ status: 'COMPLETED', progress: { issued: 4 } });
    const invalidOnly = await staff.request('GET', '/batches?status=INVALID&limit=100');
    expect(invalidOnly.body.items.every((b: { status: string }) => b.status === 'INVALID')).toBe(true);
    expect(invalidOnly.body.items.some((b: { id: string }) => b.id === unmapped.body.batch.id)).toBe(true);
    expect((await staff.request('GET', '/batches?status=NOPE')).status).toBe(400);

    // A preview changes nothing and says how many and which.
    const preview = await staff.request('POST', '/credentials/status-changes', { action: 'suspend', batchId: id, preview: true });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ total: 4, willChange: 4, changed: [] });
    expect(preview.body.credentials).toHaveLength(4);
    const ids = preview.body.credentials.map((c: { id: string }) => c.id) as string[];
    expect((await staff.request('GET', `/credentials/${ids[0]}`)).body.status).toBe('ACTIVE');

    expect((await staff.request('POST', '/credentials/status-changes', { action: 'suspend', batchId: id })).status).toBe(400); // no reason
    const suspended = await staff.request('POST', '/credentials/status-changes', { action: 'suspend', batchId: id, reason: 'Exam board review' });
    expect(suspended.body).toMatchObject({ total: 4, unchanged: [] });
    expect(suspended.body.changed.sort()).toEqual([...ids].sort());
    for (const c of ids) expect((await staff.request('GET', `/credentials/${c}`)).body).toMatchObject({ status: 'SUSPENDED', suspension: { reason: 'Exam board review' } });

    // A selection: one revoked; then revoking it and another again converges, the repeat reported nowhere as a failure.
    const revoked = await staff.request('POST', '/credentials/status-changes', { action: 'revoke', credentialIds: [ids[0], 'no-such-credential'], reason: 'Issued in error' });
    expect(revoked.body.changed).toEqual([ids[0]]);
    expect(revoked.body.unchanged).toEqual([{ id: 'no-such-credential', problem: 'no such credential' }]);
    const reinstated = await staff.request('POST', '/credentials/status-changes', { action: 'reinstate', credentialIds: ids });
    expect(reinstated.body.changed.sort()).toEqual(ids.slice(1).sort());
    expect(reinstated.body.unchanged.map((u: { id: string }) => u.id)).toEqual([ids[0]]);

    // The trail names who did it and why, once per credential.
    const trail = await staff.request('GET', `/credentials/${ids[1]}/audit`);
    expect(trail.body.events.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['SUSPENDED', 'REINSTATED']));

    // Only registrars (and admins) change statuses in bulk.
    const issuer = await cloud.as('ivy.console', ['issuer']);
    expect((await issuer.request('POST', '/credentials/status-changes', { action: 'suspend', credentialIds: ids, reason: 'x', preview: true })).status).toBe(403);
  }, 180_000);

  it('filters credentials by the delivery of their email', async () => {
    const staff = await cloud.as('dee.console', ['designer', 'issuer', 'registrar']);
    const issued = await cloud.issueAuto('dee.console', { kind: 'course', name: 'Bounce Filter', description: 'd', criteria: 'c' }, { recipient: { email: `${uniqueId('dee')}@exmaple.org` } });
    expect(issued.status).toBe('ISSUED');
    // What SES puts on the default bus when the learner's server refuses the message.
    const detail = { ...sesSample.detail, mail: { ...sesSample.detail.mail, messageId: issued.delivery.messageId, tags: { issuance: [issued.id] } } };
    await eventBridge.send(new PutEventsCommand({ Entries: [{ Source: 'aws.ses', DetailType: 'Email Bounced', Detail: JSON.stringify(detail), EventBusName: 'default' }] }));
    await staff.waitForIssuance(issued.id, (i) => i.delivery?.status === 'BOUNCED', 10_000);

    const bounced = await staff.request('GET', '/credentials?delivery=BOUNCED,COMPLAINED&limit=100');
    expect(bounced.status).toBe(200);
    expect(bounced.body.items.find((c: { id: string }) => c.id === issued.credentialId)).toMatchObject({ delivery: { status: 'BOUNCED' } });
    expect(bounced.body.items.every((c: { delivery?: { status: string } }) => ['BOUNCED', 'COMPLAINED'].includes(c.delivery?.status ?? ''))).toBe(true);
    const sent = await staff.request('GET', '/credentials?delivery=SENT&limit=100');
    expect(sent.body.items.some((c: { id: string }) => c.id === issued.credentialId)).toBe(false);
    expect((await staff.request('GET', '/credentials?delivery=LOST')).status).toBe(400);
  }, 120_000);
});
