import { dynamo, s3, sqs } from '../aws/clients';
import { s3JsonLines } from '../adapters/s3-json-lines';
import { auditRepository } from '../entities/audit';
import { batchRepository } from '../entities/batch';
import { holdingRepository } from '../entities/holding';
import { issuanceRepository } from '../entities/issuance';
import { loadSettings, type Wiring } from '../wiring/bindings';
import type { BatchStepVariables } from '../wiring/variables';
import type { BatchWorkflowDeps } from '../use-cases/batch-workflow';
import { workflowDeps } from './deps';
import { sqsEmailQueue } from '../adapters/sqs-email-queue';

/** The cohort steps' adapters: the issuance workflow's, plus the batch records and the email queue. */
export function batchWorkflowDeps(wiring: Wiring<BatchStepVariables>): BatchWorkflowDeps {
  const config = loadSettings(wiring);
  const db = dynamo();
  const base = workflowDeps(wiring);
  return {
    ...base,
    batches: batchRepository(db, config.TABLE_NAME, base.clock),
    // The same repositories the workflow's steps have, with the operations a cohort also needs.
    issuances: issuanceRepository(db, config.TABLE_NAME, base.clock),
    holdings: holdingRepository(db, config.TABLE_NAME),
    audit: auditRepository(db, config.TABLE_NAME, base.clock),
    emailQueue: sqsEmailQueue(sqs(), config.EMAIL_QUEUE_URL),
    jsonLines: s3JsonLines(s3(), config.BUCKET_NAME),
    batchSettings: { signRate: config.BATCH_SIGN_RATE, signConcurrency: config.BATCH_SIGN_CONCURRENCY },
  };
}
