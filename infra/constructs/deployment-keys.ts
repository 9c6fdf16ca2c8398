import { CustomResource, Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as DEPLOY_FUNCTIONS from '../../shared/wiring/deploy';
import { settingValues, wiredFunction } from '../wiring';
import type { ArchiveStore } from './archive-store';
import type { DataStore } from './data-store';
import type { SigningKeys } from './signing-keys';

/**
 * Registers the default issuer's KMS keys while CloudFormation deploys (a custom resource whose
 * function CloudFormation invokes), so that no request path registers a key: reads never write,
 * and the first signature finds its key. Its properties name the keys, so enabling the VC-JWT
 * format (a new P-256 key) runs it again; it registers only what is not registered yet. It also
 * moves key records to their own partition where an older deployment left them.
 */
export class DeploymentKeys extends Construct {
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: { data: DataStore; keys: SigningKeys; archive: ArchiveStore; issuerId: string }) {
    super(scope, id);
    const fn = wiredFunction(
      this,
      'RegisterDeploymentKeysFn',
      DEPLOY_FUNCTIONS.RegisterDeploymentKeysFn,
      { table: props.data, signingKeys: props.keys, archive: props.archive, setting: settingValues({ ISSUER_ID: props.issuerId }) },
      { memorySize: 256, timeout: Duration.seconds(60) },
    );
    this.resource = new CustomResource(this, 'DefaultIssuerKeys', {
      serviceToken: fn.functionArn,
      resourceType: 'Custom::LaurelIssuerKeys',
      // KeyRecords: where key records live; a new layout runs the resource again, which moves them.
      properties: { IssuerId: props.issuerId, KeyRecords: 'ISSUERKEY', SigningKeyArn: props.keys.key.keyArn, ...(props.keys.jwtKey ? { VcJwtKeyArn: props.keys.jwtKey.keyArn } : {}) },
    });
  }
}
