import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * The issuer's Ed25519 signing key in KMS (the private key never leaves it). Asymmetric keys
 * cannot auto-rotate: rotation (issue #3) adds a new key and keeps the old one's public
 * document published, so the key is retained on stack deletion.
 */
export class SigningKeys extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string, props: { issuerId: string }) {
    super(scope, id);
    this.key = new Key(this, 'Ed25519', {
      description: `Laurel credential signing key for issuer '${props.issuerId}' (eddsa-rdfc-2022)`,
      keySpec: KeySpec.ECC_NIST_EDWARDS25519,
      keyUsage: KeyUsage.SIGN_VERIFY,
      alias: `alias/${Stack.of(this).stackName}/${props.issuerId}/signing`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  grantSign(grantee: IGrantable) {
    return this.key.grant(grantee, 'kms:Sign', 'kms:GetPublicKey', 'kms:DescribeKey');
  }

  environment(): Record<string, string> {
    return { SIGNING_KEY_ARN: this.key.keyArn };
  }
}
