import { kmsKeyVault } from '../../shared/adapters/kms-key-vault';
import { customResourceHandler } from '../../shared/aws/custom-resource';
import { dynamo } from '../../shared/aws/dynamo';
import { kms } from '../../shared/aws/kms';
import { systemClock } from '../../shared/clock';
import { issuerKeyRepository } from '../../shared/entities/issuer-key';
import { registerDeploymentKeys } from '../../shared/use-cases/signing-key';
import { loadSettings } from '../../shared/wiring/bindings';
import * as DEPLOY_FUNCTIONS from '../../shared/wiring/deploy';

/**
 * The stack's DefaultIssuerKeys custom resource: on Create and Update, registers the default
 * issuer's KMS keys, so that the first signature, and every read of the issuer's keys, finds
 * them (no read path registers a key). Delete leaves them: keys outlive the stack, and so must
 * the record of them that verifiers read.
 */
const config = loadSettings(DEPLOY_FUNCTIONS.RegisterDeploymentKeysFn);
const deps = { keys: issuerKeyRepository(dynamo(), config.TABLE_NAME), keyVault: kmsKeyVault(kms()), clock: systemClock };

export const handler = customResourceHandler(async (event) => {
  const physicalResourceId = `laurel-issuer-keys-${config.ISSUER_ID}`;
  if (event.RequestType === 'Delete') return { physicalResourceId };
  const keys = await registerDeploymentKeys(deps, config.ISSUER_ID, [
    { kmsKeyArn: config.SIGNING_KEY_ARN, algorithm: 'Ed25519' },
    ...(config.VC_JWT_KEY_ARN ? [{ kmsKeyArn: config.VC_JWT_KEY_ARN, algorithm: 'ES256' as const }] : []),
  ]);
  return { physicalResourceId, data: { KeyIds: keys.map((k) => k.keyId).join(',') } };
});
