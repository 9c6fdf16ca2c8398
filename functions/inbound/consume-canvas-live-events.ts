import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { dynamo } from '../../shared/aws/dynamo';
import { completionSourceRepository } from '../../shared/entities/completion-source';
import { DomainError } from '../../shared/errors';
import { completionDeps } from '../../shared/inbound-deps';
import { completionOfCanvasEvent } from '../../shared/integrations/canvas-live-events';
import { logger, metrics, tracer } from '../../shared/observability';
import { canvasSourceFor } from '../../shared/use-cases/completion-sources';
import { receiveCompletion } from '../../shared/use-cases/completions';
import { loadSettings } from '../../shared/wiring/bindings';
import * as INBOUND_FUNCTIONS from '../../shared/wiring/inbound';

const config = loadSettings(INBOUND_FUNCTIONS.ConsumeCanvasLiveEvents);
const deps = completionDeps(config);
const sources = completionSourceRepository(dynamo(), config.TABLE_NAME);

/** One message: a Live Event as Canvas sends it to SQS (JSON, unsigned: only Canvas's account may send). */
async function consume(body: string): Promise<string> {
  let event: unknown;
  try {
    event = JSON.parse(body);
  } catch {
    throw new SyntaxError('the message is not JSON');
  }
  const { completion, event: live } = completionOfCanvasEvent(event, '', 'canvas-sqs');
  if (!completion) return `ignored ${live.metadata.event_name}`;
  const source = await canvasSourceFor({ sources }, { rootAccountId: live.metadata.root_account_id });
  return (await receiveCompletion(deps, { ...completion, sourceId: source.id })).status;
}

/**
 * Canvas Live Events from the queue, a batch at a time. A message that fails — unreadable, from
 * an account no Canvas source answers for, or a passing error — is reported back and received
 * again, then kept in the dead-letter queue; the others are done. Logged by message id and
 * outcome only: an event names its learner.
 */
export const handler = middy()
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .handler(async (event: unknown): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of (event as SQSEvent).Records) {
      try {
        logger.info('canvas live event', { messageId: record.messageId, outcome: await consume(record.body) });
      } catch (e) {
        const reason = e instanceof DomainError || e instanceof SyntaxError ? e.message : 'unexpected error';
        logger.warn('canvas live event not carried out', { messageId: record.messageId, reason, ...(e instanceof DomainError || e instanceof SyntaxError ? {} : { error: e as Error }) });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  });
