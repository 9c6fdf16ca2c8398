import type { Readable } from 'node:stream';

import type { Signer } from './credentials/data-integrity';
import type { Es256Signer } from './credentials/vc-jwt';
import type { KeyAlgorithm } from './entities/issuer-key';

/**
 * The ports the use cases speak through. Each has one AWS adapter (shared/adapters/) and an
 * in-memory one for unit tests (test/support/memory-ports.ts); a use case never builds an SDK
 * command. The repositories (shared/entities/) are the ports to the table.
 */

export { systemClock, type Clock } from './clock';

/** A stored object: its text and the metadata it was written with. */
export interface StoredArtifact {
  body: string;
  metadata: Record<string, string>;
}

/**
 * The archive (S3 Object Lock): what was published, written once and kept for the retention
 * whoever asks — each version of a status list, each state of an issuer's key. Keeping a key
 * that is already kept does nothing (a retry), so callers may keep what they are not sure was.
 */
export interface DocumentArchive {
  keep(key: string, body: string): Promise<void>;
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
  /**
   * Writes (or replaces) a file Laurel derives and may derive again, such as a batch's rows
   * file or a report. Never for a credential: those are written with createOnly.
   */
  replace(key: string, body: string, options: { contentType: string }): Promise<void>;
  /** The object's size in bytes, or undefined when there is none. */
  sizeOf(key: string): Promise<number | undefined>;
}

/**
 * Presigned links to the artifacts' bucket, for browsers and clients that move files
 * without going through a function (a separate port: most functions never hand one out).
 */
export interface ArtifactLinks {
  /** A URL the holder may PUT exactly this type and size to, until it expires. */
  uploadUrl(key: string, file: { contentType: string; size: number }, expiresInSeconds: number): Promise<string>;
  /** A URL the holder may GET the object from, until it expires. */
  downloadUrl(key: string, expiresInSeconds: number): Promise<string>;
}

/** One version of an object in a versioned bucket, or a delete marker (S3 ListObjectVersions). */
export interface ObjectVersion {
  key: string;
  versionId: string;
  latest: boolean;
  deleteMarker: boolean;
}

/**
 * The files that hold personal data (evidence, cohort files and reports) with every version the
 * versioned bucket keeps: what a learner's erasure reads, rewrites and destroys. A version
 * destroyed is gone for good (S3 DeleteObject with its VersionId), not hidden by a delete marker.
 */
export interface PersonalFiles {
  /** Every version and delete marker under a prefix: keys in order, each key's newest first. */
  versions(prefix: string): Promise<ObjectVersion[]>;
  /** The current version's text, or undefined when the key has none (never written, or deleted). */
  read(key: string): Promise<string | undefined>;
  /** Writes a new current version of a file; its version id. */
  write(key: string, body: string, contentType: string): Promise<string>;
  /** Deletes one version (or delete marker) for good. */
  destroy(key: string, versionId: string): Promise<void>;
}

/** Writes large JSON Lines files (a cohort's validated rows) in parts, with backpressure. */
export interface JsonLinesFiles {
  /** A writer to `key`; close() completes the object. */
  writer(key: string): { write(value: unknown): Promise<void>; close(): Promise<void> };
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

/** A thrown error that answers a waiting task (its name is the error a Catch matches). */
export interface TaskFailure {
  error: string;
  cause: string;
}

/**
 * The workflow engine (Step Functions), bound to one state machine. Execution names are unique
 * per machine, so starting the same name twice starts it once: that is how a retried request
 * never runs a workflow twice.
 */
export interface WorkflowEngine {
  /** Starts the execution `name` with `input`; its ARN, whether or not this call started it. */
  start(name: string, input: object): Promise<{ executionArn: string; started: boolean }>;
  /** Sends a waiting task (`.waitForTaskToken`) its output, or fails it with a named error. */
  answer(taskToken: string, result: { output: object } | { failure: TaskFailure }): Promise<void>;
  /** Stops an execution; one that does not exist (any more) is not an error. */
  stop(executionArn: string, failure: TaskFailure): Promise<void>;
}


/**
 * Keys the learner index and holdings by a learner's identifier (a normalized email, a student
 * number): HMAC-SHA256 under a secret derived from a KMS HMAC key, so a key names nobody and
 * nobody without that KMS key can recompute one from a guessed email. `ready()` derives the
 * secret, once per execution environment (one KMS call); `keyFor` is synchronous after it, for
 * the paths that key 80,000 rows at a time.
 */
export interface LearnerKeyer {
  ready(): Promise<void>;
  /** Hex HMAC-SHA256 of the identifier; throws before `ready()` has resolved. */
  keyFor(identifier: string): string;
}

/**
 * The issuers' signing keys (KMS). Private halves never leave it: a signer asks it to sign.
 * Keys it creates are tagged for this deployment, and IAM lets our functions use only those.
 */
export interface KeyVault {
  /** A new signing key for the issuer; its ARN. */
  create(issuerId: string, algorithm: KeyAlgorithm): Promise<string>;
  /** The Ed25519 key's public half, as a multibase Multikey. */
  publicMultikey(keyArn: string): Promise<string>;
  /** The P-256 key's public half, as a JWK. */
  publicJwk(keyArn: string): Promise<{ kty: 'EC'; crv: 'P-256'; x: string; y: string }>;
  /** A Data Integrity signer (eddsa-rdfc-2022) whose proofs name `verificationMethod`. */
  signer(keyArn: string, verificationMethod: string): Signer;
  /** A VC-JWT signer (ES256) whose headers name `kid`. */
  es256Signer(keyArn: string, kid: string): Es256Signer;
}

/** The CDN's cache of public documents (CloudFront); none where nothing caches at the edge (the local cloud). */
export interface EdgeCache {
  /** Drops the cached copies of these paths everywhere; `reference` makes a retry the same request. */
  invalidate(paths: string[], reference: string): Promise<void>;
}
