import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import * as z from '../../shared/zod';
import { built } from '../../shared/built';
import { sqsWebhookQueue } from '../../shared/adapters/sqs-webhook-queue';
import { dynamo } from '../../shared/aws/dynamo';
import { sqs } from '../../shared/aws/sqs';
import { systemClock } from '../../shared/clock';
import { webhookDeliveryRepository } from '../../shared/entities/webhook-delivery';
import { webhookSubscriptionRepository } from '../../shared/entities/webhook-subscription';
import { logger, metrics, tracer } from '../../shared/observability';
import { fanOutEvent } from '../../shared/use-cases/webhook-deliveries';
import { loadSettings } from '../../shared/wiring/bindings';
import * as WEBHOOK_FUNCTIONS from '../../shared/wiring/webhooks';

const config = loadSettings(WEBHOOK_FUNCTIONS.FanOutWebhooksFn);
const deps = {
  subscriptions: webhookSubscriptionRepository(dynamo(), config.TABLE_NAME),
  deliveries: webhookDeliveryRepository(dynamo(), config.TABLE_NAME),
  queue: sqsWebhookQueue(sqs(), config.WEBHOOK_QUEUE_URL),
  clock: systemClock,
};

const busEvent = /* @__PURE__ */ built(() =>
  z.looseObject({ id: z.string(), 'detail-type': z.string(), source: z.string(), time: z.string(), detail: z.record(z.string(), z.unknown()) }),
);

/**
 * Every domain event on Laurel's bus (an EventBridge rule) → a delivery per subscription that
 * wants it. A failure throws: EventBridge retries, then the event waits in the dead-letter queue;
 * a repeat is harmless (the deliveries' ids are derived from the event's).
 */
export const handler = middy()
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .handler(async (event: unknown) => {
    const parsed = busEvent.safeParse(event);
    if (!parsed.success) {
      logger.warn('ignored an event that is not an EventBridge event', { issues: parsed.error.issues.map((i) => i.path.join('.')) });
      return { result: 'ignored' };
    }
    const result = await fanOutEvent(deps, parsed.data);
    logger.info('event fanned out', { eventId: parsed.data.id, type: parsed.data['detail-type'], ...result });
    return result;
  });
