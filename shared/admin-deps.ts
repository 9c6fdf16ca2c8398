import { dynamo } from './aws/dynamo';
import { s3Objects } from './aws/s3-objects';
import { sfn } from './aws/sfn';
import { s3Artifacts } from './adapters/s3-artifacts';
import { s3ArtifactLinks } from './adapters/s3-artifact-links';
import { sfnWorkflowEngine } from './adapters/sfn-workflow-engine';
import { loadSettings, type Wiring } from './wiring/bindings';
import type { BatchAdminVariables } from './wiring/variables';
import { batchRepository } from './entities/batch';
import type { BatchDeps } from './use-cases/batches';
import type { BadgeStore } from './use-cases/achievements';
import { achievementRepository } from './entities/achievement';
import { issuanceRepository } from './entities/issuance';
import { idempotencyRepository } from './entities/idempotency';
import { auditRepository } from './entities/audit';
import { auditLogFor } from './adapters/lambda-audit-log';
import { holdingRepository } from './entities/holding';
import { uploadRepository } from './entities/upload';
import { credentialRepository } from './entities/credential';
import { learnerRepository } from './entities/learner';
import { kms } from './aws/kms';
import { kmsLearnerKeyer } from './adapters/kms-learner-keyer';
import { systemClock } from './clock';

/**
 * Repositories over the one table, for admin handlers (each parses its own config); the audit
 * log appends through the writer a function declares (AUDIT_WRITER_FUNCTION), if it does.
 */
export const repositories = (tableName: string, auditWriter?: string) => {
  const db = dynamo();
  return {
    achievements: achievementRepository(db, tableName),
    issuances: issuanceRepository(db, tableName),
    idempotency: idempotencyRepository(db, tableName),
    audit: auditLogFor(auditWriter, auditRepository(db, tableName)),
    holdings: holdingRepository(db, tableName),
    uploads: uploadRepository(db, tableName),
    credentials: credentialRepository(db, tableName),
    learners: learnerRepository(db, tableName),
    batches: batchRepository(db, tableName),
    clock: systemClock,
  };
};

/**
 * The repositories that key a learner (an issuance's index items and holding, holdings, the
 * learner index) with the secret derived from LEARNER_KEY_ARN, for the routes that declare it:
 * they replace `repositories`' own, which may not key one.
 */
export const learnerRecords = (config: { TABLE_NAME: string; LEARNER_KEY_ARN: string }) => {
  const db = dynamo();
  const keys = kmsLearnerKeyer(kms(), config.LEARNER_KEY_ARN);
  return {
    issuances: issuanceRepository(db, config.TABLE_NAME, systemClock, keys),
    holdings: holdingRepository(db, config.TABLE_NAME, keys),
    learners: learnerRepository(db, config.TABLE_NAME, keys),
    /** The keyer itself, for a use case that keys identifiers it reads (an erasure, in cohort files). */
    learnerKeys: keys,
  };
};

/** Where designed badges are drawn to (images/ in the bucket) and served from, in the institution's colour. */
export const badgeStore = (config: { BUCKET_NAME: string; PUBLIC_BASE_URL: string; BRAND_COLOR: string }): BadgeStore => ({
  artifacts: s3Artifacts(s3Objects(config.BUCKET_NAME)),
  publicBaseUrl: config.PUBLIC_BASE_URL,
  brandColor: config.BRAND_COLOR,
});

/** The issuance state machine; without its ARN, a function may answer and stop executions but not start one. */
export const issuanceWorkflow = (stateMachineArn?: string) => sfnWorkflowEngine(sfn(), stateMachineArn);

/**
 * The cohort routes' records, from the environment their declaration names (parsed at cold
 * start). Each route adds the adapters it uses (batchFiles, batchLinks, batchWorkflow), so a
 * route that never reads a file does not bundle the S3 client.
 */
export const batchAdminDeps = (wiring: Wiring<BatchAdminVariables>) => {
  const config = loadSettings(wiring);
  const { achievements, batches, issuances, audit, clock } = repositories(config.TABLE_NAME, config.AUDIT_WRITER_FUNCTION);
  return { config, clock, achievements, batches, issuances, audit, publicBaseUrl: config.PUBLIC_BASE_URL };
};
/** The cohort files (uploads, rows, problems, large reports). */
export const batchFiles = (config: { BUCKET_NAME: string }): Pick<BatchDeps, 'artifacts'> => ({ artifacts: s3Artifacts(s3Objects(config.BUCKET_NAME)) });
/** Presigned links to the cohort files. */
export const batchLinks = (config: { BUCKET_NAME: string }): Pick<BatchDeps, 'links'> => ({ links: s3ArtifactLinks(config.BUCKET_NAME) });
/** The batch (parent) state machine. */
export const batchWorkflow = (config: { BATCH_STATE_MACHINE_ARN: string }): Pick<BatchDeps, 'workflow'> => ({ workflow: sfnWorkflowEngine(sfn(), config.BATCH_STATE_MACHINE_ARN) });
