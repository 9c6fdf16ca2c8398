import { RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { Accesses } from '../../shared/wiring/bindings';
import type { Provider } from '../wiring';

/** The one MAC algorithm the learner keys are derived with (shared/adapters/kms-learner-keyer.ts). */
export const LEARNER_MAC_ALGORITHM = 'HMAC_SHA_256';

/**
 * The KMS HMAC key the learner index and holdings are keyed under (shared/entities/learner.ts):
 * a function that keys a learner derives a secret from it with one GenerateMac at cold start,
 * and keys each email or student number with that secret. Without kms:GenerateMac on this key,
 * nobody can recompute a learner's key from a guessed email, as anyone could a bare SHA-256.
 *
 * Retained like the signing keys: every learner key in the table depends on it. It does not
 * rotate (KMS rotates symmetric encryption keys only, and a rotated key would key every learner
 * anew); a new key, or a new derivation label, is a re-keying (`laurel rekey-learners`). Not
 * tagged with the deployment's signing tag, so no signing grant (tag-based) reaches it.
 */
export class LearnerIndexKey extends Construct implements Provider<Accesses['learnerKey']> {
  readonly key: Key;

  constructor(scope: Construct, id: string, props: { deploymentName: string }) {
    super(scope, id);
    this.key = new Key(this, 'Hmac', {
      description: 'Laurel: keys the learner index and holdings (HMAC of emails and student numbers)',
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      alias: `alias/${props.deploymentName}/learner-index`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  environment(): Record<string, string> {
    return { LEARNER_KEY_ARN: this.key.keyArn };
  }

  /** GenerateMac on this key alone, with HMAC_SHA_256 alone: no VerifyMac, no other key, no key administration. */
  grant(grantee: IGrantable, access: Accesses['learnerKey']) {
    if (access !== 'generateMac') throw new Error(`the learner-index key grants generateMac, not ${String(access)}`);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['kms:GenerateMac'],
        resources: [this.key.keyArn],
        conditions: { StringEquals: { 'kms:MacAlgorithm': LEARNER_MAC_ALGORITHM } },
      }),
    );
  }
}
