import { Readable } from 'node:stream';
import type { Artifacts, Clock, JsonLinesFiles, DomainEvent, EmailQueue, EventBus, Mailer, OutgoingEmail, StoredArtifact } from '../../shared/ports';

/**
 * In-memory adapters of the issuing ports, for use-case unit tests that run in milliseconds
 * without the local cloud. They keep the promises the AWS adapters keep: createOnly refuses to
 * replace anything (S3's If-None-Match), a mailer's failure can carry an HTTP status or not.
 */
export function memoryArtifacts(initial: Record<string, StoredArtifact> = {}) {
  const objects = new Map<string, StoredArtifact>(Object.entries(initial));
  const writes: string[] = [];
  const artifacts: Artifacts = {
    async createOnly(key, body, options) {
      if (objects.has(key)) return 'exists';
      objects.set(key, { body, metadata: { ...options.metadata } });
      writes.push(key);
      return 'created';
    },
    read: async (key) => objects.get(key),
    readBytes: async (key) => (objects.has(key) ? Buffer.from(objects.get(key)!.body) : undefined),
    async openStream(key) {
      const object = objects.get(key);
      if (!object) throw Object.assign(new Error(`no object ${key}`), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
      return Readable.from([Buffer.from(object.body)]);
    },
    async replace(key, body) {
      objects.set(key, { body, metadata: {} });
    },
    sizeOf: async (key) => (objects.has(key) ? Buffer.byteLength(objects.get(key)!.body) : undefined),
  };
  const jsonLines: JsonLinesFiles = {
    writer(key) {
      const lines: string[] = [];
      return {
        write: async (value) => void lines.push(JSON.stringify(value)),
        close: async () => void objects.set(key, { body: lines.map((l) => `${l}\n`).join(''), metadata: {} }),
      };
    },
  };
  return { artifacts, jsonLines, objects, writes };
}

export function memoryEventBus() {
  const published: DomainEvent[] = [];
  const bus: EventBus = { publish: async (events) => void published.push(...events) };
  return { bus, published };
}

export function memoryMailer(options: { fail?: (email: OutgoingEmail) => Error | undefined } = {}) {
  const sent: (OutgoingEmail & { messageId: string })[] = [];
  const mailer: Mailer = {
    async send(email) {
      const error = options.fail?.(email);
      if (error) throw error;
      const messageId = `message-${sent.length + 1}`;
      sent.push({ ...email, messageId });
      return { messageId };
    },
  };
  return { mailer, sent };
}

export function memoryEmailQueue() {
  const queued: { issuanceId: string; batchId: string }[] = [];
  const queue: EmailQueue = { enqueue: async (messages) => void queued.push(...messages) };
  return { queue, queued };
}

/** A clock that stands still until told to move. */
export function fixedClock(iso: string): Clock & { advance(ms: number): void } {
  let now = Date.parse(iso);
  return { now: () => new Date(now), advance: (ms) => void (now += ms) };
}
