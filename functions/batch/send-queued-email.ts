import { emailConsumerEnv, loadConfig } from '../../shared/settings';
import { deliverQueuedEmails } from '../../shared/use-cases/batch-workflow';
import { batchWorkflowDeps } from '../../shared/workflow/batch-deps';
import { BATCH_STEP_INPUTS } from '../../shared/workflow/batch-contract';
import { queueHandler } from '../../shared/workflow/step-handler';

const config = loadConfig(emailConsumerEnv);
const deps = batchWorkflowDeps();

/** The email queue's consumer: cohort emails at this environment's share of the SES sending rate. */
export const handler = queueHandler(BATCH_STEP_INPUTS.queuedEmail, (messages) =>
  deliverQueuedEmails(deps, messages, config.EMAIL_SEND_RATE),
);
