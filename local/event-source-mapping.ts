import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { LocalSqs, ReceivedMessage } from './sqs-server';
import { LOCAL_REGION } from './template';

/**
 * Lambda's SQS event source mapping, locally: pollers that receive batches from a queue of the
 * SQS stand-in (in process), invoke a function with the SQS event Lambda builds, and delete what
 * the function processed. What it did not process (a thrown error, or the batch item failures it
 * reports) stays in the queue and is received again once its visibility timeout has passed, until
 * the queue's redrive policy moves it to a dead-letter queue — as in AWS.
 */
export interface SqsEventSourceOptions {
  /** The queue's URL, ARN or name. */
  queue: string;
  /** The function's logical id, passed to invoke. */
  functionId: string;
  invoke(functionId: string, event: SQSEvent): Promise<unknown>;
  /** Records per invocation (Lambda: 1 to 10,000; above 10 needs a batching window). Default 10. */
  batchSize?: number;
  /** How long to gather records for a batch that is not yet full. Default 0. */
  maximumBatchingWindowSeconds?: number;
  /** Invocations in flight at once. Lambda scales up to 1,000 without a limit; locally the default is 5. */
  maximumConcurrency?: number;
  /** Whether the function answers `{ batchItemFailures: [{ itemIdentifier }] }` (FunctionResponseTypes: ReportBatchItemFailures). */
  reportBatchItemFailures?: boolean;
  /** Overrides the queue's visibility timeout for the messages the poller receives. */
  visibilityTimeout?: number;
  /** Told about failed invocations (the records will be retried) and polling errors. */
  onError?(error: Error): void;
}

export interface SqsEventSource {
  /** Batches being gathered or processed. */
  readonly inFlight: number;
  /**
   * SQS requests made for batches that reached the function, counted as Lambda's poller makes
   * them: each ReceiveMessage of up to 10, and a DeleteMessageBatch per 10 handled. (Locally an
   * empty queue is watched, not polled, so AWS's empty receives are not counted.)
   */
  readonly requests: number;
  /** Resolves once the queue holds nothing (visible, in flight or delayed) and no batch is in flight. */
  idle(): Promise<void>;
  /** Stops polling and waits for invocations in flight; records still being gathered are made visible again. */
  stop(): Promise<void>;
}

const IDLE_POLL_MS = 100;

/** Which records of a batch failed, by Lambda's rules for a ReportBatchItemFailures response. */
export function failedRecords(response: unknown, batch: { messageId: string }[]): Set<string> {
  const all = new Set(batch.map((m) => m.messageId));
  // No response, or no batchItemFailures (null, missing, empty): the whole batch succeeded.
  if (response === undefined || response === null) return new Set();
  if (typeof response !== 'object' || Array.isArray(response)) return all;
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return all;
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    // An empty, missing or unknown identifier makes Lambda treat the whole batch as failed.
    if (typeof id !== 'string' || !all.has(id)) return all;
    failed.add(id);
  }
  return failed;
}

export function sqsRecord(message: ReceivedMessage, eventSourceARN: string): SQSRecord {
  const a = message.attributes;
  return {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
      SentTimestamp: a.SentTimestamp ?? '',
      SenderId: a.SenderId ?? '',
      ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? '',
    },
    // The stand-in refuses message attributes (Laurel sends none), so a record has none.
    messageAttributes: {},
    md5OfBody: message.md5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN,
    awsRegion: LOCAL_REGION,
  };
}

export function startSqsEventSource(sqs: LocalSqs, options: SqsEventSourceOptions): SqsEventSource {
  const queue = sqs.queue(options.queue); // throws QueueDoesNotExist now rather than in the loop
  const batchSize = options.batchSize ?? 10;
  const windowMs = (options.maximumBatchingWindowSeconds ?? 0) * 1000;
  const maximumConcurrency = options.maximumConcurrency ?? 5;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new Error(`batchSize must be from 1 to 10,000, not ${batchSize}`);
  if (!Number.isInteger(maximumConcurrency) || maximumConcurrency < 1) throw new Error(`maximumConcurrency must be a positive integer, not ${maximumConcurrency}`);
  const receiveOptions = { max: batchSize, ...(options.visibilityTimeout !== undefined ? { visibilityTimeout: options.visibilityTimeout } : {}) };
  const report = (e: unknown) => options.onError?.(e instanceof Error ? e : new Error(String(e)));

  let stopped = false;
  let active = 0;
  const running = new Set<Promise<void>>();
  let signalStop!: () => void;
  const stopSignal = new Promise<void>((r) => (signalStop = r));

  // Whoever waits for a change (a free slot, a drained queue) is woken by the next one.
  const wakers = new Set<() => void>();
  const notify = () => {
    for (const w of [...wakers]) w();
  };
  const nextChange = (timeoutMs: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      wakers.add(done);
    });
  const unsubscribe = sqs.onChange((name) => {
    if (name === queue.name) notify();
  });

  let requests = 0;
  const collect = async (): Promise<ReceivedMessage[]> => {
    const batch = sqs.receive(queue.name, receiveOptions);
    requests += Math.ceil(batch.length / 10);
    if (batch.length === 0 || windowMs <= 0) return batch;
    // A batching window: keep gathering until the batch is full or the window has passed.
    const deadline = Date.now() + windowMs;
    while (batch.length < batchSize && !stopped && Date.now() < deadline) {
      await Promise.race([sqs.waitForMessages(queue.name, deadline - Date.now()), stopSignal]);
      const more = sqs.receive(queue.name, { ...receiveOptions, max: batchSize - batch.length });
      requests += Math.ceil(more.length / 10);
      batch.push(...more);
    }
    return batch;
  };

  const invokeWith = async (batch: ReceivedMessage[]) => {
    const event: SQSEvent = { Records: batch.map((m) => sqsRecord(m, queue.arn)) };
    let failed: Set<string>;
    try {
      const response = await options.invoke(options.functionId, event);
      failed = options.reportBatchItemFailures ? failedRecords(response, batch) : new Set();
    } catch (e) {
      // Nothing is deleted: the batch comes back once its visibility timeout has passed.
      report(e);
      return;
    }
    requests += Math.ceil((batch.length - failed.size) / 10);
    for (const m of batch) {
      if (failed.has(m.messageId)) continue;
      try {
        sqs.delete(queue.name, m.receiptHandle);
      } catch (e) {
        report(e);
      }
    }
  };

  const loop = (async () => {
    while (!stopped) {
      if (active >= maximumConcurrency) {
        await nextChange(IDLE_POLL_MS);
        continue;
      }
      active++;
      let batch: ReceivedMessage[] = [];
      try {
        batch = await collect();
      } catch (e) {
        report(e);
        active--;
        await Promise.race([nextChange(IDLE_POLL_MS), stopSignal]);
        continue;
      }
      if (stopped) {
        // Not invoked: let whoever polls next have them now rather than after the visibility timeout.
        for (const m of batch) {
          try {
            sqs.changeVisibility(queue.name, m.receiptHandle, 0);
          } catch {
            // already visible again or gone: nothing to hand back
          }
        }
        active--;
        break;
      }
      if (batch.length === 0) {
        active--;
        notify();
        // Woken by a send (or a message becoming visible), otherwise polls again shortly.
        await Promise.race([sqs.waitForMessages(queue.name, IDLE_POLL_MS), stopSignal]);
        continue;
      }
      const run: Promise<void> = invokeWith(batch).finally(() => {
        running.delete(run);
        active--;
        notify();
      });
      running.add(run);
    }
  })();

  return {
    get inFlight() {
      return active;
    },
    get requests() {
      return requests;
    },
    async idle() {
      while (!stopped && (active > 0 || sqs.stats(queue.name).total > 0)) await nextChange(IDLE_POLL_MS);
    },
    async stop() {
      stopped = true;
      signalStop();
      notify();
      await loop;
      await Promise.allSettled([...running]);
      unsubscribe();
    },
  };
}
