import { readFileSync } from 'node:fs';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { localCloud, uniqueId } from '../support/cloud';
import { completionsWorld } from '../support/completions';

/**
 * Completions in on Laurel's bus (issue #21): the sample CompletionRecorded event, put twice,
 * issues one credential through the same use case as the signed webhook; an unmapped course is
 * kept as a failure staff see and replay; Laurel's own source is not read; and an event that is
 * malformed, names a source not of kind eventbridge, or a disabled one, is refused into the
 * dead-letter queue.
 */
const cloud = localCloud();
const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const events = new EventBridgeClient({ endpoint: cloud.outputs.EventBridgeEndpoint, region: 'us-east-1', credentials });
const sqs = new SQSClient({ endpoint: cloud.outputs.SqsEndpoint, region: 'us-east-1', credentials });
const sample = JSON.parse(readFileSync('events/samples/completion-recorded.v1.json', 'utf8')) as { source: string; 'detail-type': string; detail: Record<string, any> };

const put = (detail: unknown, source = sample.source) =>
  events.send(new PutEventsCommand({ Entries: [{ EventBusName: cloud.outputs.EventBusName, Source: source, DetailType: sample['detail-type'], Detail: JSON.stringify(detail) }] }));

async function deadLetterDepth(): Promise<number> {
  const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({}));
  const url = QueueUrls.find((u) => /CompletionEventsDeadLetters/.test(u));
  expect(url, QueueUrls.join(', ')).toBeDefined();
  const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
  return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() - started > timeoutMs) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('CompletionRecorded on the bus', () => {
  it('issues once however often the event arrives, keeps an unmapped course for replay, and refuses what it cannot read into the dead letters', async () => {
    const { admin, designer, achievementId } = await completionsWorld(cloud, 'bus');
    const sourceId = uniqueId('sis-bus');
    const source = await admin.request('POST', '/completion-sources', { id: sourceId, name: 'Student records (bus)', kind: 'eventbridge' });
    expect(source.status, JSON.stringify(source.body)).toBe(201);
    // IAM is its authentication: no secret to show.
    expect(source.body).toMatchObject({ kind: 'eventbridge', delivery: { detailType: 'CompletionRecorded' } });
    expect(source.body.secret).toBeUndefined();
    expect((await designer.request('PUT', `/completion-sources/${sourceId}/courses/CS-101.2026`, { achievementId, scoreResultKey: 'score' })).status).toBe(200);
    const webhookSource = uniqueId('sis-signed');
    expect((await admin.request('POST', '/completion-sources', { id: webhookSource, name: 'Signed SIS', kind: 'webhook' })).status).toBe(201);
    // A bus source an admin has disabled speaks for nobody any more.
    const retired = uniqueId('sis-retired');
    expect((await admin.request('POST', '/completion-sources', { id: retired, name: 'Retired records system', kind: 'eventbridge' })).status).toBe(201);
    expect((await designer.request('PUT', `/completion-sources/${retired}/courses/CS-101.2026`, { achievementId, scoreResultKey: 'score' })).status).toBe(200);
    expect((await admin.request('PATCH', `/completion-sources/${retired}`, { status: 'disabled' })).status).toBe(200);

    const email = `${uniqueId('grace')}@example.edu`;
    const detail = { ...sample.detail, source: sourceId, learner: { ...sample.detail.learner, email, studentNumber: uniqueId('S') } };
    const refusedBefore = await deadLetterDepth();
    await put(detail);
    await put(detail);
    // Laurel's own source is never read as a completion, whatever its detail type.
    await put({ ...detail, learner: { email: `${uniqueId('own')}@example.edu` } }, 'laurel.issuance');
    // Unreadable (no learner), a signing source's id on the bus, and a disabled source: refused, retried, then dead letters.
    await put({ ...detail, learner: undefined });
    await put({ ...detail, source: webhookSource });
    await put({ ...detail, source: retired, learner: { email: `${uniqueId('retired')}@example.edu` } });
    // A course nobody mapped: kept, listed as failed, replayable.
    await put({ ...detail, course: { id: 'HIST-200' } });

    const activity = await until(
      async () => (await designer.request('GET', `/completions?sourceId=${sourceId}`)).body as { items: any[] },
      (a) => a.items.length >= 2 && a.items.some((c) => c.issuanceStatus === 'ISSUED' && c.received === 2),
    );
    expect(activity.items).toHaveLength(2);
    const issued = activity.items.find((c) => c.courseId === 'CS-101.2026');
    expect(issued).toMatchObject({ via: 'eventbridge', status: 'REQUESTED', received: 2, issuanceStatus: 'ISSUED', score: 91 });
    const unmapped = activity.items.find((c) => c.courseId === 'HIST-200');
    expect(unmapped).toMatchObject({ via: 'eventbridge', status: 'FAILED', failure: { reason: 'UNMAPPED_COURSE' } });
    expect((await designer.request('GET', '/completions?failed=true')).body.items.map((c: any) => c.id)).toContain(unmapped.id);
    // Mapped since (to another achievement: the learner holds the first now): the replay carries it out.
    const history = uniqueId('bus-history');
    expect((await designer.request('POST', '/achievements', { id: history, kind: 'course', name: 'History II', description: 'd', criteria: 'c', approval: { mode: 'auto' } })).status).toBe(201);
    expect((await designer.request('PUT', `/completion-sources/${sourceId}/courses/HIST-200`, { achievementId: history })).status).toBe(200);
    expect((await designer.request('POST', `/completions/${unmapped.id}/replay`, {})).body).toMatchObject({ status: 'REQUESTED' });

    expect((await designer.waitForIssuance(issued.issuanceId, (i: { status: string }) => i.status === 'ISSUED')).status).toBe('ISSUED');
    // One email for Computer Science I however often the event came (the replayed History II, to the same learner, sends its own).
    expect((await cloud.mail()).filter((m) => m.destination.to.includes(email) && m.subject.endsWith(': Computer Science I'))).toHaveLength(1);

    // The three refused events, after EventBridge's retries; the disabled source's asked for nothing.
    expect(await until(deadLetterDepth, (n) => n >= refusedBefore + 3, 40_000)).toBe(refusedBefore + 3);
    expect((await designer.request('GET', `/completions?sourceId=${retired}`)).body.items).toEqual([]);
  }, 120_000);
});
