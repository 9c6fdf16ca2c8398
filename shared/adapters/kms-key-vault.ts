import type { KMSClient } from '@aws-sdk/client-kms';
import { createKmsSigningKey, kmsEs256Signer, kmsPublicJwk, kmsPublicMultikey, kmsSigner } from '../credentials/kms-signer';
import type { KeyVault } from '../ports';

/** The KeyVault port on KMS; keys it creates carry this deployment's tag (IAM allows only those). */
export function kmsKeyVault(kms: Pick<KMSClient, 'send'>, deploymentTag = ''): KeyVault {
  const client = kms as KMSClient;
  return {
    async create(issuerId, algorithm) {
      if (!deploymentTag) throw new Error('this function was not given the deployment tag: it may not create keys');
      return createKmsSigningKey(kms, { issuerId, deploymentTag, algorithm });
    },
    publicMultikey: (keyArn) => kmsPublicMultikey(client, keyArn),
    publicJwk: (keyArn) => kmsPublicJwk(kms, keyArn),
    signer: (keyArn, verificationMethod) => kmsSigner(client, keyArn, verificationMethod),
    es256Signer: (keyArn, kid) => kmsEs256Signer(kms, keyArn, kid),
  };
}
