import { RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { KEY_TAG } from '../../shared/credentials/kms-signer';
import type { Accesses } from '../../shared/wiring/bindings';
import type { Provider } from '../wiring';

/** What kms-signer.ts signs with: Ed25519 (eddsa-rdfc-2022) and ES256 (VC-JWT). */
export const SIGNING_ALGORITHMS = ['ED25519_SHA_512', 'ECDSA_SHA_256'] as const;

/**
 * Ed25519 signing keys in KMS (private keys never leave it). CDK creates the default issuer's
 * first key; rotation and new issuers create more at run time. Access is attribute-based:
 * every key carries the deployment's tag, and functions may use only keys with that tag —
 * least privilege without knowing the ARNs of keys that do not exist yet. Asymmetric keys
 * cannot rotate in place, and old keys must keep verifying, so keys are retained.
 */
export class SigningKeys extends Construct implements Provider<Accesses['signingKeys']> {
  readonly key: Key;
  /** The default issuer's P-256 key for the VC-JWT form, when enabled. */
  readonly jwtKey?: Key;
  /** Value of the `laurel:stack` tag on this deployment's keys. */
  readonly tag: string;

  /**
   * deploymentName tags the keys and names their aliases: the deployment's name, not this
   * stack's, so that keys created before the stateful stack was split out keep their tag.
   */
  constructor(scope: Construct, id: string, props: { issuerId: string; vcJwt?: boolean; deploymentName: string }) {
    super(scope, id);
    this.key = new Key(this, 'Ed25519', {
      description: `Laurel credential signing key for issuer '${props.issuerId}' (eddsa-rdfc-2022)`,
      keySpec: KeySpec.ECC_NIST_EDWARDS25519,
      keyUsage: KeyUsage.SIGN_VERIFY,
      alias: `alias/${props.deploymentName}/${props.issuerId}/signing`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.tag = props.deploymentName;
    Tags.of(this.key).add(KEY_TAG, this.tag);
    if (props.vcJwt) {
      this.jwtKey = new Key(this, 'P256', {
        description: `Laurel VC-JWT signing key for issuer '${props.issuerId}' (ES256)`,
        keySpec: KeySpec.ECC_NIST_P256,
        keyUsage: KeyUsage.SIGN_VERIFY,
        alias: `alias/${props.deploymentName}/${props.issuerId}/vc-jwt`,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Tags.of(this.jwtKey).add(KEY_TAG, this.tag);
    }
  }

  private taggedKeys(actions: string[], conditions: Record<string, string | string[]> = {}) {
    return new PolicyStatement({
      actions,
      resources: [Stack.of(this).formatArn({ service: 'kms', resource: 'key', resourceName: '*' })],
      conditions: { StringEquals: { [`aws:ResourceTag/${KEY_TAG}`]: this.tag, ...conditions } },
    });
  }

  /**
   * Sign with any of this deployment's keys, with the algorithms Laurel signs with alone (Ed25519
   * for Data Integrity proofs, ECDSA P-256 for VC-JWT), and read their public halves.
   */
  grantSign(grantee: IGrantable) {
    grantee.grantPrincipal.addToPrincipalPolicy(this.taggedKeys(['kms:Sign'], { 'kms:SigningAlgorithm': [...SIGNING_ALGORITHMS] }));
    this.grantReadPublic(grantee);
  }

  /** Read the public half of this deployment's keys (to register a key). */
  grantReadPublic(grantee: IGrantable) {
    grantee.grantPrincipal.addToPrincipalPolicy(this.taggedKeys(['kms:GetPublicKey', 'kms:DescribeKey']));
  }

  /** Create keys — only with this deployment's tag, and no other tags. */
  grantCreate(grantee: IGrantable) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['kms:CreateKey', 'kms:TagResource'],
        resources: ['*'],
        conditions: {
          StringEquals: { [`aws:RequestTag/${KEY_TAG}`]: this.tag },
          'ForAllValues:StringEquals': { 'aws:TagKeys': [KEY_TAG, 'laurel:issuer'] },
        },
      }),
    );
    this.grantReadPublic(grantee);
  }

  environment(): Record<string, string> {
    return { SIGNING_KEY_ARN: this.key.keyArn, KEY_TAG: this.tag, ...(this.jwtKey ? { VC_JWT_KEY_ARN: this.jwtKey.keyArn } : {}) };
  }

  grant(grantee: IGrantable, access: Accesses['signingKeys']) {
    if (access === 'sign') this.grantSign(grantee);
    else if (access === 'readPublic') this.grantReadPublic(grantee);
    else this.grantCreate(grantee);
  }
}
