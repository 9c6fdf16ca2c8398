import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { ArchiveStore } from './constructs/archive-store';
import { ArtifactStore } from './constructs/artifact-store';
import { DataStore } from './constructs/data-store';
import { DomainEvents } from './constructs/domain-events';
import { LearnerIndexKey } from './constructs/learner-index-key';
import { IntegrationSecretsKey } from './constructs/integration-secrets-key';
import { SigningKeys } from './constructs/signing-keys';
import { StaffIdentity } from './constructs/staff-identity';
import type { DeploymentSettings } from './settings';

export interface LaurelDataStackProps extends StackProps {
  settings: DeploymentSettings;
  /** The deployment's name (the stateless stack's): it tags the keys and names their aliases. */
  deploymentName: string;
}

/**
 * What must outlive every other stack operation: the table (issuances, credentials, the audit
 * trail), the artifact bucket (signed credentials, evidence), the archive (the audit trail's
 * anchors, under Object Lock), the signing keys, the staff user
 * pool, and the event bus that subscribers (the SIS, the CRM) target by name. Each is retained
 * and importable: `cdk import` works on top-level stacks only, so this one is top-level, and the
 * stateless stack (functions, APIs, workflows) can be destroyed and redeployed onto it.
 */
export class LaurelDataStack extends Stack {
  readonly data: DataStore;
  readonly keys: SigningKeys;
  /** The HMAC key the learner index and holdings are keyed under (never leaves KMS). */
  readonly learnerKey: LearnerIndexKey;
  /** Derives the secrets shared with connected systems (issue #21). */
  readonly integrationKey: IntegrationSecretsKey;
  readonly artifacts: ArtifactStore;
  /** Object Lock: what must be provable later from outside the table (the audit trail's anchors). */
  readonly archive: ArchiveStore;
  readonly events: DomainEvents;
  readonly identity: StaffIdentity;
  /** The customer-managed key of the personal data at rest: the table and the artifact bucket. */
  readonly dataKey: Key;

  constructor(scope: Construct, id: string, props: LaurelDataStackProps) {
    super(scope, id, props);
    const { settings } = props;
    // One key for the personal data at rest, the institution's own: its key policy and CloudTrail
    // say who may read the table and the objects, and disabling it makes them unreadable at once.
    this.dataKey = new Key(this, 'DataKey', {
      description: 'Laurel: personal data at rest (the table, the artifact bucket)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.data = new DataStore(this, 'Data', { encryptionKey: this.dataKey });
    this.keys = new SigningKeys(this, 'SigningKeys', { issuerId: settings.issuerId, vcJwt: settings.vcJwt, deploymentName: props.deploymentName });
    this.learnerKey = new LearnerIndexKey(this, 'LearnerIndexKey', { deploymentName: props.deploymentName });
    this.integrationKey = new IntegrationSecretsKey(this, 'IntegrationSecretsKey', { deploymentName: props.deploymentName });
    this.artifacts = new ArtifactStore(this, 'Artifacts', {
      accessLogRetentionDays: settings.accessLogRetentionDays,
      encryptionKey: this.dataKey,
      batchFileRetentionDays: settings.batchFileRetentionDays,
      evidenceRetentionDays: settings.evidenceRetentionDays,
      browserUploadOrigins: browserUploadOrigins(settings),
    });
    this.archive = new ArchiveStore(this, 'Archive', {
      accessLogs: this.artifacts.accessLogs,
      retentionDays: settings.archiveRetentionDays,
      mode: settings.trialDeployment ? 'governance' : 'compliance',
    });
    this.events = new DomainEvents(this, 'Events');
    this.identity = new StaffIdentity(this, 'Staff', {
      machineRoles: settings.machineRoles,
      callbackUrls: settings.staffCallbackUrls,
      logoutUrls: settings.staffLogoutUrls,
      mfa: settings.staffMfa,
      identityProviders: settings.staffIdentityProviders,
    });
  }
}

/**
 * Where browsers upload from with presigned URLs (evidence, cohort files, badge images): the staff
 * console and any origin the admin API allows. This stack cannot know the console's CloudFront
 * domain (the app stack makes the distribution): without laurel:consoleDomainName, any
 * *.cloudfront.net origin may send the PUT — harmless, since the presigned URL is the permission
 * and CORS only lets a page read the answer; with the domain set, only that origin.
 */
export function browserUploadOrigins(settings: Pick<DeploymentSettings, 'console' | 'consoleDomainName' | 'adminCorsOrigins'>): string[] {
  const consoleOrigin = settings.console ? [settings.consoleDomainName ? `https://${settings.consoleDomainName}` : 'https://*.cloudfront.net'] : [];
  return [...consoleOrigin, ...settings.adminCorsOrigins];
}
