import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { TransientError } from '../errors';
import type { EmailQueue } from '../ports';

/** The EmailQueue port on one SQS queue: ten messages a request, a refused message a retryable error. */
export function sqsEmailQueue(sqs: Pick<SQSClient, 'send'>, queueUrl: string): EmailQueue {
  return {
    async enqueue(messages) {
      for (let i = 0; i < messages.length; i += 10) {
        const entries = messages.slice(i, i + 10).map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m) }));
        const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
        if (out.Failed?.length) throw new TransientError(`the email queue refused ${out.Failed.length} messages: ${out.Failed[0]?.Message ?? ''}`);
      }
    },
  };
}
