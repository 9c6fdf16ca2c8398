import { ListQueuesCommand, QueueDoesNotExist, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failedRecords, startSqsEventSource } from '../../local/event-source-mapping';
import { listen } from '../../local/http-util';
import { createSqsServer, type LocalSqs } from '../../local/sqs-server';

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
  await new Promise<void>((r) => {
    sqs?.server.closeAllConnections();
    sqs?.server.close(() => r());
  });
});

describe('SQS stand-in through the SDK: the actions Laurel uses', () => {
  it('lists queues by name prefix, with the account in their URLs', async () => {
    const { url } = sqs.createQueue('listed-queue');
    expect(url).toBe(`${endpoint}/000000000000/listed-queue`);
    expect((await client.send(new ListQueuesCommand({ QueueNamePrefix: 'listed-' }))).QueueUrls).toEqual([url]);
  });

  it('answers a missing queue with QueueDoesNotExist', async () => {
    const error = await client.send(new SendMessageBatchCommand({ QueueUrl: `${endpoint}/000000000000/nope`, Entries: [{ Id: 'a', MessageBody: 'x' }] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueueDoesNotExist);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });

  it('refuses every other action, so a new use fails loudly', async () => {
    const { url } = newQueue();
    await expect(client.send(new ReceiveMessageCommand({ QueueUrl: url }))).rejects.toMatchObject({ name: 'UnknownOperationException' });
  });

  it('sends batches with MD5s the SDK checks, failing bad entries one by one', async () => {
    const { url } = newQueue();
    const bodies = Array.from({ length: 10 }, (_, i) => `message ${i} ${'x'.repeat(i * 100)}`);
    const result = await client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: bodies.map((MessageBody, i) => ({ Id: `m${i}`, MessageBody })) }));
    expect(result.Failed ?? []).toEqual([]);
    expect(result.Successful?.map((s) => s.MD5OfMessageBody)).toEqual(bodies.map(md5));
    expect(sqs.requests).toBeGreaterThan(0);

    const mixed = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'ok', MessageBody: 'fine' },
          { Id: 'bad', MessageBody: 'bell \u0007' },
          // Longer than SQS's 15 minutes: refused, as SQS does.
          { Id: 'late', MessageBody: 'too late', DelaySeconds: 901 },
          // Not modelled by the stand-in (Laurel uses none): refused, not ignored.
          { Id: 'tagged', MessageBody: 'with attributes', MessageAttributes: { kind: { DataType: 'String', StringValue: 'x' } } },
        ],
      }),
    );
    expect(mixed.Successful?.map((s) => s.Id)).toEqual(['ok']);
    expect(mixed.Failed).toEqual([
      expect.objectContaining({ Id: 'bad', SenderFault: true, Code: 'InvalidMessageContents' }),
      expect.objectContaining({ Id: 'late', SenderFault: true, Code: 'InvalidParameterValue' }),
      expect.objectContaining({ Id: 'tagged', SenderFault: true, Code: 'UnsupportedOperation' }),
    ]);

    await expect(client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [] }))).rejects.toMatchObject({ name: 'EmptyBatchRequest' });
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: 'x' }));
    await expect(client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: eleven }))).rejects.toMatchObject({ name: 'TooManyEntriesInBatchRequest' });
    await expect(client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'a', MessageBody: 'x' }, { Id: 'a', MessageBody: 'y' }] }))).rejects.toMatchObject({
      name: 'BatchEntryIdsNotDistinct',
    });
    expect(sqs.stats(url)).toMatchObject({ total: 11, sent: 11 });
  });
});

describe('SQS stand-in in process: what the event source mapping does with a queue', () => {
  it('receives with the attributes an SQS event carries, hands back, and deletes', () => {
    const { url } = newQueue();
    const before = Date.now();
    const sent = sqs.send(url, 'héllo ✓');
    expect(sent.md5OfBody).toBe(md5('héllo ✓'));
    const [m] = sqs.receive(url);
    expect(m).toMatchObject({ messageId: sent.messageId, body: 'héllo ✓', md5OfBody: md5('héllo ✓'), attributes: { ApproximateReceiveCount: '1', SenderId: '000000000000' } });
    expect(Number(m!.attributes.SentTimestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(m!.attributes.ApproximateFirstReceiveTimestamp)).toBeGreaterThanOrEqual(Number(m!.attributes.SentTimestamp));
    expect(sqs.stats(url)).toMatchObject({ visible: 0, inFlight: 1 });
    sqs.changeVisibility(url, m!.receiptHandle, 0);
    const [again] = sqs.receive(url);
    expect(again?.attributes.ApproximateReceiveCount).toBe('2');
    // Deleting with the superseded handle succeeds and deletes nothing, as in SQS.
    sqs.delete(url, m!.receiptHandle);
    expect(sqs.stats(url).total).toBe(1);
    sqs.delete(url, again!.receiptHandle);
    expect(sqs.stats(url)).toMatchObject({ total: 0, sent: 1, received: 2, deleted: 1 });
    expect(() => sqs.delete(url, 'not-a-handle')).toThrow(/not a valid receipt handle/);
  });

  it('delivers again after the visibility timeout, and not before; a receive may set its own', async () => {
    const { url } = newQueue({ VisibilityTimeout: '1' });
    sqs.send(url, 'again');
    expect(sqs.receive(url)).toHaveLength(1);
    expect(sqs.receive(url)).toHaveLength(0);
    // A waiter is woken as soon as the message is visible again (about 1 s), not after 5 s.
    const started = Date.now();
    await sqs.waitForMessages(url, 5000);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(sqs.receive(url, { visibilityTimeout: 0 })[0]?.attributes.ApproximateReceiveCount).toBe('2');
    expect(sqs.receive(url)).toHaveLength(1);
  });

  it('wakes a waiter when a message is sent', async () => {
    const { url } = newQueue();
    const started = Date.now();
    const waiting = sqs.waitForMessages(url, 10_000);
    await sleep(100);
    sqs.send(url, 'wake up');
    await waiting;
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('moves a message received more than maxReceiveCount times to the dead-letter queue', () => {
    const dlq = newQueue();
    const { url } = newQueue({ VisibilityTimeout: '0', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }) });
    const { messageId } = sqs.send(url, 'poison');
    for (let i = 0; i < 2; i++) expect(sqs.receive(url)).toHaveLength(1);
    // The third receive moves it rather than returning it.
    expect(sqs.receive(url)).toHaveLength(0);
    expect(sqs.stats(url)).toMatchObject({ total: 0, movedToDeadLetterQueue: 1 });
    expect(sqs.receive(dlq.url)[0]).toMatchObject({ messageId, body: 'poison', attributes: { ApproximateReceiveCount: '1' } });
    // A redrive policy must name an existing queue.
    expect(() => newQueue({ RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:missing', maxReceiveCount: 1 }) })).toThrow(/Dead letter target does not exist/);
  });

  it('refuses queue attributes it does not model, unless they are the defaults', () => {
    expect(() => newQueue({ FifoQueue: 'false', DelaySeconds: '0' })).not.toThrow();
    for (const attributes of [{ FifoQueue: 'true' }, { DelaySeconds: '5' }, { ReceiveMessageWaitTimeSeconds: '20' }] as Record<string, string>[]) {
      expect(() => newQueue(attributes)).toThrow(/not supported by the local SQS stand-in/);
    }
    expect(() => newQueue({ VisibilityTimeout: '43201' })).toThrow(/VisibilityTimeout/);
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
