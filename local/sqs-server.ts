import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsError, awsJsonServer } from './http-util';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './template';

/**
 * An SQS stand-in speaking the protocol the SDK v3 uses (AWS JSON 1.0, X-Amz-Target:
 * AmazonSQS.*) for standard queues: visibility timeouts, delays, long polling, retention and
 * redrive to a dead-letter queue. Queues live in memory. The same queues are reachable in
 * process (receive/delete/changeVisibility), which is how the event source mapping polls them.
 */

/** A message attribute as the JSON protocol carries it (BinaryValue in base64). */
export interface MessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

export interface ReceivedMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  md5OfBody: string;
  /** SenderId, SentTimestamp, ApproximateReceiveCount, ApproximateFirstReceiveTimestamp, and AWSTraceHeader / DeadLetterQueueSourceArn when set. */
  attributes: Record<string, string>;
  messageAttributes: Record<string, MessageAttribute>;
  md5OfMessageAttributes?: string;
}

export interface QueueStats {
  /** Receivable now. */
  visible: number;
  /** Received and not yet deleted or visible again. */
  inFlight: number;
  /** Sent with a delay that has not passed. */
  delayed: number;
  /** Everything the queue holds: visible + inFlight + delayed. */
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
  send(queue: string, body: string, options?: { delaySeconds?: number; messageAttributes?: Record<string, MessageAttribute> }): { messageId: string; md5OfBody: string };
  /** Receives up to `max` messages (no limit of 10: Lambda's poller batches up to 10,000). */
  receive(queue: string, options?: { max?: number; visibilityTimeout?: number }): ReceivedMessage[];
  /** Deletes the message if the handle is its latest one; like SQS, a stale handle deletes nothing. */
  delete(queue: string, receiptHandle: string): void;
  changeVisibility(queue: string, receiptHandle: string, seconds: number): void;
  /** Resolves when a message may be receivable (sent, visible again) or after timeoutMs. */
  waitForMessages(queue: string, timeoutMs: number): Promise<void>;
  /** Called with the queue's name whenever a queue's messages change. */
  onChange(listener: (queueName: string) => void): () => void;
  /** Ends long polls, so the server can close. */
  close(): void;
}

// SQS speaks JSON but stays "query compatible": besides the JSON error type it names the older
// query error code in an x-amzn-query-error header, which the SDK exposes as `error.Code`.
const QUERY_ERRORS = {
  QueueDoesNotExist: ['AWS.SimpleQueueService.NonExistentQueue', 400],
  QueueNameExists: ['QueueAlreadyExists', 400],
  InvalidAttributeName: ['InvalidAttributeName', 400],
  InvalidAttributeValue: ['InvalidAttributeValue', 400],
  EmptyBatchRequest: ['AWS.SimpleQueueService.EmptyBatchRequest', 400],
  TooManyEntriesInBatchRequest: ['AWS.SimpleQueueService.TooManyEntriesInBatchRequest', 400],
  BatchEntryIdsNotDistinct: ['AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 400],
  InvalidBatchEntryId: ['AWS.SimpleQueueService.InvalidBatchEntryId', 400],
  BatchRequestTooLong: ['AWS.SimpleQueueService.BatchRequestTooLong', 400],
  ReceiptHandleIsInvalid: ['ReceiptHandleIsInvalid', 404],
  MessageNotInflight: ['AWS.SimpleQueueService.MessageNotInflight', 400],
  InvalidMessageContents: ['InvalidMessageContents', 400],
  UnsupportedOperation: ['AWS.SimpleQueueService.UnsupportedOperation', 400],
} as const satisfies Record<string, readonly [string, number]>;
const NAMESPACE = 'com.amazonaws.sqs#';

const sqsError = (shape: keyof typeof QUERY_ERRORS, message: string) => new AwsError(`${NAMESPACE}${shape}`, message, QUERY_ERRORS[shape][1]);
// Generic errors SQS shares with other services: no modelled shape, the code is the type.
const invalidParameter = (message: string) => new AwsError('InvalidParameterValue', message);
const missingParameter = (name: string) => new AwsError('MissingParameter', `The request must contain the parameter ${name}.`);

const queryCode = (type: string) => {
  const shape = type.startsWith(NAMESPACE) ? type.slice(NAMESPACE.length) : type;
  return shape in QUERY_ERRORS ? QUERY_ERRORS[shape as keyof typeof QUERY_ERRORS][0] : shape;
};

/**
 * awsJsonServer writes the error body with writeHead then end; holding the head until the body
 * is known lets the query error code, named by the body's __type, go into a header.
 */
function addQueryErrorHeader(_req: IncomingMessage, res: ServerResponse): boolean {
  const writeHead = res.writeHead.bind(res) as (status: number, headers?: OutgoingHttpHeaders) => ServerResponse;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  let held: { status: number; headers: OutgoingHttpHeaders } | undefined;
  res.writeHead = ((status: number, headers?: OutgoingHttpHeaders) => {
    if (status < 400 || (headers !== undefined && typeof headers !== 'object')) return writeHead(status, headers);
    held = { status, headers: headers ?? {} };
    return res;
  }) as ServerResponse['writeHead'];
  res.end = ((...args: unknown[]) => {
    if (held) {
      let code: string | undefined;
      try {
        code = queryCode(String(JSON.parse(String(args[0])).__type));
      } catch {
        code = undefined;
      }
      writeHead(held.status, code ? { ...held.headers, 'x-amzn-query-error': `${code};${held.status < 500 ? 'Sender' : 'Receiver'}` } : held.headers);
      held = undefined;
    }
    return end(...args);
  }) as ServerResponse['end'];
  return false;
}

interface StoredMessage {
  id: string;
  body: string;
  md5OfBody: string;
  messageAttributes: Record<string, MessageAttribute>;
  md5OfMessageAttributes: string | undefined;
  /** AWSTraceHeader as sent; DeadLetterQueueSourceArn once redriven. */
  systemAttributes: Record<string, string>;
  sentAt: number;
  /** Until then the message is delayed (never received) or in flight (received). */
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt: number | undefined;
  receiptHandle: string | undefined;
}

interface Queue extends LocalQueue {
  attributes: Record<string, string>;
  createdAt: number;
  messages: Map<string, StoredMessage>;
  waiters: Set<() => void>;
  counts: { sent: number; received: number; deleted: number; movedToDeadLetterQueue: number };
}

// The attributes CreateQueue accepts, with SQS's defaults and ranges (seconds, bytes).
const NUMERIC_ATTRIBUTES = {
  DelaySeconds: { default: 0, min: 0, max: 900 },
  // SQS raised the limit (and the default) from 256 KiB to 1 MiB in 2025.
  MaximumMessageSize: { default: 1_048_576, min: 1024, max: 1_048_576 },
  MessageRetentionPeriod: { default: 345_600, min: 60, max: 1_209_600 },
  ReceiveMessageWaitTimeSeconds: { default: 0, min: 0, max: 20 },
  VisibilityTimeout: { default: 30, min: 0, max: 43_200 },
} as const satisfies Record<string, { default: number; min: number; max: number }>;
type NumericAttribute = keyof typeof NUMERIC_ATTRIBUTES;
const numericRange = (name: string) => (name in NUMERIC_ATTRIBUTES ? NUMERIC_ATTRIBUTES[name as NumericAttribute] : undefined);
// Accepted and reported back, with no local effect (encryption, access policies).
const PASSIVE_ATTRIBUTES = ['Policy', 'RedriveAllowPolicy', 'KmsMasterKeyId', 'KmsDataKeyReusePeriodSeconds', 'SqsManagedSseEnabled'];
const FIFO_ATTRIBUTES = ['FifoQueue', 'ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit'];
const COMPUTED_ATTRIBUTES = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed', 'CreatedTimestamp', 'LastModifiedTimestamp', 'QueueArn'];
const MAX_VISIBILITY_TIMEOUT = 43_200;
// The sender is whoever signed the request; locally that is always the account's root, whose id is the account id.
const SENDER_ID = LOCAL_ACCOUNT;

export const md5Hex = (text: string | Buffer) => createHash('md5').update(text).digest('hex');

/** The MD5 SQS reports for message attributes: each name, type and value, length-prefixed, in name order. */
export function md5OfMessageAttributes(attributes: Record<string, MessageAttribute>): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const hash = createHash('md5');
  const field = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length).update(bytes);
  };
  for (const name of names) {
    const a = attributes[name]!;
    field(Buffer.from(name, 'utf8'));
    field(Buffer.from(a.DataType, 'utf8'));
    if (a.BinaryValue !== undefined) {
      hash.update(Buffer.from([2]));
      field(Buffer.from(a.BinaryValue, 'base64'));
    } else {
      hash.update(Buffer.from([1]));
      field(Buffer.from(a.StringValue ?? '', 'utf8'));
    }
  }
  return hash.digest('hex');
}

// What SQS allows in a body: XML's characters.
const INVALID_BODY_CHARACTER = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;
const ATTRIBUTE_NAME = /^(?!\.)(?!.*\.\.)(?!.*\.$)(?!aws\.)(?!amazon\.)[A-Za-z0-9_.-]{1,256}$/i;

const integerIn = (value: unknown, min: number, max: number) => {
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
};

function validateMessageAttributes(attributes: unknown): Record<string, MessageAttribute> {
  if (attributes === undefined || attributes === null) return {};
  if (typeof attributes !== 'object') throw invalidParameter('MessageAttributes must be a map');
  const entries = Object.entries(attributes as Record<string, Partial<MessageAttribute> & Record<string, unknown>>);
  if (entries.length > 10) throw invalidParameter(`Number of message attributes [${entries.length}] exceeds the allowed maximum [10].`);
  const valid: Record<string, MessageAttribute> = {};
  for (const [name, a] of entries) {
    if (!ATTRIBUTE_NAME.test(name)) throw invalidParameter(`Message attribute name '${name}' is invalid.`);
    const type = a?.DataType;
    if (typeof type !== 'string' || !/^(String|Number|Binary)(\.[^\s]{1,256})?$/.test(type)) {
      throw invalidParameter(`The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`);
    }
    if (type.startsWith('Binary')) {
      if (typeof a.BinaryValue !== 'string' || a.BinaryValue.length === 0) throw invalidParameter(`Message (user) attribute '${name}' must contain a non-empty value of message attribute type '${type}'.`);
      valid[name] = { DataType: type, BinaryValue: a.BinaryValue };
    } else {
      if (typeof a.StringValue !== 'string' || a.StringValue.length === 0) throw invalidParameter(`Message (user) attribute '${name}' must contain a non-empty value of message attribute type '${type}'.`);
      if (type.startsWith('Number') && !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(a.StringValue)) {
        throw invalidParameter(`Could not cast message attribute '${name}' value to number.`);
      }
      valid[name] = { DataType: type, StringValue: a.StringValue };
    }
  }
  return valid;
}

const attributesSize = (attributes: Record<string, MessageAttribute>) =>
  Object.entries(attributes).reduce(
    (n, [name, a]) => n + Buffer.byteLength(name) + Buffer.byteLength(a.DataType) + (a.BinaryValue !== undefined ? Buffer.from(a.BinaryValue, 'base64').length : Buffer.byteLength(a.StringValue ?? '')),
    0,
  );

/** Which of `available` a request's name list asks for: all, named ones, or `prefix.*`. */
function selectNames(requested: unknown, available: string[]): string[] {
  const names = Array.isArray(requested) ? requested.map(String) : [];
  if (names.includes('All') || names.includes('.*')) return available;
  return available.filter((n) => names.some((r) => r === n || (r.endsWith('.*') && n.startsWith(r.slice(0, -1)))));
}

export function createSqsServer(options: { endpoint?: string } = {}): LocalSqs {
  const queues = new Map<string, Queue>();
  const listeners = new Set<(queueName: string) => void>();
  let closed = false;

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
  const queueOf = (input: { QueueUrl?: unknown }) => {
    if (input.QueueUrl === undefined || input.QueueUrl === '') throw missingParameter('QueueUrl');
    return find(input.QueueUrl);
  };

  const changed = (q: Queue) => {
    for (const w of [...q.waiters]) w();
    for (const l of [...listeners]) l(q.name);
  };

  const attribute = (q: Queue, name: NumericAttribute) => Number(q.attributes[name] ?? NUMERIC_ATTRIBUTES[name].default);

  const redrivePolicy = (q: Queue): { target: string; maxReceiveCount: number } | undefined => {
    const text = q.attributes.RedrivePolicy;
    if (!text) return undefined;
    const policy = JSON.parse(text) as { deadLetterTargetArn: string; maxReceiveCount: number | string };
    return { target: policy.deadLetterTargetArn, maxReceiveCount: Number(policy.maxReceiveCount) };
  };

  /** Normalizes and checks CreateQueue attributes; what SQS refuses, refused the same way. */
  const validateQueueAttributes = (attributes: Record<string, unknown>): Record<string, string> => {
    const valid: Record<string, string> = {};
    for (const [name, raw] of Object.entries(attributes)) {
      const value = String(raw);
      const range = numericRange(name);
      if (range) {
        const n = integerIn(value, range.min, range.max);
        if (n === undefined) throw sqsError('InvalidAttributeValue', `Invalid value for the parameter ${name}. Reason: must be an integer from ${range.min} to ${range.max}.`);
        valid[name] = String(n);
      } else if (name === 'RedrivePolicy') {
        if (value === '') continue;
        let policy: { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
        try {
          policy = JSON.parse(value);
        } catch {
          throw sqsError('InvalidAttributeValue', `Invalid value for the parameter RedrivePolicy. Reason: Redrive policy is not a valid JSON map.`);
        }
        const maxReceiveCount = integerIn(policy.maxReceiveCount, 1, 1000);
        if (maxReceiveCount === undefined) throw sqsError('InvalidAttributeValue', 'Invalid value for the parameter RedrivePolicy. Reason: maxReceiveCount must be an integer from 1 to 1000.');
        const target = String(policy.deadLetterTargetArn ?? '');
        if (![...queues.values()].some((q) => q.arn === target)) {
          throw invalidParameter(`Value ${value} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.`);
        }
        valid[name] = JSON.stringify({ deadLetterTargetArn: target, maxReceiveCount });
      } else if (FIFO_ATTRIBUTES.includes(name)) {
        if (name === 'FifoQueue' && value === 'false') continue;
        throw sqsError('UnsupportedOperation', `${name}: FIFO queues are not supported by the local SQS stand-in`);
      } else if (PASSIVE_ATTRIBUTES.includes(name)) {
        valid[name] = value;
      } else {
        throw sqsError('InvalidAttributeName', `Unknown Attribute ${name}.`);
      }
    }
    return valid;
  };

  const createQueue = (name: string, attributes: Record<string, unknown> = {}): Queue => {
    if (!QUEUE_NAME.test(name)) {
      throw invalidParameter('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
    }
    const valid = validateQueueAttributes(attributes);
    const existing = queues.get(name);
    if (existing) {
      // CreateQueue is idempotent unless an attribute differs from the existing queue's.
      for (const [key, value] of Object.entries(valid)) {
        const current = existing.attributes[key] ?? (numericRange(key) ? String(numericRange(key)!.default) : undefined);
        if (current !== value) throw sqsError('QueueNameExists', `A queue already exists with the same name and a different value for attribute ${key}`);
      }
      return existing;
    }
    const queue: Queue = {
      name,
      url: `${endpoint()}/${LOCAL_ACCOUNT}/${name}`,
      arn: `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${name}`,
      get visibilityTimeout() {
        return attribute(queue, 'VisibilityTimeout');
      },
      attributes: valid,
      createdAt: Date.now(),
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
    let inFlight = 0;
    let delayed = 0;
    for (const m of q.messages.values()) {
      if (m.visibleAt <= now) visible++;
      else if (m.receiveCount > 0) inFlight++;
      else delayed++;
    }
    return { visible, inFlight, delayed, total: q.messages.size, ...q.counts };
  };

  const enqueue = (
    q: Queue,
    input: { MessageBody?: unknown; DelaySeconds?: unknown; MessageAttributes?: unknown; MessageSystemAttributes?: unknown; MessageGroupId?: unknown; MessageDeduplicationId?: unknown },
  ) => {
    if (input.MessageBody === undefined || input.MessageBody === null) throw missingParameter('MessageBody');
    const body = String(input.MessageBody);
    if (body.length === 0) throw invalidParameter('The request must contain a non-empty message body.');
    if (INVALID_BODY_CHARACTER.test(body)) {
      throw sqsError('InvalidMessageContents', 'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF');
    }
    if (input.MessageGroupId !== undefined || input.MessageDeduplicationId !== undefined) {
      throw invalidParameter('The request include parameter that is not valid for this queue type');
    }
    const delay = input.DelaySeconds === undefined || input.DelaySeconds === null ? attribute(q, 'DelaySeconds') : integerIn(input.DelaySeconds, 0, 900);
    if (delay === undefined) throw invalidParameter(`Value ${String(input.DelaySeconds)} for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.`);
    const messageAttributes = validateMessageAttributes(input.MessageAttributes);
    const systemAttributes: Record<string, string> = {};
    for (const [name, a] of Object.entries((input.MessageSystemAttributes ?? {}) as Record<string, { StringValue?: string }>)) {
      if (name !== 'AWSTraceHeader' || typeof a?.StringValue !== 'string') throw invalidParameter(`Message system attribute ${name} is not supported or has no string value.`);
      systemAttributes[name] = a.StringValue;
    }
    const size = Buffer.byteLength(body) + attributesSize(messageAttributes);
    const maximum = attribute(q, 'MaximumMessageSize');
    if (size > maximum) throw invalidParameter(`One or more parameters are invalid. Reason: Message must be shorter than ${maximum} bytes.`);
    const now = Date.now();
    const message: StoredMessage = {
      id: randomUUID(),
      body,
      md5OfBody: md5Hex(body),
      messageAttributes,
      md5OfMessageAttributes: md5OfMessageAttributes(messageAttributes),
      systemAttributes,
      sentAt: now,
      visibleAt: now + delay * 1000,
      receiveCount: 0,
      firstReceivedAt: undefined,
      receiptHandle: undefined,
    };
    q.messages.set(message.id, message);
    q.counts.sent++;
    changed(q);
    return {
      message,
      result: {
        MessageId: message.id,
        MD5OfMessageBody: message.md5OfBody,
        ...(message.md5OfMessageAttributes ? { MD5OfMessageAttributes: message.md5OfMessageAttributes } : {}),
        ...(systemAttributes.AWSTraceHeader
          ? { MD5OfMessageSystemAttributes: md5OfMessageAttributes({ AWSTraceHeader: { DataType: 'String', StringValue: systemAttributes.AWSTraceHeader } }) }
          : {}),
      },
    };
  };

  /** Moves a message that has been received maxReceiveCount times, as it is, to the dead-letter queue. */
  const moveToDeadLetterQueue = (q: Queue, m: StoredMessage, targetArn: string, now: number) => {
    const target = [...queues.values()].find((t) => t.arn === targetArn);
    if (!target) return false;
    q.messages.delete(m.id);
    q.counts.movedToDeadLetterQueue++;
    target.messages.set(m.id, {
      ...m,
      systemAttributes: { ...m.systemAttributes, DeadLetterQueueSourceArn: q.arn },
      visibleAt: now,
      receiveCount: 0,
      firstReceivedAt: undefined,
      receiptHandle: undefined,
    });
    target.counts.sent++;
    changed(target);
    return true;
  };

  // Receipt handles are opaque to clients; this one names its queue, message and the receive.
  const newReceiptHandle = (q: Queue, m: StoredMessage) => Buffer.from(`${q.name} ${m.id} ${randomUUID()}`).toString('base64url');
  const parseReceiptHandle = (q: Queue, handle: unknown): string => {
    if (typeof handle !== 'string' || handle === '') throw missingParameter('ReceiptHandle');
    const [name, id, nonce] = Buffer.from(handle, 'base64url').toString('utf8').split(' ');
    if (name !== q.name || !id || !nonce) throw sqsError('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`);
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
        attributes: {
          SenderId: SENDER_ID,
          SentTimestamp: String(m.sentAt),
          ApproximateReceiveCount: String(m.receiveCount),
          ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt),
          ...m.systemAttributes,
        },
        messageAttributes: { ...m.messageAttributes },
        ...(m.md5OfMessageAttributes ? { md5OfMessageAttributes: m.md5OfMessageAttributes } : {}),
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
    // Once closed, in-process callers just sleep (no busy loop); HTTP long polls stop waiting.
    if (closed) return new Promise((resolve) => setTimeout(resolve, timeoutMs).unref());
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        q.waiters.delete(done);
        resolve();
      };
      // Wakes for a send, or when the first delayed or in-flight message becomes visible.
      const timer = setTimeout(done, Math.max(0, Math.min(timeoutMs, next - now)));
      timer.unref();
      q.waiters.add(done);
    });
  };

  /** Checks a batch's entries as SQS does before it looks at any of them. */
  const batchEntries = <T extends { Id?: unknown }>(entries: T[] | undefined): T[] => {
    if (!Array.isArray(entries) || entries.length === 0) throw sqsError('EmptyBatchRequest', 'There should be at least one SendMessageBatchRequestEntry in the request.');
    if (entries.length > 10) throw sqsError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are 10. You have sent ${entries.length}.`);
    const ids = new Set<string>();
    for (const e of entries) {
      const id = String(e.Id ?? '');
      if (!BATCH_ENTRY_ID.test(id)) throw sqsError('InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.');
      if (ids.has(id)) throw sqsError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`);
      ids.add(id);
    }
    return entries;
  };
  const eachEntry = <T extends { Id?: unknown }>(entries: T[], run: (entry: T) => Record<string, unknown>) => {
    const Successful: Record<string, unknown>[] = [];
    const Failed: { Id: string; SenderFault: boolean; Code: string; Message: string }[] = [];
    for (const entry of entries) {
      try {
        Successful.push({ Id: String(entry.Id), ...run(entry) });
      } catch (e) {
        if (!(e instanceof AwsError)) throw e;
        Failed.push({ Id: String(entry.Id), SenderFault: e.status < 500, Code: queryCode(e.type), Message: e.message });
      }
    }
    return { Successful, Failed };
  };

  let apiRequests = 0;
  const server = awsJsonServer(
    'AmazonSQS',
    'application/x-amz-json-1.0',
    {
      CreateQueue: (input: { QueueName?: string; Attributes?: Record<string, string> }) => {
        if (!input.QueueName) throw missingParameter('QueueName');
        return { QueueUrl: createQueue(input.QueueName, input.Attributes ?? {}).url };
      },
      GetQueueUrl: (input: { QueueName?: string }) => {
        if (!input.QueueName) throw missingParameter('QueueName');
        return { QueueUrl: find(input.QueueName).url };
      },
      ListQueues: (input: { QueueNamePrefix?: string }) => ({
        QueueUrls: [...queues.values()].filter((q) => q.name.startsWith(input.QueueNamePrefix ?? '')).map((q) => q.url),
      }),
      GetQueueAttributes: (input: { QueueUrl?: string; AttributeNames?: string[] }) => {
        const q = queueOf(input);
        const names = input.AttributeNames ?? [];
        const known = [...Object.keys(NUMERIC_ATTRIBUTES), 'RedrivePolicy', ...PASSIVE_ATTRIBUTES, ...COMPUTED_ATTRIBUTES];
        for (const n of names) if (n !== 'All' && !known.includes(n)) throw sqsError('InvalidAttributeName', `Unknown Attribute ${n}.`);
        const s = stats(q);
        const all: Record<string, string | undefined> = {
          ...Object.fromEntries(Object.entries(NUMERIC_ATTRIBUTES).map(([k, v]) => [k, q.attributes[k] ?? String(v.default)])),
          ...Object.fromEntries([...PASSIVE_ATTRIBUTES, 'RedrivePolicy'].map((k) => [k, q.attributes[k]])),
          ApproximateNumberOfMessages: String(s.visible),
          ApproximateNumberOfMessagesNotVisible: String(s.inFlight),
          ApproximateNumberOfMessagesDelayed: String(s.delayed),
          CreatedTimestamp: String(Math.floor(q.createdAt / 1000)),
          LastModifiedTimestamp: String(Math.floor(q.createdAt / 1000)),
          QueueArn: q.arn,
        };
        const wanted = names.includes('All') ? Object.keys(all) : names;
        return { Attributes: Object.fromEntries(wanted.flatMap((k) => (all[k] === undefined ? [] : [[k, all[k]]]))) };
      },
      PurgeQueue: (input: { QueueUrl?: string }) => {
        // SQS allows one purge a minute (PurgeQueueInProgress); tests purge between cases, so no limit here.
        const q = queueOf(input);
        q.messages.clear();
        changed(q);
        return {};
      },
      SendMessage: (input: Parameters<typeof enqueue>[1] & { QueueUrl?: string }) => enqueue(queueOf(input), input).result,
      SendMessageBatch: (input: { QueueUrl?: string; Entries?: (Parameters<typeof enqueue>[1] & { Id?: string })[] }) => {
        const q = queueOf(input);
        const entries = batchEntries(input.Entries);
        const total = entries.reduce((n, e) => n + Buffer.byteLength(String(e.MessageBody ?? '')) + attributesSize((e.MessageAttributes ?? {}) as Record<string, MessageAttribute>), 0);
        const maximum = attribute(q, 'MaximumMessageSize');
        if (total > maximum) throw sqsError('BatchRequestTooLong', `Batch requests cannot be longer than ${maximum} bytes. You have sent ${total} bytes.`);
        return eachEntry(entries, (e) => enqueue(q, e).result);
      },
      ReceiveMessage: async (input: {
        QueueUrl?: string;
        AttributeNames?: string[];
        MessageSystemAttributeNames?: string[];
        MessageAttributeNames?: string[];
        MaxNumberOfMessages?: number;
        VisibilityTimeout?: number;
        WaitTimeSeconds?: number;
      }) => {
        const q = queueOf(input);
        const max = input.MaxNumberOfMessages === undefined ? 1 : integerIn(input.MaxNumberOfMessages, 1, 10);
        if (max === undefined) throw invalidParameter(`Value ${input.MaxNumberOfMessages} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.`);
        const visibilityTimeout = input.VisibilityTimeout === undefined ? q.visibilityTimeout : integerIn(input.VisibilityTimeout, 0, MAX_VISIBILITY_TIMEOUT);
        if (visibilityTimeout === undefined) throw invalidParameter(`Value ${input.VisibilityTimeout} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and ${MAX_VISIBILITY_TIMEOUT}.`);
        const wait = input.WaitTimeSeconds === undefined ? attribute(q, 'ReceiveMessageWaitTimeSeconds') : integerIn(input.WaitTimeSeconds, 0, 20);
        if (wait === undefined) throw invalidParameter(`Value ${input.WaitTimeSeconds} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.`);
        // Long polling: answer as soon as something is receivable, or empty when the wait is over.
        const deadline = Date.now() + wait * 1000;
        let messages = take(q, max, visibilityTimeout);
        while (messages.length === 0 && !closed && Date.now() < deadline) {
          await waitForMessages(q, deadline - Date.now());
          messages = take(q, max, visibilityTimeout);
        }
        // The older AttributeNames (a QueueAttributeName list) also selects message system attributes.
        const systemNames = [...(input.AttributeNames ?? []), ...(input.MessageSystemAttributeNames ?? [])];
        // Like SQS, no Messages member at all when nothing was received.
        if (messages.length === 0) return {};
        return {
          Messages: messages.map((m) => {
            const attributes = Object.fromEntries(selectNames(systemNames, Object.keys(m.attributes)).map((k) => [k, m.attributes[k]!]));
            const messageAttributes = Object.fromEntries(selectNames(input.MessageAttributeNames, Object.keys(m.messageAttributes)).map((k) => [k, m.messageAttributes[k]!]));
            const md5 = md5OfMessageAttributes(messageAttributes);
            return {
              MessageId: m.messageId,
              ReceiptHandle: m.receiptHandle,
              Body: m.body,
              MD5OfBody: m.md5OfBody,
              ...(Object.keys(attributes).length ? { Attributes: attributes } : {}),
              ...(md5 ? { MessageAttributes: messageAttributes, MD5OfMessageAttributes: md5 } : {}),
            };
          }),
        };
      },
      DeleteMessage: (input: { QueueUrl?: string; ReceiptHandle?: string }) => {
        remove(queueOf(input), input.ReceiptHandle);
        return {};
      },
      DeleteMessageBatch: (input: { QueueUrl?: string; Entries?: { Id?: string; ReceiptHandle?: string }[] }) => {
        const q = queueOf(input);
        return eachEntry(batchEntries(input.Entries), (e) => {
          remove(q, e.ReceiptHandle);
          return {};
        });
      },
      ChangeMessageVisibility: (input: { QueueUrl?: string; ReceiptHandle?: string; VisibilityTimeout?: number }) => {
        changeVisibility(queueOf(input), input.ReceiptHandle, input.VisibilityTimeout);
        return {};
      },
      ChangeMessageVisibilityBatch: (input: { QueueUrl?: string; Entries?: { Id?: string; ReceiptHandle?: string; VisibilityTimeout?: number }[] }) => {
        const q = queueOf(input);
        return eachEntry(batchEntries(input.Entries), (e) => {
          changeVisibility(q, e.ReceiptHandle, e.VisibilityTimeout);
          return {};
        });
      },
    },
    (req, res) => {
      apiRequests++; // each API call is a billable SQS request (the cost model reads them)
      return addQueryErrorHeader(req, res);
    },
  );

  const describe = (q: Queue): LocalQueue => ({ name: q.name, url: q.url, arn: q.arn, visibilityTimeout: q.visibilityTimeout });

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
    queue: (queue) => describe(find(queue)),
    queueNames: () => [...queues.keys()],
    send: (queue, body, sendOptions = {}) => {
      const { message } = enqueue(find(queue), { MessageBody: body, DelaySeconds: sendOptions.delaySeconds, MessageAttributes: sendOptions.messageAttributes });
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
    close: () => {
      closed = true;
      for (const q of queues.values()) for (const w of [...q.waiters]) w();
    },
  };
}
