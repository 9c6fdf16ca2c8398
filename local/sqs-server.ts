import { createHash, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsError, awsJsonServer } from './http-util';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './template';

/**
 * An SQS stand-in with what Laurel uses of SQS, and no more. Over HTTP (AWS JSON 1.0, the SDK v3's
 * protocol) it answers the actions anything sends it: SendMessageBatch (the cohort workflow
 * queues emails), SendMessage (Canvas sends each Live Event so), ListQueues (tests find a
 * queue's URL) and GetQueueAttributes (its depth: the message counts only); any other action is refused as
 * unsupported, so a new use shows up as an error, not as a silently wrong answer. In process it
 * offers what Lambda's event source mapping does with a queue (event-source-mapping.ts): receive,
 * delete, and hand back (visibility 0). Standard queues only, with the attributes the template sets:
 * visibility timeout, retention, maximum message size and redrive to a dead-letter queue; and a
 * message's own DelaySeconds (0 to 900: the webhook deliverer's retries wait so). Features Laurel
 * does not use (message attributes, a queue-wide delay, FIFO) are refused rather than half-modelled.
 */

export interface ReceivedMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  md5OfBody: string;
  /** SenderId, SentTimestamp, ApproximateReceiveCount and ApproximateFirstReceiveTimestamp, as an SQS event carries them. */
  attributes: Record<string, string>;
}

export interface QueueStats {
  /** Receivable now. */
  visible: number;
  /** Received and not yet deleted or visible again. */
  inFlight: number;
  /** Everything the queue holds: visible + inFlight. */
  total: number;
  sent: number;
  received: number;
  deleted: number;
  movedToDeadLetterQueue: number;
}

export interface LocalQueue {
  name: string;
  url: string;
  arn: string;
  /** Seconds a received message stays invisible unless the receiver says otherwise. */
  visibilityTimeout: number;
}

export interface LocalSqs {
  server: Server;
  /** API calls made over HTTP so far (the functions' sends); the pollers count their own. */
  readonly requests: number;
  createQueue(name: string, attributes?: Record<string, string>): { url: string; arn: string };
  /** Counts for a queue, by name, URL or ARN. */
  stats(queue: string): QueueStats;
  queue(queue: string): LocalQueue;
  queueNames(): string[];
  /** Sends one message, as SendMessageBatch would (tests feed pollers with it), optionally delayed. */
  send(queue: string, body: string, delaySeconds?: number): { messageId: string; md5OfBody: string };
  /** Receives up to `max` messages (no limit of 10: Lambda's poller batches up to 10,000). */
  receive(queue: string, options?: { max?: number; visibilityTimeout?: number }): ReceivedMessage[];
  /** Deletes the message if the handle is its latest one; like SQS, a stale handle deletes nothing. */
  delete(queue: string, receiptHandle: string): void;
  changeVisibility(queue: string, receiptHandle: string, seconds: number): void;
  /** Resolves when a message may be receivable (sent, visible again) or after timeoutMs. */
  waitForMessages(queue: string, timeoutMs: number): Promise<void>;
  /** Called with the queue's name whenever a queue's messages change. */
  onChange(listener: (queueName: string) => void): () => void;
}

const NAMESPACE = 'com.amazonaws.sqs#';
/** An error of a shape SQS models: the SDK names its exception by it. */
const sqsError = (shape: string, message: string, status = 400) => new AwsError(`${NAMESPACE}${shape}`, message, status);
// Generic errors SQS shares with other services: no modelled shape, the code is the type.
const invalidParameter = (message: string) => new AwsError('InvalidParameterValue', message);
const missingParameter = (name: string) => new AwsError('MissingParameter', `The request must contain the parameter ${name}.`);
const unsupported = (what: string) => sqsError('UnsupportedOperation', `${what} is not supported by the local SQS stand-in`);

interface StoredMessage {
  id: string;
  body: string;
  md5OfBody: string;
  sentAt: number;
  /** Until then the message is in flight (received, not deleted). */
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt: number | undefined;
  receiptHandle: string | undefined;
}

interface Queue extends LocalQueue {
  attributes: Record<string, string>;
  messages: Map<string, StoredMessage>;
  waiters: Set<() => void>;
  counts: { sent: number; received: number; deleted: number; movedToDeadLetterQueue: number };
}

// The attributes a queue may have, with SQS's defaults and ranges (seconds, bytes).
const NUMERIC_ATTRIBUTES = {
  // SQS raised the limit (and the default) from 256 KiB to 1 MiB in 2025.
  MaximumMessageSize: { default: 1_048_576, min: 1024, max: 1_048_576 },
  MessageRetentionPeriod: { default: 345_600, min: 60, max: 1_209_600 },
  VisibilityTimeout: { default: 30, min: 0, max: 43_200 },
} as const satisfies Record<string, { default: number; min: number; max: number }>;
type NumericAttribute = keyof typeof NUMERIC_ATTRIBUTES;
const MAX_VISIBILITY_TIMEOUT = NUMERIC_ATTRIBUTES.VisibilityTimeout.max;
/** SQS's longest delay of a message (DelaySeconds), 15 minutes. */
const MAX_DELAY_SECONDS = 900;
// The sender is whoever signed the request; locally that is always the account's root, whose id is the account id.
const SENDER_ID = LOCAL_ACCOUNT;

export const md5Hex = (text: string | Buffer) => createHash('md5').update(text).digest('hex');

// What SQS allows in a body: XML's characters.
const INVALID_BODY_CHARACTER = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

const integerIn = (value: unknown, min: number, max: number) => {
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
};

/** A SendMessageBatch entry, as the SDK sends it. */
interface BatchEntry {
  Id?: unknown;
  MessageBody?: unknown;
  DelaySeconds?: unknown;
  MessageAttributes?: unknown;
  MessageSystemAttributes?: unknown;
  MessageGroupId?: unknown;
  MessageDeduplicationId?: unknown;
}

export function createSqsServer(options: { endpoint?: string } = {}): LocalSqs {
  const queues = new Map<string, Queue>();
  const listeners = new Set<(queueName: string) => void>();

  const endpoint = () => {
    if (options.endpoint) return options.endpoint.replace(/\/$/, '');
    const address = server.address() as AddressInfo | null;
    if (!address) throw new Error('the SQS stand-in has no URL before it listens; pass options.endpoint');
    return `http://127.0.0.1:${address.port}`;
  };

  const find = (ref: unknown): Queue => {
    const text = String(ref ?? '');
    const name = text.startsWith('arn:') ? text.split(':').pop() : text.split('/').pop();
    const queue = name ? queues.get(name) : undefined;
    if (!queue) throw sqsError('QueueDoesNotExist', 'The specified queue does not exist.');
    return queue;
  };

  const changed = (q: Queue) => {
    for (const w of [...q.waiters]) w();
    for (const l of [...listeners]) l(q.name);
  };

  const attribute = (q: Queue, name: NumericAttribute) => Number(q.attributes[name] ?? NUMERIC_ATTRIBUTES[name].default);

  const redrivePolicy = (q: Queue): { target: string; maxReceiveCount: number } | undefined => {
    const text = q.attributes.RedrivePolicy;
    if (!text) return undefined;
    const policy = JSON.parse(text) as { deadLetterTargetArn: string; maxReceiveCount: number };
    return { target: policy.deadLetterTargetArn, maxReceiveCount: policy.maxReceiveCount };
  };

  /** Checks a redrive policy as SQS does: valid JSON, a receive count from 1 to 1000, an existing target. */
  const validRedrivePolicy = (value: string): string => {
    let policy: { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
    try {
      policy = JSON.parse(value);
    } catch {
      throw sqsError('InvalidAttributeValue', 'Invalid value for the parameter RedrivePolicy. Reason: Redrive policy is not a valid JSON map.');
    }
    const maxReceiveCount = integerIn(policy.maxReceiveCount, 1, 1000);
    if (maxReceiveCount === undefined) throw sqsError('InvalidAttributeValue', 'Invalid value for the parameter RedrivePolicy. Reason: maxReceiveCount must be an integer from 1 to 1000.');
    const target = String(policy.deadLetterTargetArn ?? '');
    if (![...queues.values()].some((q) => q.arn === target)) throw invalidParameter(`Value ${value} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.`);
    return JSON.stringify({ deadLetterTargetArn: target, maxReceiveCount });
  };

  /** Normalizes a queue's attributes; what the stand-in does not model is refused. */
  const validateQueueAttributes = (attributes: Record<string, unknown>): Record<string, string> => {
    const valid: Record<string, string> = {};
    for (const [name, raw] of Object.entries(attributes)) {
      const value = String(raw);
      if (name in NUMERIC_ATTRIBUTES) {
        const range = NUMERIC_ATTRIBUTES[name as NumericAttribute];
        const n = integerIn(value, range.min, range.max);
        if (n === undefined) throw sqsError('InvalidAttributeValue', `Invalid value for the parameter ${name}. Reason: must be an integer from ${range.min} to ${range.max}.`);
        valid[name] = String(n);
      } else if (name === 'RedrivePolicy') {
        if (value !== '') valid[name] = validRedrivePolicy(value);
      } else if ((name === 'FifoQueue' && value === 'false') || (name === 'DelaySeconds' && value === '0')) {
        continue; // SQS's default, spelled out
      } else {
        throw unsupported(`The queue attribute ${name}`);
      }
    }
    return valid;
  };

  const createQueue = (name: string, attributes: Record<string, unknown> = {}): Queue => {
    if (!QUEUE_NAME.test(name)) throw invalidParameter('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
    if (queues.has(name)) throw sqsError('QueueNameExists', `A queue named ${name} already exists`);
    const queue: Queue = {
      name,
      url: `${endpoint()}/${LOCAL_ACCOUNT}/${name}`,
      arn: `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${name}`,
      get visibilityTimeout() {
        return attribute(queue, 'VisibilityTimeout');
      },
      attributes: validateQueueAttributes(attributes),
      messages: new Map(),
      waiters: new Set(),
      counts: { sent: 0, received: 0, deleted: 0, movedToDeadLetterQueue: 0 },
    };
    queues.set(name, queue);
    return queue;
  };

  /** Drops messages past the queue's retention period (counted from the first send, also in a DLQ). */
  const expire = (q: Queue, now: number) => {
    const oldest = now - attribute(q, 'MessageRetentionPeriod') * 1000;
    let dropped = false;
    for (const m of q.messages.values()) {
      if (m.sentAt > oldest) continue;
      q.messages.delete(m.id);
      dropped = true;
    }
    if (dropped) changed(q);
  };

  const stats = (q: Queue): QueueStats => {
    const now = Date.now();
    expire(q, now);
    let visible = 0;
    for (const m of q.messages.values()) if (m.visibleAt <= now) visible++;
    return { visible, inFlight: q.messages.size - visible, total: q.messages.size, ...q.counts };
  };

  /** Checks one message as SQS does, and refuses what the stand-in does not model. */
  const validBody = (q: Queue, entry: BatchEntry): string => {
    if (entry.MessageBody === undefined || entry.MessageBody === null) throw missingParameter('MessageBody');
    const body = String(entry.MessageBody);
    if (body.length === 0) throw invalidParameter('The request must contain a non-empty message body.');
    if (INVALID_BODY_CHARACTER.test(body)) {
      throw sqsError('InvalidMessageContents', 'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF');
    }
    if (entry.MessageGroupId !== undefined || entry.MessageDeduplicationId !== undefined) throw invalidParameter('The request include parameter that is not valid for this queue type');
    if (entry.MessageAttributes !== undefined || entry.MessageSystemAttributes !== undefined) throw unsupported('A message attribute');
    if (entry.DelaySeconds !== undefined && integerIn(entry.DelaySeconds, 0, MAX_DELAY_SECONDS) === undefined) {
      throw invalidParameter(`Value ${String(entry.DelaySeconds)} for parameter DelaySeconds is invalid. Reason: must be between 0 and ${MAX_DELAY_SECONDS}, if provided.`);
    }
    const maximum = attribute(q, 'MaximumMessageSize');
    if (Buffer.byteLength(body) > maximum) throw invalidParameter(`One or more parameters are invalid. Reason: Message must be shorter than ${maximum} bytes.`);
    return body;
  };

  const enqueue = (q: Queue, entry: BatchEntry) => {
    const body = validBody(q, entry);
    const now = Date.now();
    // A delayed message is held as one in flight until its delay has passed: not receivable, counted in total.
    const visibleAt = now + (integerIn(entry.DelaySeconds ?? 0, 0, MAX_DELAY_SECONDS) ?? 0) * 1000;
    const message: StoredMessage = { id: randomUUID(), body, md5OfBody: md5Hex(body), sentAt: now, visibleAt, receiveCount: 0, firstReceivedAt: undefined, receiptHandle: undefined };
    q.messages.set(message.id, message);
    q.counts.sent++;
    changed(q);
    return message;
  };

  /** Moves a message that has been received maxReceiveCount times, as it is, to the dead-letter queue. */
  const moveToDeadLetterQueue = (q: Queue, m: StoredMessage, targetArn: string, now: number) => {
    const target = [...queues.values()].find((t) => t.arn === targetArn);
    if (!target) return false;
    q.messages.delete(m.id);
    q.counts.movedToDeadLetterQueue++;
    target.messages.set(m.id, { ...m, visibleAt: now, receiveCount: 0, firstReceivedAt: undefined, receiptHandle: undefined });
    target.counts.sent++;
    changed(target);
    return true;
  };

  // Receipt handles are opaque to clients; this one names its queue, message and the receive.
  const newReceiptHandle = (q: Queue, m: StoredMessage) => Buffer.from(`${q.name} ${m.id} ${randomUUID()}`).toString('base64url');
  const parseReceiptHandle = (q: Queue, handle: unknown): string => {
    if (typeof handle !== 'string' || handle === '') throw missingParameter('ReceiptHandle');
    const [name, id, nonce] = Buffer.from(handle, 'base64url').toString('utf8').split(' ');
    if (name !== q.name || !id || !nonce) throw sqsError('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`, 404);
    return id;
  };

  const take = (q: Queue, max: number, visibilityTimeout: number): ReceivedMessage[] => {
    const now = Date.now();
    expire(q, now);
    const redrive = redrivePolicy(q);
    const taken: ReceivedMessage[] = [];
    let moved = false;
    for (const m of q.messages.values()) {
      if (taken.length >= max) break;
      if (m.visibleAt > now) continue;
      // Received maxReceiveCount times already: this receive moves it instead of returning it.
      if (redrive && m.receiveCount >= redrive.maxReceiveCount && moveToDeadLetterQueue(q, m, redrive.target, now)) {
        moved = true;
        continue;
      }
      m.receiveCount++;
      m.firstReceivedAt ??= now;
      m.receiptHandle = newReceiptHandle(q, m);
      m.visibleAt = now + visibilityTimeout * 1000;
      taken.push({
        messageId: m.id,
        receiptHandle: m.receiptHandle,
        body: m.body,
        md5OfBody: m.md5OfBody,
        attributes: { SenderId: SENDER_ID, SentTimestamp: String(m.sentAt), ApproximateReceiveCount: String(m.receiveCount), ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt) },
      });
    }
    q.counts.received += taken.length;
    if (taken.length || moved) changed(q);
    return taken;
  };

  const remove = (q: Queue, handle: unknown) => {
    const id = parseReceiptHandle(q, handle);
    const m = q.messages.get(id);
    if (!m || m.receiptHandle !== handle) return;
    q.messages.delete(id);
    q.counts.deleted++;
    changed(q);
  };

  const changeVisibility = (q: Queue, handle: unknown, seconds: unknown) => {
    const timeout = integerIn(seconds, 0, MAX_VISIBILITY_TIMEOUT);
    if (timeout === undefined) throw invalidParameter(`Value ${String(seconds)} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and ${MAX_VISIBILITY_TIMEOUT}.`);
    const id = parseReceiptHandle(q, handle);
    const m = q.messages.get(id);
    if (!m || m.receiptHandle !== handle) {
      throw invalidParameter(`Value ${String(handle)} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`);
    }
    const now = Date.now();
    if (m.visibleAt <= now) throw sqsError('MessageNotInflight', 'The message referred to is not in flight.');
    m.visibleAt = now + timeout * 1000;
    changed(q);
  };

  const waitForMessages = (q: Queue, timeoutMs: number): Promise<void> => {
    const now = Date.now();
    let next = Infinity;
    for (const m of q.messages.values()) {
      if (m.visibleAt <= now) return Promise.resolve();
      next = Math.min(next, m.visibleAt);
    }
    if (timeoutMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        q.waiters.delete(done);
        resolve();
      };
      // Wakes for a send, or when the first in-flight message becomes visible again.
      const timer = setTimeout(done, Math.max(0, Math.min(timeoutMs, next - now)));
      timer.unref();
      q.waiters.add(done);
    });
  };

  /** Checks a batch's entries as SQS does before it looks at any of them. */
  const batchEntries = (q: Queue, entries: BatchEntry[] | undefined): BatchEntry[] => {
    if (!Array.isArray(entries) || entries.length === 0) throw sqsError('EmptyBatchRequest', 'There should be at least one SendMessageBatchRequestEntry in the request.');
    if (entries.length > 10) throw sqsError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are 10. You have sent ${entries.length}.`);
    const ids = new Set<string>();
    for (const e of entries) {
      const id = String(e.Id ?? '');
      if (!BATCH_ENTRY_ID.test(id)) throw sqsError('InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.');
      if (ids.has(id)) throw sqsError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`);
      ids.add(id);
    }
    const total = entries.reduce((n, e) => n + Buffer.byteLength(String(e.MessageBody ?? '')), 0);
    const maximum = attribute(q, 'MaximumMessageSize');
    if (total > maximum) throw sqsError('BatchRequestTooLong', `Batch requests cannot be longer than ${maximum} bytes. You have sent ${total} bytes.`);
    return entries;
  };

  /** Sends each entry on its own: one refused is reported in Failed, and the others are sent. */
  const sendBatch = (q: Queue, entries: BatchEntry[]) => {
    const Successful: Record<string, unknown>[] = [];
    const Failed: { Id: string; SenderFault: boolean; Code: string; Message: string }[] = [];
    for (const entry of entries) {
      try {
        const message = enqueue(q, entry);
        Successful.push({ Id: String(entry.Id), MessageId: message.id, MD5OfMessageBody: message.md5OfBody });
      } catch (e) {
        if (!(e instanceof AwsError)) throw e;
        Failed.push({ Id: String(entry.Id), SenderFault: e.status < 500, Code: e.type.replace(NAMESPACE, ''), Message: e.message });
      }
    }
    return { Successful, Failed };
  };

  let apiRequests = 0;
  const server = awsJsonServer(
    'AmazonSQS',
    'application/x-amz-json-1.0',
    {
      SendMessageBatch: (input: { QueueUrl?: string; Entries?: BatchEntry[] }) => {
        if (!input.QueueUrl) throw missingParameter('QueueUrl');
        const q = find(input.QueueUrl);
        return sendBatch(q, batchEntries(q, input.Entries));
      },
      // What Canvas Data Services sends Live Events with (and the deliverer re-sends a retry with).
      SendMessage: (input: { QueueUrl?: string; MessageBody?: string; DelaySeconds?: number }) => {
        if (!input.QueueUrl) throw missingParameter('QueueUrl');
        const q = find(input.QueueUrl);
        const body = String(input.MessageBody ?? '');
        if (!body) throw missingParameter('MessageBody');
        const maximum = attribute(q, 'MaximumMessageSize');
        if (Buffer.byteLength(body) > maximum) throw sqsError('InvalidParameterValue', `One or more parameters are invalid. Reason: Message must be shorter than ${maximum} bytes.`);
        const message = enqueue(q, { Id: 'single', MessageBody: body, ...(input.DelaySeconds !== undefined ? { DelaySeconds: input.DelaySeconds } : {}) });
        return { MessageId: message.id, MD5OfMessageBody: message.md5OfBody };
      },
      ListQueues: (input: { QueueNamePrefix?: string }) => ({
        QueueUrls: [...queues.values()].filter((q) => q.name.startsWith(input.QueueNamePrefix ?? '')).map((q) => q.url),
      }),
      // A queue's depth, as an operator reads a dead-letter queue's (tests see a refused event there): the counts only.
      GetQueueAttributes: (input: { QueueUrl?: string }) => {
        if (!input.QueueUrl) throw missingParameter('QueueUrl');
        const counts = stats(find(input.QueueUrl));
        return { Attributes: { ApproximateNumberOfMessages: String(counts.visible), ApproximateNumberOfMessagesNotVisible: String(counts.inFlight) } };
      },
    },
    () => {
      apiRequests++; // each API call is a billable SQS request (the cost model reads them)
      return false;
    },
  );

  return {
    server,
    get requests() {
      return apiRequests;
    },
    createQueue: (name, attributes) => {
      const q = createQueue(name, attributes);
      return { url: q.url, arn: q.arn };
    },
    stats: (queue) => stats(find(queue)),
    queue: (queue) => {
      const q = find(queue);
      return { name: q.name, url: q.url, arn: q.arn, visibilityTimeout: q.visibilityTimeout };
    },
    queueNames: () => [...queues.keys()],
    send: (queue, body, delaySeconds) => {
      const message = enqueue(find(queue), { MessageBody: body, ...(delaySeconds !== undefined ? { DelaySeconds: delaySeconds } : {}) });
      return { messageId: message.id, md5OfBody: message.md5OfBody };
    },
    receive: (queue, receiveOptions = {}) => {
      const q = find(queue);
      const max = receiveOptions.max ?? 10;
      if (!Number.isInteger(max) || max < 1) throw invalidParameter(`max must be a positive integer, not ${max}`);
      const visibilityTimeout = integerIn(receiveOptions.visibilityTimeout ?? q.visibilityTimeout, 0, MAX_VISIBILITY_TIMEOUT);
      if (visibilityTimeout === undefined) throw invalidParameter(`visibilityTimeout must be from 0 to ${MAX_VISIBILITY_TIMEOUT}`);
      return take(q, max, visibilityTimeout);
    },
    delete: (queue, receiptHandle) => remove(find(queue), receiptHandle),
    changeVisibility: (queue, receiptHandle, seconds) => changeVisibility(find(queue), receiptHandle, seconds),
    waitForMessages: (queue, timeoutMs) => waitForMessages(find(queue), timeoutMs),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
