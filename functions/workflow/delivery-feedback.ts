import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { sesEmailEvent } from '../../events/ses';
import { logger, metrics, tracer } from '../../shared/observability';
import { recordDeliveryFeedback } from '../../shared/use-cases/credential-delivery';
import { recordReminderFeedback } from '../../shared/use-cases/reminder-feedback';
import { reminderRepository } from '../../shared/entities/reminder';
import { dynamo } from '../../shared/aws/dynamo';
import { workflowRecords } from '../../shared/workflow/deps';
import * as WORKFLOW_FUNCTIONS from '../../shared/wiring/workflow';

// Only the table: this step calls no other AWS service.
const deps = workflowRecords(WORKFLOW_FUNCTIONS.DeliveryFeedbackFn);
const reminders = reminderRepository(dynamo(), deps.config.TABLE_NAME);
const KIND = { Bounce: 'BOUNCED', Complaint: 'COMPLAINED', Delivery: 'DELIVERED' } as const;

/** SES delivery feedback (via EventBridge): bounced, complained or delivered, on the credential. */
export const handler = middy()
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .handler(async (event: unknown) => {
    const parsed = sesEmailEvent.safeParse(event);
    if (!parsed.success) {
      // Not ours to retry: a malformed event stays malformed. Logged without the addresses.
      logger.warn('ignored an SES event Laurel cannot read', { issues: parsed.error.issues.map((i) => i.path.join('.')) });
      return { result: 'ignored' };
    }
    const { detail, time } = parsed.data;
    // A reminder's fate is the reminder schedule's: a bounce stops reminders to that address.
    if (await recordReminderFeedback({ reminders }, { kind: KIND[detail.eventType], tags: detail.mail.tags, at: time })) {
      logger.info('reminder feedback', { kind: detail.eventType });
      return { result: 'reminder' };
    }
    const bounce = detail.bounce;
    const result = await recordDeliveryFeedback(deps, {
      kind: KIND[detail.eventType],
      messageId: detail.mail.messageId,
      ...(detail.mail.tags.issuance?.[0] ? { issuanceId: detail.mail.tags.issuance[0] } : {}),
      ...(bounce
        ? { detail: [bounce.bounceType, bounce.bounceSubType, bounce.bouncedRecipients[0]?.diagnosticCode].filter(Boolean).join(': ') }
        : detail.complaint
          ? { detail: `complaint${detail.complaint.complaintFeedbackType ? `: ${detail.complaint.complaintFeedbackType}` : ''}` }
          : {}),
      at: time,
    });
    logger.info('delivery feedback', { kind: detail.eventType, result });
    return { result };
  });
