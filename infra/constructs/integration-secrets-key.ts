import { RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { Accesses } from '../../shared/wiring/bindings';
import type { Provider } from '../wiring';

/**
 * The KMS HMAC key integrations' secrets are derived under (shared/integrations/integration-secrets.ts):
 * a completion source's signing secret and bearer token, a webhook subscription's signing secret.
 * They are GenerateMac of a label — never stored — so only the functions granted GenerateMac on
 * this key (the inbound receivers, the deliverer, and the admin routes that hand a secret out
 * once) can compute one. Apart from the learner-index key: keying learners and sharing secrets
 * with other systems are separate powers. Retained: a new key would change every secret at once.
 */
export class IntegrationSecretsKey extends Construct implements Provider<Accesses['integrationKey']> {
  readonly key: Key;

  constructor(scope: Construct, id: string, props: { deploymentName: string }) {
    super(scope, id);
    this.key = new Key(this, 'Hmac', {
      description: 'Laurel: derives the secrets shared with connected systems (completion sources, webhook subscriptions)',
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      alias: `alias/${props.deploymentName}/integration-secrets`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  environment(): Record<string, string> {
    return { INTEGRATION_KEY_ARN: this.key.keyArn };
  }

  /** GenerateMac on this key alone, with HMAC_SHA_256 alone. */
  grant(grantee: IGrantable, access: Accesses['integrationKey']) {
    if (access !== 'generateMac') throw new Error(`the integration key grants generateMac, not ${String(access)}`);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['kms:GenerateMac'], resources: [this.key.keyArn], conditions: { StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' } } }),
    );
  }
}
