/**
 * Domain errors. Use cases throw these; the HTTP adapter maps them to RFC 9457 problems in
 * one place (shared/http/problem.ts) and the workflow steps let Step Functions route them by
 * `name` (Retry/Catch `ErrorEquals`), so the name of each class is part of the contract. Each
 * class writes its name out: the deployed bundles are minified without keeping class names
 * (infra/constructs/laurel-function.ts), so `new.target.name` would be a minified one there.
 */
export interface FieldIssue {
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  /** The class's own name, as a literal (see above); a subclass without one does not compile. */
  abstract override readonly name: string;
}

export class ValidationError extends DomainError {
  override readonly name = 'ValidationError';
  readonly status = 400;
  readonly title = 'Invalid request';
  constructor(message: string, readonly errors: FieldIssue[] = []) {
    super(message);
  }
}

export class UnauthorizedError extends DomainError {
  override readonly name = 'UnauthorizedError';
  readonly status = 401;
  readonly title = 'Unauthorized';
}

export class ForbiddenError extends DomainError {
  override readonly name = 'ForbiddenError';
  readonly status = 403;
  readonly title = 'Forbidden';
}

export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
  readonly status = 404;
  readonly title = 'Not found';
}

export class ConflictError extends DomainError {
  override readonly name = 'ConflictError';
  readonly status = 409;
  readonly title = 'Conflict';
}

/** The learner's personal data was erased: nothing more can be done for them with this record. */
export class LearnerErasedError extends DomainError {
  override readonly name = 'LearnerErasedError';
  readonly status = 409;
  readonly title = "The learner's data was erased";
}

/** An If-Match that no longer matches: someone else changed the resource first. */
export class PreconditionFailedError extends DomainError {
  override readonly name = 'PreconditionFailedError';
  readonly status = 412;
  readonly title = 'Precondition failed';
}

export class NotAcceptableError extends DomainError {
  override readonly name = 'NotAcceptableError';
  readonly status = 406;
  readonly title = 'Not acceptable';
}

/** A link or offer that existed but has run out (a claim link past its date, an offer used up). */
export class GoneError extends DomainError {
  override readonly name = 'GoneError';
  readonly status = 410;
  readonly title = 'Gone';
}

/** A credential its holder made private: its URL serves it to no one (verify a shared copy instead). */
export class PrivateCredentialError extends DomainError {
  override readonly name = 'PrivateCredentialError';
  readonly status = 403;
  readonly title = 'Private credential';
}

/** Too many requests of one kind (a new claim link asked for again within minutes). */
export class TooManyRequestsError extends DomainError {
  override readonly name = 'TooManyRequestsError';
  readonly status = 429;
  readonly title = 'Too many requests';
}

export class PayloadTooLargeError extends DomainError {
  override readonly name = 'PayloadTooLargeError';
  readonly status = 413;
  readonly title = 'Payload too large';
}

/** Well-formed input that cannot be acted on (an image with no credential baked in). */
export class UnprocessableContentError extends DomainError {
  override readonly name = 'UnprocessableContentError';
  readonly status = 422;
  readonly title = 'Unprocessable content';
  constructor(message: string, readonly errors: FieldIssue[] = []) {
    super(message);
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  override readonly name = 'UnsupportedMediaTypeError';
  readonly status = 415;
  readonly title = 'Unsupported media type';
}

/**
 * A failure worth retrying (throttling, a 5xx from a dependency). Workflow steps rethrow SDK
 * throttles as this so the state machine's Retry can match it by name.
 */
export class TransientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

/** A failure that no retry will fix; the workflow records it and ends the issuance FAILED. */
export class PermanentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentError';
  }
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'SlowDown',
  'LimitExceededException',
  'KMSInternalException',
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TransactionConflictException',
]);

/**
 * Names an error the way the state machine's Retry/Catch match it: throttles and 5xx from any
 * AWS dependency become `TransientError` (retried with backoff); everything else keeps its
 * name and ends the issuance FAILED with that name and message.
 */
export function classify(error: unknown): Error {
  if (error instanceof TransientError || error instanceof PermanentError) return error;
  const e = error as Error & { $retryable?: unknown };
  const status = httpStatusOf(error);
  if (e?.$retryable || THROTTLING.has(e?.name) || (status !== undefined && status >= 500) || e?.name === 'TimeoutError') {
    return new TransientError(`${e.name}: ${e.message}`, { cause: e });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Waits before retry number `attempt` (0, 1, …): full jitter over 50 ms doubling, capped at 2 s. */
export const backoff = (attempt: number) => new Promise<void>((r) => setTimeout(r, Math.min(2_000, 50 * 2 ** attempt) * Math.random()));

/**
 * Runs `fn` again while it fails transiently (throttles, 5xx), with jittered backoff: for a
 * write that must not be lost to a passing throttle once its effect is out in the world.
 */
export async function retryTransient<T>(fn: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= attempts || !(classify(e) instanceof TransientError)) throw e;
      await backoff(attempt);
    }
  }
}

/**
 * A Lambda error's Cause, as Step Functions passes it on, is the JSON {errorType, errorMessage,
 * trace}: keep the message and drop the stack, which is for logs, not for records staff read.
 */
export function lambdaErrorMessage(cause: string | undefined): string {
  if (!cause) return '';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // not JSON: a States.* error's plain-text cause
  }
  return cause;
}

/** The HTTP status an AWS SDK error came back with; undefined when no answer arrived at all. */
export const httpStatusOf = (error: unknown): number | undefined =>
  (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
