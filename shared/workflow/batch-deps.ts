import { dynamo } from '../aws/dynamo';
import { sqs } from '../aws/sqs';
import { batchRepository } from '../entities/batch';
import type { Wiring } from '../wiring/bindings';
import type { BatchStepVariables, LearnerIndexVariables } from '../wiring/variables';
import type { BatchWorkflowDeps, ChunkDeps } from '../use-cases/batch-workflow';
import { stepArchive, stepArtifacts, stepEventBus, stepKeyVault, stepLearnerRecords, workflowRecords } from './deps';
import { sqsEmailQueue } from '../adapters/sqs-email-queue';

/**
 * What every cohort step reads: the issuance steps' records plus the batch records and the
 * signing pace. A step adds the adapters it calls (below and in ./deps), so the bookkeeping
 * steps bundle no S3, SES, KMS, EventBridge or SQS client.
 */
export function batchRecords<V extends BatchStepVariables>(wiring: Wiring<V>) {
  const records = workflowRecords(wiring);
  const { config } = records;
  return {
    ...records,
    batches: batchRepository(dynamo(), config.TABLE_NAME, records.clock),
    batchSettings: { signRate: config.BATCH_SIGN_RATE, signConcurrency: config.BATCH_SIGN_CONCURRENCY },
  };
}
type BatchConfig = ReturnType<typeof batchRecords<BatchStepVariables>>['config'];

/** The queue of cohort emails (SQS). */
export const batchEmailQueue = (config: BatchConfig): Pick<BatchWorkflowDeps, 'emailQueue'> => ({ emailQueue: sqsEmailQueue(sqs(), config.EMAIL_QUEUE_URL) });

/** What the chunk step, which issues, calls: signing, storage, events, the email queue and the learner keys; no SES, no row files. */
export function batchChunkDeps(wiring: Wiring<BatchStepVariables & LearnerIndexVariables>): ChunkDeps {
  const records = batchRecords(wiring);
  const { config } = records;
  return { ...records, ...stepLearnerRecords(records), ...stepArtifacts(config), ...stepKeyVault(), ...stepEventBus(config), ...batchEmailQueue(config), ...stepArchive(config) };
}
