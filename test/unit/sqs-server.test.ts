import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  PurgeQueueCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failedRecords, startSqsEventSource } from '../../local/event-source-mapping';
import { listen } from '../../local/http-util';
import { createSqsServer, md5OfMessageAttributes, type LocalSqs } from '../../local/sqs-server';

// Only the SQS stand-in, on a free port: no local cloud, so this runs without the global setup.
let sqs: LocalSqs;
let client: SQSClient;
let endpoint: string;
let queueCount = 0;
const newQueue = (attributes?: Record<string, string>) => sqs.createQueue(`test-${++queueCount}`, attributes);
const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  sqs = createSqsServer();
  await listen(sqs.server, 0);
  endpoint = `http://127.0.0.1:${(sqs.server.address() as AddressInfo).port}`;
  client = new SQSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterAll(async () => {
  client?.destroy();
  sqs?.close();
  await new Promise<void>((r) => {
    sqs?.server.closeAllConnections();
    sqs?.server.close(() => r());
  });
});

describe('SQS stand-in through the SDK', () => {
  it('computes the message attribute MD5 SQS does (known values)', () => {
    expect(md5OfMessageAttributes({ SellerName: { DataType: 'String', StringValue: 'Example Store' } })).toBe('cd28f3b68aeee4b2eac9c66f2f694b58');
    expect(md5OfMessageAttributes({ ordinal: { DataType: 'Number', StringValue: '1' }, category: { DataType: 'String', StringValue: 'test' } })).toBe('d21ae90c49061e927f57df5f5d72be1f');
  });

  it('creates a queue with the account in its URL and finds it by name', async () => {
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'by-name', Attributes: { VisibilityTimeout: '45' } }));
    expect(QueueUrl).toBe(`${endpoint}/000000000000/by-name`);
    expect((await client.send(new GetQueueUrlCommand({ QueueName: 'by-name' }))).QueueUrl).toBe(QueueUrl);
    // Idempotent with the same attributes, refused with different ones.
    await client.send(new CreateQueueCommand({ QueueName: 'by-name', Attributes: { VisibilityTimeout: '45' } }));
    await expect(client.send(new CreateQueueCommand({ QueueName: 'by-name', Attributes: { VisibilityTimeout: '5' } }))).rejects.toMatchObject({ name: 'QueueNameExists' });
    const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn', 'VisibilityTimeout'] }));
    expect(Attributes).toEqual({ QueueArn: 'arn:aws:sqs:us-east-1:000000000000:by-name', VisibilityTimeout: '45' });
  });

  it('answers a missing queue with QueueDoesNotExist and its query code', async () => {
    const error = await client.send(new GetQueueUrlCommand({ QueueName: 'nope' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueueDoesNotExist);
    expect(error).toMatchObject({ name: 'QueueDoesNotExist', Code: 'AWS.SimpleQueueService.NonExistentQueue', $metadata: { httpStatusCode: 400 } });
    await expect(client.send(new SendMessageCommand({ QueueUrl: `${endpoint}/000000000000/nope`, MessageBody: 'x' }))).rejects.toBeInstanceOf(QueueDoesNotExist);
  });

  it('sends, receives with attributes, and deletes', async () => {
    const { url } = newQueue();
    const sent = await client.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'héllo ✓', MessageAttributes: { kind: { DataType: 'String', StringValue: 'greeting' }, raw: { DataType: 'Binary', BinaryValue: Uint8Array.from([1, 2, 3]) } } }),
    );
    expect(sent.MD5OfMessageBody).toBe(md5('héllo ✓'));
    expect(sent.MD5OfMessageAttributes).toBe(md5OfMessageAttributes({ kind: { DataType: 'String', StringValue: 'greeting' }, raw: { DataType: 'Binary', BinaryValue: 'AQID' } }));
    const before = Date.now();
    const { Messages } = await client.send(
      new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'], MaxNumberOfMessages: 10 }),
    );
    expect(Messages).toHaveLength(1);
    const m = Messages![0]!;
    expect(m).toMatchObject({ MessageId: sent.MessageId, Body: 'héllo ✓', MD5OfBody: md5('héllo ✓'), MD5OfMessageAttributes: sent.MD5OfMessageAttributes });
    expect(m.MessageAttributes?.kind).toEqual({ DataType: 'String', StringValue: 'greeting' });
    expect([...(m.MessageAttributes?.raw?.BinaryValue ?? [])]).toEqual([1, 2, 3]);
    expect(m.Attributes).toMatchObject({ ApproximateReceiveCount: '1', SenderId: '000000000000' });
    expect(Number(m.Attributes?.SentTimestamp)).toBeLessThanOrEqual(before);
    expect(Number(m.Attributes?.ApproximateFirstReceiveTimestamp)).toBeGreaterThanOrEqual(before);
    // The older AttributeNames parameter selects message system attributes too.
    await client.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 }));
    const again = await client.send(new ReceiveMessageCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    expect(again.Messages?.[0]?.Attributes).toMatchObject({ ApproximateReceiveCount: '2', SenderId: '000000000000' });
    // Deleting with the superseded handle succeeds and deletes nothing, as in SQS.
    await client.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
    expect(sqs.stats(url).total).toBe(1);
    await client.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: again.Messages![0]!.ReceiptHandle }));
    expect(sqs.stats(url)).toMatchObject({ total: 0, sent: 1, received: 2, deleted: 1 });
    await expect(client.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'not-a-handle' }))).rejects.toMatchObject({ name: 'ReceiptHandleIsInvalid' });
  });

  it('sends batches with MD5s the SDK checks, failing bad entries one by one', async () => {
    const { url } = newQueue();
    const bodies = Array.from({ length: 10 }, (_, i) => `message ${i} ${'x'.repeat(i * 100)}`);
    const result = await client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: bodies.map((MessageBody, i) => ({ Id: `m${i}`, MessageBody })) }));
    expect(result.Failed ?? []).toEqual([]);
    expect(result.Successful?.map((s) => s.MD5OfMessageBody)).toEqual(bodies.map(md5));

    const mixed = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'ok', MessageBody: 'fine' },
          { Id: 'late', MessageBody: 'too late', DelaySeconds: 901 },
          { Id: 'bad', MessageBody: 'bell \u0007' },
        ],
      }),
    );
    expect(mixed.Successful?.map((s) => s.Id)).toEqual(['ok']);
    expect(mixed.Failed).toEqual([
      expect.objectContaining({ Id: 'late', SenderFault: true, Code: 'InvalidParameterValue' }),
      expect.objectContaining({ Id: 'bad', SenderFault: true, Code: 'InvalidMessageContents' }),
    ]);

    await expect(client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [] }))).rejects.toMatchObject({ name: 'EmptyBatchRequest' });
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: 'x' }));
    await expect(client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: eleven }))).rejects.toMatchObject({
      name: 'TooManyEntriesInBatchRequest',
      Code: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    });
    await expect(client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'a', MessageBody: 'x' }, { Id: 'a', MessageBody: 'y' }] }))).rejects.toMatchObject({
      name: 'BatchEntryIdsNotDistinct',
    });

    const received = await client.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    expect(received.Messages).toHaveLength(10);
    const deleted = await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: [...received.Messages!.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })).slice(0, 9), { Id: 'junk', ReceiptHandle: 'junk' }],
      }),
    );
    expect(deleted.Successful).toHaveLength(9);
    expect(deleted.Failed).toEqual([expect.objectContaining({ Id: 'junk', Code: 'ReceiptHandleIsInvalid' })]);
  });

  it('validates ReceiveMessage parameters', async () => {
    const { url } = newQueue();
    for (const input of [{ MaxNumberOfMessages: 11 }, { MaxNumberOfMessages: 0 }, { WaitTimeSeconds: 21 }, { VisibilityTimeout: -1 }]) {
      await expect(client.send(new ReceiveMessageCommand({ QueueUrl: url, ...input }))).rejects.toMatchObject({ name: 'InvalidParameterValue', $metadata: { httpStatusCode: 400 } });
    }
  });

  it('delivers again after the visibility timeout, and not before', async () => {
    const { url } = newQueue({ VisibilityTimeout: '1' });
    await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'again' }));
    const first = await client.send(new ReceiveMessageCommand({ QueueUrl: url }));
    expect(first.Messages).toHaveLength(1);
    const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    expect(Attributes).toMatchObject({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '1' });
    expect((await client.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages ?? []).toHaveLength(0);
    // A long poll returns as soon as the message is visible again (about 1 s), not after 5 s.
    const started = Date.now();
    const second = await client.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 5, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    expect(Date.now() - started).toBeLessThan(2500);
    expect(second.Messages?.[0]).toMatchObject({ MessageId: first.Messages![0]!.MessageId, Attributes: { ApproximateReceiveCount: '2' } });
    // A receive's own VisibilityTimeout overrides the queue's.
    await client.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: second.Messages![0]!.ReceiptHandle, VisibilityTimeout: 0 }));
    await client.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0 }));
    expect((await client.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toHaveLength(1);
  });

  it('wakes a long poll when a message is sent, and honours DelaySeconds', async () => {
    const { url } = newQueue();
    const started = Date.now();
    const polling = client.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 10 }));
    await sleep(100);
    await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'wake up' }));
    expect((await polling).Messages?.[0]?.Body).toBe('wake up');
    expect(Date.now() - started).toBeLessThan(2000);

    await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'later', DelaySeconds: 1 }));
    expect(sqs.stats(url)).toMatchObject({ delayed: 1, visible: 0 });
    expect((await client.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages ?? []).toHaveLength(0);
    const delayed = await client.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 3 }));
    expect(delayed.Messages?.[0]?.Body).toBe('later');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('moves a message received more than maxReceiveCount times to the dead-letter queue', async () => {
    const dlq = newQueue();
    const { url } = newQueue({ VisibilityTimeout: '0', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }) });
    const { MessageId } = await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'poison' }));
    for (let i = 0; i < 2; i++) expect((await client.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toHaveLength(1);
    // The third receive moves it rather than returning it.
    expect((await client.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages ?? []).toHaveLength(0);
    expect(sqs.stats(url)).toMatchObject({ total: 0, movedToDeadLetterQueue: 1 });
    const moved = await client.send(new ReceiveMessageCommand({ QueueUrl: dlq.url, MessageSystemAttributeNames: ['All'] }));
    expect(moved.Messages?.[0]).toMatchObject({ MessageId, Body: 'poison', Attributes: { DeadLetterQueueSourceArn: sqs.queue(url).arn, ApproximateReceiveCount: '1' } });
    // A redrive policy must name an existing queue.
    await expect(
      client.send(new CreateQueueCommand({ QueueName: 'orphan', Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:missing', maxReceiveCount: 1 }) } })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('purges a queue', async () => {
    const { url } = newQueue();
    await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'gone' }));
    await client.send(new PurgeQueueCommand({ QueueUrl: url }));
    expect(sqs.stats(url).total).toBe(0);
  });
});

describe('SQS event source mapping', () => {
  it('reads ReportBatchItemFailures responses by Lambda rules', () => {
    const batch = [{ messageId: 'a' }, { messageId: 'b' }];
    expect(failedRecords(undefined, batch)).toEqual(new Set());
    expect(failedRecords({ batchItemFailures: [] }, batch)).toEqual(new Set());
    expect(failedRecords({ batchItemFailures: null }, batch)).toEqual(new Set());
    expect(failedRecords({ batchItemFailures: [{ itemIdentifier: 'b' }] }, batch)).toEqual(new Set(['b']));
    // An unknown or empty identifier fails the whole batch.
    expect(failedRecords({ batchItemFailures: [{ itemIdentifier: 'zzz' }] }, batch)).toEqual(new Set(['a', 'b']));
    expect(failedRecords({ batchItemFailures: [{ itemIdentifier: '' }] }, batch)).toEqual(new Set(['a', 'b']));
    expect(failedRecords('not an object', batch)).toEqual(new Set(['a', 'b']));
  });

  it('invokes with a genuine SQS event, deletes what succeeded and retries reported failures', async () => {
    const { url, arn } = newQueue({ VisibilityTimeout: '1' });
    const events: SQSEvent[] = [];
    const attempts = new Map<string, number>();
    const poller = startSqsEventSource(sqs, {
      queue: url,
      functionId: 'Consumer',
      batchSize: 5,
      maximumBatchingWindowSeconds: 0.3,
      reportBatchItemFailures: true,
      invoke: async (functionId, event): Promise<SQSBatchResponse> => {
        expect(functionId).toBe('Consumer');
        events.push(event);
        const batchItemFailures = event.Records.filter((r) => {
          const n = (attempts.get(r.body) ?? 0) + 1;
          attempts.set(r.body, n);
          return r.body === 'flaky' && n === 1;
        }).map((r) => ({ itemIdentifier: r.messageId }));
        return { batchItemFailures };
      },
    });
    try {
      await client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: ['one', 'flaky', 'three'].map((MessageBody, i) => ({ Id: `m${i}`, MessageBody })) }));
      await poller.idle();
      expect(sqs.stats(url)).toMatchObject({ total: 0, deleted: 3 });
      // One batch of three (gathered in the window), then the failed record alone, received a second time.
      expect(events.map((e) => e.Records.map((r) => r.body))).toEqual([['one', 'flaky', 'three'], ['flaky']]);
      const record = events[1]!.Records[0]!;
      expect(record).toEqual({
        messageId: events[0]!.Records[1]!.messageId,
        receiptHandle: expect.any(String),
        body: 'flaky',
        attributes: { ApproximateReceiveCount: '2', SentTimestamp: expect.stringMatching(/^\d{13}$/), SenderId: '000000000000', ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/) },
        messageAttributes: {},
        md5OfBody: md5('flaky'),
        eventSource: 'aws:sqs',
        eventSourceARN: arn,
        awsRegion: 'us-east-1',
      });
      expect(record.receiptHandle).not.toBe(events[0]!.Records[1]!.receiptHandle);
    } finally {
      await poller.stop();
    }
  });

  it('leaves the whole batch after a thrown error, and redrives it after maxReceiveCount', async () => {
    const dlq = newQueue();
    const { url } = newQueue({ VisibilityTimeout: '0', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: '3' }) });
    let calls = 0;
    const errors: Error[] = [];
    const poller = startSqsEventSource(sqs, {
      queue: sqs.queue(url).arn,
      functionId: 'Broken',
      invoke: async () => {
        calls++;
        throw new Error('handler failed');
      },
      onError: (e) => errors.push(e),
    });
    try {
      sqs.send(url, 'never works');
      await poller.idle();
      expect(calls).toBe(3);
      expect(errors.map((e) => e.message)).toEqual(['handler failed', 'handler failed', 'handler failed']);
      expect(sqs.stats(dlq.url).total).toBe(1);
    } finally {
      await poller.stop();
    }
  });

  it('keeps at most maximumConcurrency invocations in flight', async () => {
    const { url } = newQueue();
    let current = 0;
    let peak = 0;
    let processed = 0;
    const poller = startSqsEventSource(sqs, {
      queue: url,
      functionId: 'Slow',
      batchSize: 1,
      maximumConcurrency: 3,
      invoke: async (_id, event) => {
        current++;
        peak = Math.max(peak, current);
        await sleep(50);
        current--;
        processed += event.Records.length;
      },
    });
    try {
      for (let i = 0; i < 20; i++) sqs.send(url, `m${i}`);
      await poller.idle();
      expect(processed).toBe(20);
      expect(peak).toBe(3);
      expect(sqs.stats(url)).toMatchObject({ total: 0, deleted: 20 });
    } finally {
      await poller.stop();
    }
  });

  it('wakes on a send instead of waiting out its poll interval, and stops cleanly', async () => {
    const { url } = newQueue();
    const latencies: number[] = [];
    let sentAt = 0;
    const poller = startSqsEventSource(sqs, { queue: url, functionId: 'Fast', invoke: async () => void latencies.push(Date.now() - sentAt) });
    // Each send lands while the poller sleeps between polls (100 ms): woken, it answers at once;
    // polling alone would average 50 ms. The median forgives a slow moment on a busy machine.
    for (let i = 0; i < 5; i++) {
      await sleep(150);
      sentAt = Date.now();
      sqs.send(url, `ping ${i}`);
      await poller.idle();
    }
    expect(latencies).toHaveLength(5);
    expect([...latencies].sort((a, b) => a - b)[2]).toBeLessThan(25);
    await poller.stop();
    expect(poller.inFlight).toBe(0);
    sqs.send(url, 'after stop');
    await sleep(150);
    expect(latencies).toHaveLength(5);
    expect(sqs.stats(url).visible).toBe(1);
  });
});
