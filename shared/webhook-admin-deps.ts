import { auditLogFor } from './adapters/lambda-audit-log';
import { sqsWebhookQueue } from './adapters/sqs-webhook-queue';
import { dynamo } from './aws/dynamo';
import { kms } from './aws/kms';
import { sqs } from './aws/sqs';
import { systemClock } from './clock';
import { auditRepository } from './entities/audit';
import { webhookDeliveryRepository } from './entities/webhook-delivery';
import { webhookSubscriptionRepository } from './entities/webhook-subscription';
import { kmsIntegrationSecrets, type IntegrationSecrets } from './integrations/integration-secrets';
import type { WebhookQueue } from './use-cases/webhook-deliveries';

/**
 * The webhook subscription routes' adapters (functions/admin/*webhook*.ts), from each handler's own
 * settings: a route not wired to the integration key or the delivery queue gets a port that
 * refuses plainly, never a KMS or SQS AccessDenied.
 */
export function webhookAdminDeps(config: { TABLE_NAME: string; AUDIT_WRITER_FUNCTION?: string; INTEGRATION_KEY_ARN?: string; WEBHOOK_QUEUE_URL?: string }) {
  const db = dynamo();
  const refuse = (what: string) => async (): Promise<never> => {
    throw new Error(`this function is not wired to ${what} (shared/wiring/admin.ts)`);
  };
  const secrets: IntegrationSecrets = config.INTEGRATION_KEY_ARN ? kmsIntegrationSecrets(kms(), config.INTEGRATION_KEY_ARN) : { secretFor: refuse('the integration key') };
  const queue: WebhookQueue = config.WEBHOOK_QUEUE_URL ? sqsWebhookQueue(sqs(), config.WEBHOOK_QUEUE_URL) : { send: refuse('the webhook delivery queue') };
  return {
    subscriptions: webhookSubscriptionRepository(db, config.TABLE_NAME),
    deliveries: webhookDeliveryRepository(db, config.TABLE_NAME),
    audit: auditLogFor(config.AUDIT_WRITER_FUNCTION, auditRepository(db, config.TABLE_NAME)),
    secrets,
    queue,
    clock: systemClock,
  };
}
