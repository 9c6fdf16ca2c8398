import { dynamo, sfn } from './aws/clients';
import { achievementRepository } from './entities/achievement';
import { issuanceRepository } from './entities/issuance';
import { idempotencyRepository } from './entities/idempotency';
import { auditRepository } from './entities/audit';
import { holdingRepository } from './entities/holding';
import { uploadRepository } from './entities/upload';
import { credentialRepository } from './entities/credential';
import { learnerRepository } from './entities/learner';

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
    workflow: sfn(),
  };
};
