import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { PermanentError, TransientError } from '../errors';
import { logger, metrics, tracer } from '../observability';

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
  const e = error as Error & { $retryable?: unknown; $metadata?: { httpStatusCode?: number }; $fault?: string };
  const status = e?.$metadata?.httpStatusCode;
  if (e?.$retryable || THROTTLING.has(e?.name) || (status !== undefined && status >= 500) || e?.name === 'TimeoutError') {
    return new TransientError(`${e.name}: ${e.message}`, { cause: e });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** A workflow step: parse the state input, run the use case, name failures for Step Functions. */
export function stepHandler<S extends z.ZodType, R>(input: S, run: (payload: z.infer<S>) => Promise<R>) {
  return middy<unknown, R, Error, Context>()
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .handler(async (event) => {
      const parsed = input.safeParse(event);
      if (!parsed.success) throw new PermanentError(`invalid step input: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      try {
        return await run(parsed.data);
      } catch (error) {
        const named = classify(error);
        logger.warn('step failed', { error: named });
        throw named;
      }
    });
}
