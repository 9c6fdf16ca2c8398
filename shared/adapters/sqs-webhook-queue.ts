import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { TransientError } from '../errors';
import type { DeliveryMessage, WebhookQueue } from '../use-cases/webhook-deliveries';

/** The WebhookQueue port on the delivery queue (WEBHOOK_QUEUE_URL): ten messages a request, each delayed alike. */
export function sqsWebhookQueue(sqs: Pick<SQSClient, 'send'>, queueUrl: string): WebhookQueue {
  return {
    async send(messages: DeliveryMessage[], delaySeconds: number) {
      for (let i = 0; i < messages.length; i += 10) {
        const entries = messages.slice(i, i + 10).map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m), ...(delaySeconds > 0 ? { DelaySeconds: delaySeconds } : {}) }));
        const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
        if (out.Failed?.length) throw new TransientError(`the webhook delivery queue refused ${out.Failed.length} messages: ${out.Failed[0]?.Message ?? ''}`);
      }
    },
  };
}
