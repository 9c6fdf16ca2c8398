import { dynamo } from './aws/dynamo';
import { kms } from './aws/kms';
import { kmsKeyVault } from './adapters/kms-key-vault';
import { kmsLearnerKeyer } from './adapters/kms-learner-keyer';
import { credentialRepository } from './entities/credential';
import { issuanceRepository } from './entities/issuance';
import { holdingRepository } from './entities/holding';
import { auditRepository } from './entities/audit';
import { lambdaAuditLog } from './adapters/lambda-audit-log';
import { s3Archive } from './adapters/s3-archive';
import { s3Objects } from './aws/s3-objects';
import { issuerKeyRepository } from './entities/issuer-key';
import { statusListRepository } from './entities/status-list';
import { currentSigner } from './use-cases/signing-key';
import { pathwayRepository } from './entities/pathway';
import { changeCredentialStatus } from './use-cases/credential-status';
import { applyRevocationRules } from './use-cases/pathways';
import { systemClock } from './clock';

/**
 * What a credential's status change needs (shared/use-cases/credential-status.ts): the records,
 * the status list it re-signs with the issuer's current key, the archive that keeps each list
 * as published, and the learner-index key (a revocation releases the learner's holding).
 */
export function credentialStatusDeps(config: { TABLE_NAME: string; AUDIT_WRITER_FUNCTION: string; LEARNER_KEY_ARN: string; ARCHIVE_BUCKET_NAME: string; PUBLIC_BASE_URL: string }) {
  const db = dynamo();
  const keyDeps = {
    keys: issuerKeyRepository(db, config.TABLE_NAME),
    keyVault: kmsKeyVault(kms()),
    publicBaseUrl: config.PUBLIC_BASE_URL,
    clock: systemClock,
  };
  const credentials = credentialRepository(db, config.TABLE_NAME);
  const audit = lambdaAuditLog(config.AUDIT_WRITER_FUNCTION, auditRepository(db, config.TABLE_NAME));
  const deps = {
    db,
    clock: systemClock,
    credentials,
    audit,
    issuances: issuanceRepository(db, config.TABLE_NAME),
    holdings: holdingRepository(db, config.TABLE_NAME, kmsLearnerKeyer(kms(), config.LEARNER_KEY_ARN)),
    lists: statusListRepository(db, config.TABLE_NAME),
    archive: s3Archive(s3Objects(config.ARCHIVE_BUCKET_NAME)),
    signer: async (issuerId: string) => (await currentSigner(keyDeps, issuerId)).signer,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    // A revoked constituent applies its pathways' rule to the awards it counted toward; a
    // suspension of the award goes through this same status change.
    onRevoked: (record: { id: string }): Promise<unknown> =>
      applyRevocationRules(
        { pathways: pathwayRepository(db, config.TABLE_NAME), credentials, audit, clock: systemClock, suspend: (id, actor, reason): Promise<unknown> => changeCredentialStatus(deps, id, 'suspend', actor, reason) },
        record,
      ),
  };
  return deps;
}
