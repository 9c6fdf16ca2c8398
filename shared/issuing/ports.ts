import type { Readable } from 'node:stream';

/**
 * The ports the issuing use cases speak through. Each has one AWS adapter (shared/adapters/)
 * and an in-memory one for unit tests (test/support/memory-ports.ts); a use case never builds
 * an SDK command.
 */

export { systemClock, type Clock } from '../clock';

/** A stored object: its text and the metadata it was written with. */
export interface StoredArtifact {
  body: string;
  metadata: Record<string, string>;
}

/** Credential documents, uploads and batch files (S3). */
export interface Artifacts {
  /** Writes `body` at `key` only if nothing is there (If-None-Match: *): 'exists' when something is. */
  createOnly(key: string, body: string, options: { contentType: string; metadata?: Record<string, string> }): Promise<'created' | 'exists'>;
  /** The object's text and metadata, or undefined when there is none. */
  read(key: string): Promise<StoredArtifact | undefined>;
  /** The object's bytes, or undefined when there is none. */
  readBytes(key: string): Promise<Uint8Array | undefined>;
  /** The object as a stream (it must exist). */
  openStream(key: string): Promise<Readable>;
  /** A writer of JSON Lines to `key`, with backpressure; close() completes the object. */
  lineWriter(key: string): { write(value: unknown): Promise<void>; close(): Promise<void> };
}

/** One domain event, as published on the bus. */
export interface DomainEvent {
  detailType: string;
  detail: object;
  /** What the event is about (a credential's URL). */
  resources?: string[];
}

/** The domain event bus (EventBridge). Publishing is at least once: consumers de-duplicate. */
export interface EventBus {
  publish(events: DomainEvent[]): Promise<void>;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Correlation tags that come back with delivery feedback. */
  tags: Record<string, string>;
}

/**
 * Sends email (SES). An error carrying an HTTP status means the service answered and nothing
 * was sent; an error without one (a timeout) leaves it unknown whether the email went.
 */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/** The queue of credential emails a cohort sends at the SES rate (SQS). */
export interface EmailQueue {
  enqueue(messages: { issuanceId: string; batchId: string }[]): Promise<void>;
}
