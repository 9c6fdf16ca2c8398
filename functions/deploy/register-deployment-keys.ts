import { kmsKeyVault } from '../../shared/adapters/kms-key-vault';
import { s3Archive } from '../../shared/adapters/s3-archive';
import { s3Objects } from '../../shared/aws/s3-objects';
import { customResourceHandler } from '../../shared/aws/custom-resource';
import { dynamo } from '../../shared/aws/dynamo';
import { kms } from '../../shared/aws/kms';
import { systemClock } from '../../shared/clock';
import { issuerKeyRepository } from '../../shared/entities/issuer-key';
import { issuerRepository } from '../../shared/entities/issuer';
import { migrateKeyRecords, registerDeploymentKeys } from '../../shared/use-cases/signing-key';
import { loadSettings } from '../../shared/wiring/bindings';
import * as DEPLOY_FUNCTIONS from '../../shared/wiring/deploy';

/**
 * The stack's DefaultIssuerKeys custom resource: on Create and Update, registers the default
 * issuer's KMS keys, so that the first signature, and every read of the issuer's keys, finds
 * them (no read path registers a key). Delete leaves them: keys outlive the stack, and so must
 * the record of them that verifiers read. First it moves key records written before they had a
 * partition of their own (issue #17), so a deployment upgraded onto its retained table has them
 * where only key writers may write.
 */
const config = loadSettings(DEPLOY_FUNCTIONS.RegisterDeploymentKeysFn);
const db = dynamo();
const deps = {
  keys: issuerKeyRepository(db, config.TABLE_NAME),
  issuers: issuerRepository(db, config.TABLE_NAME),
  keyVault: kmsKeyVault(kms()),
  archive: s3Archive(s3Objects(config.ARCHIVE_BUCKET_NAME)),
  clock: systemClock,
};

export const handler = customResourceHandler(async (event) => {
  const physicalResourceId = `laurel-issuer-keys-${config.ISSUER_ID}`;
  if (event.RequestType === 'Delete') return { physicalResourceId };
  const moved = await migrateKeyRecords(deps, config.ISSUER_ID);
  const keys = await registerDeploymentKeys(deps, config.ISSUER_ID, [
    { kmsKeyArn: config.SIGNING_KEY_ARN, algorithm: 'Ed25519' },
    ...(config.VC_JWT_KEY_ARN ? [{ kmsKeyArn: config.VC_JWT_KEY_ARN, algorithm: 'ES256' as const }] : []),
  ]);
  return { physicalResourceId, data: { KeyIds: keys.map((k) => k.keyId).join(','), KeyRecordsMoved: String(moved) } };
});
