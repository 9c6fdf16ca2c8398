import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from '../../shared/zod';
import { built } from '../../shared/built';
import { kmsLearnerKeyer } from '../../shared/adapters/kms-learner-keyer';
import { sqsWebhookQueue } from '../../shared/adapters/sqs-webhook-queue';
import { dynamo } from '../../shared/aws/dynamo';
import { kms } from '../../shared/aws/kms';
import { sqs } from '../../shared/aws/sqs';
import { systemClock } from '../../shared/clock';
import { credentialRepository } from '../../shared/entities/credential';
import { issuanceRepository } from '../../shared/entities/issuance';
import { webhookDeliveryRepository } from '../../shared/entities/webhook-delivery';
import { webhookSubscriptionRepository } from '../../shared/entities/webhook-subscription';
import { outboundPost } from '../../shared/http/outbound';
import { kmsIntegrationSecrets } from '../../shared/integrations/integration-secrets';
import { logger, metrics } from '../../shared/observability';
import { deliverMessage, type DeliveryOutcome } from '../../shared/use-cases/webhook-deliveries';
import { queueHandler } from '../../shared/workflow/step-handler';
import { loadSettings } from '../../shared/wiring/bindings';
import * as WEBHOOK_FUNCTIONS from '../../shared/wiring/webhooks';

const config = loadSettings(WEBHOOK_FUNCTIONS.DeliverWebhooksFn);
const db = dynamo();
const learnerKeys = kmsLearnerKeyer(kms(), config.LEARNER_KEY_ARN);
const deps = {
  subscriptions: webhookSubscriptionRepository(db, config.TABLE_NAME),
  deliveries: webhookDeliveryRepository(db, config.TABLE_NAME),
  issuances: issuanceRepository(db, config.TABLE_NAME, systemClock, learnerKeys),
  credentials: credentialRepository(db, config.TABLE_NAME),
  learnerKeys,
  queue: sqsWebhookQueue(sqs(), config.WEBHOOK_QUEUE_URL),
  secrets: kmsIntegrationSecrets(kms(), config.INTEGRATION_KEY_ARN),
  post: outboundPost(config.LOCAL_INTERNET_URL ? { standInUrl: config.LOCAL_INTERNET_URL } : {}),
  clock: systemClock,
  ...(config.LOCAL_RETRY_SCALE !== undefined ? { retryScale: config.LOCAL_RETRY_SCALE } : {}),
};

const deliveryMessage = /* @__PURE__ */ built(() =>
  z.object({ deliveryId: z.string().check(z.maxLength(64)), attempt: z.int().check(z.positive()), notBefore: z.optional(z.iso.datetime({ offset: true })) }),
);

/**
 * The delivery queue's consumer: each message one attempt of one delivery. A message whose
 * attempt failed in Laurel (the table, KMS, SQS) returns to the queue and is tried again, and
 * after its receives are spent waits in the dead-letter queue; a subscriber's failure is not
 * Laurel's, and is retried by a new, delayed message instead.
 */
export const handler = queueHandler(deliveryMessage, async (messages) => {
  const failed: { id: string; error: Error }[] = [];
  const outcomes: Partial<Record<DeliveryOutcome, number>> = {};
  await Promise.all(
    messages.map(async (m) => {
      try {
        const outcome = await deliverMessage(deps, m);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        // What the operations alarm on dead deliveries counts (infra/constructs/webhook-deliveries.ts).
        if (outcome === 'dead') metrics.addMetric('WebhookDeliveriesDead', MetricUnit.Count, 1);
      } catch (e) {
        failed.push({ id: m.id, error: e as Error });
      }
    }),
  );
  logger.info('webhook deliveries attempted', { outcomes });
  return { failed };
});
