import { GenerateMacCommand, type KMSClient } from '@aws-sdk/client-kms';
import { derivedLearnerKeyer, LEARNER_KEY_LABEL } from '../entities/learner';
import type { LearnerKeyer } from '../ports';

/**
 * The LearnerKeyer port on a KMS HMAC key (LEARNER_KEY_ARN): GenerateMac of the derivation
 * label gives the 32-byte secret each identifier is keyed with here, by node:crypto. One KMS
 * call per execution environment, made by the first use (a function that never keys a learner
 * never calls KMS); the KMS key itself never leaves KMS, and IAM lets only the functions that
 * key learners call GenerateMac on it.
 */
export function kmsLearnerKeyer(kms: Pick<KMSClient, 'send'>, keyArn: string, label = LEARNER_KEY_LABEL): LearnerKeyer {
  return derivedLearnerKeyer(async () => {
    const { Mac } = await kms.send(new GenerateMacCommand({ KeyId: keyArn, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from(label, 'utf8') }));
    if (!Mac) throw new Error(`KMS returned no MAC for the learner key ${keyArn}`);
    return Mac;
  });
}
