import * as z from '../zod';
import { archive, bucket, emailQueue, env, eventBus, mail, setting, signingKeys, wiring } from './bindings';
import { batchStep, learnerIndex } from './variables';

/**
 * The cohort workflow's steps (infra/constructs/batch-issuance.ts), one export each, named as
 * the construct. Each reads every cohort step variable (shared/workflow/batch-deps.ts) and may
 * use only what its own step needs.
 */

/** Reads the uploaded file, writes the valid rows and the problems; looks up the learners' holdings. */
export const ValidateBatchFn = /* @__PURE__ */ wiring('functions/batch/validate-batch.ts', () => ({ ...batchStep(), ...learnerIndex(), BUCKET_NAME: bucket('batchFiles') }));
export const RequestBatchDecisionFn = /* @__PURE__ */ wiring('functions/batch/request-batch-decision.ts', batchStep);
export const RecordBatchStatusFn = /* @__PURE__ */ wiring('functions/batch/record-batch-status.ts', batchStep);
/** Signs, stores and records a chunk's rows; their emails go to the queue, their events to the bus. */
export const IssueOrFailChunkFn = /* @__PURE__ */ wiring('functions/batch/issue-or-fail-batch-chunk.ts', () => ({
  ...batchStep(),
  ...learnerIndex(),
  SIGNING_KEY_ARN: signingKeys('sign'),
  BUCKET_NAME: bucket('writeCredentials'),
  ARCHIVE_BUCKET_NAME: archive('keepDocuments'),
  EVENT_BUS_NAME: eventBus('put'),
  EMAIL_QUEUE_URL: emailQueue('send').as(env.url),
}));
/**
 * The email queue's consumer (its event source mapping lets it receive and delete), at
 * EMAIL_SEND_RATE: the SES rate share of one concurrent consumer.
 */
export const SendQueuedEmailFn = /* @__PURE__ */ wiring('functions/batch/send-queued-email.ts', () => ({
  ...batchStep(),
  SENDER_EMAIL: mail('send').as(env.email),
  EMAIL_SEND_RATE: setting(z.coerce.number().check(z.positive())),
}));
