import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from '../zod';
import { classify, PermanentError } from '../errors';

export { classify };
import { logger, metrics, tracer } from '../observability';

/** A workflow step: parse the state input, run the use case, name failures for Step Functions. */
export function stepHandler<S extends z.core.$ZodType, R>(input: S, run: (payload: z.infer<S>) => Promise<R>) {
  return middy<unknown, R, Error, Context>()
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .handler(async (event) => {
      const parsed = z.safeParse(input, event);
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

/**
 * An SQS consumer: each record's body parsed, the use case given the batch, and the records it
 * could not handle named back to Lambda (ReportBatchItemFailures) so only they return to the queue.
 */
export function queueHandler<S extends z.core.$ZodType>(body: S, run: (messages: (z.infer<S> & { id: string })[]) => Promise<{ failed: { id: string; error: Error }[] }>) {
  return middy<{ Records: { messageId: string; body: string }[] }, { batchItemFailures: { itemIdentifier: string }[] }, Error, Context>()
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .handler(async (event) => {
      const messages: (z.infer<S> & { id: string })[] = [];
      for (const record of event.Records) {
        let json: unknown;
        try {
          json = JSON.parse(record.body);
        } catch {
          json = undefined;
        }
        const parsed = z.safeParse(body, json);
        // A malformed message can never succeed: logged and dropped, not retried forever.
        if (!parsed.success) logger.error('dropped a malformed queue message', { messageId: record.messageId });
        else messages.push({ ...(parsed.data as object), id: record.messageId } as z.infer<S> & { id: string });
      }
      const { failed } = await run(messages);
      // Each goes back to the queue (and, after its receives are spent, to the dead-letter queue).
      for (const f of failed) logger.warn('message not processed; it returns to the queue', { messageId: f.id, error: f.error });
      return { batchItemFailures: failed.map((f) => ({ itemIdentifier: f.id })) };
    });
}
