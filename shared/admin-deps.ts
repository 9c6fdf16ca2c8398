import * as z from 'zod';
import { dynamo } from './aws/dynamo';
import { s3 } from './aws/s3';
import { sfn } from './aws/sfn';
import { env, loadConfig } from './config';
import { batchRepository } from './entities/batch';
import type { BatchDeps } from './use-cases/batches';
import { achievementRepository } from './entities/achievement';
import { issuanceRepository } from './entities/issuance';
import { idempotencyRepository } from './entities/idempotency';
import { auditRepository } from './entities/audit';
import { holdingRepository } from './entities/holding';
import { uploadRepository } from './entities/upload';
import { credentialRepository } from './entities/credential';
import { learnerRepository } from './entities/learner';
import { systemClock } from './clock';

/** Repositories over the one table, for admin handlers (each parses its own config). */
export const repositories = (tableName: string) => {
  const db = dynamo();
  return {
    achievements: achievementRepository(db, tableName),
    issuances: issuanceRepository(db, tableName),
    idempotency: idempotencyRepository(db, tableName),
    audit: auditRepository(db, tableName),
    holdings: holdingRepository(db, tableName),
    uploads: uploadRepository(db, tableName),
    credentials: credentialRepository(db, tableName),
    learners: learnerRepository(db, tableName),
    batches: batchRepository(db, tableName),
    workflow: sfn(),
    clock: systemClock,
  };
};

/** The cohort batch routes' dependencies, from their environment (parsed at cold start). */
export const batchAdminDeps = (): BatchDeps => {
  const config = loadConfig(
    z.object({ TABLE_NAME: env.name, BUCKET_NAME: env.name, BATCH_STATE_MACHINE_ARN: env.name, PUBLIC_BASE_URL: env.baseUrl }),
  );
  const { achievements, batches, issuances, audit, workflow, clock } = repositories(config.TABLE_NAME);
  return {
    clock,
    achievements,
    batches,
    issuances,
    audit,
    s3: s3(),
    sfn: workflow,
    bucketName: config.BUCKET_NAME,
    stateMachineArn: config.BATCH_STATE_MACHINE_ARN,
    publicBaseUrl: config.PUBLIC_BASE_URL,
  };
};
