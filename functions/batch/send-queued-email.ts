import { deliverQueuedEmails } from '../../shared/use-cases/batch-workflow';
import { batchRecords } from '../../shared/workflow/batch-deps';
import { stepMailer } from '../../shared/workflow/deps';
import { BATCH_STEP_INPUTS } from '../../shared/workflow/batch-contract';
import { queueHandler } from '../../shared/workflow/step-handler';
import * as BATCH_FUNCTIONS from '../../shared/wiring/batch';

// Only the adapters this step calls: its bundle carries no other client.
const records = batchRecords(BATCH_FUNCTIONS.SendQueuedEmailFn);
const deps = { ...records, ...stepMailer(records.config) };

/** The email queue's consumer: cohort emails at this environment's share of the SES sending rate. */
export const handler = queueHandler(BATCH_STEP_INPUTS.queuedEmail, (messages) =>
  deliverQueuedEmails(deps, messages, records.config.EMAIL_SEND_RATE),
);
