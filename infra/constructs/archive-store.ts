import { CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectLockRetention, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ANCHOR_PREFIX } from '../../shared/entities/audit';
import type { Accesses } from '../../shared/wiring/bindings';
import type { Provider } from '../wiring';

export interface ArchiveStoreProps {
  /** Where S3 logs every request to the archive (the artifact store's access-log bucket). */
  accessLogs: IBucket;
  /** Days each object is locked; `compliance`: nobody, root included, can delete it or shorten that. */
  retentionDays: number;
  mode: 'compliance' | 'governance';
}

/**
 * The archive: a bucket under S3 Object Lock whose objects nobody can overwrite or delete before
 * their retention ends, in compliance mode not even the account's root. It holds what must be
 * provable later from outside the table: the audit trail's anchors (one per event: its sequence
 * number and hash), so a trail cut short or recomputed in the table is found out; every version
 * of every status list as published; and every state of every issuer key. No personal data goes
 * here (ids, hashes, public keys, bitstrings), so erasure never needs to reach it.
 *
 * Access patterns
 * - a trail's anchors:         audit-anchors/<subjectType>/<subjectId>/<seq, 8 digits>.json
 * - a status list's versions:  status-lists/<issuerId>/<purpose>/<listNo>/<version, 8 digits>.json
 * - a key's states:            keys/<issuerId>/<keyId>/<status>.json
 */
export class ArchiveStore extends Construct implements Provider<Accesses['archive']> {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: ArchiveStoreProps) {
    super(scope, id);
    const retention = Duration.days(props.retentionDays);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: props.mode === 'compliance' ? ObjectLockRetention.compliance(retention) : ObjectLockRetention.governance(retention),
      // Ids and hashes, no personal data: S3's own key is enough, and no key policy can lock the archive's readers out.
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'archive/',
    });
    new CfnOutput(this, 'BucketName', { key: 'ArchiveBucketName', value: this.bucket.bucketName, description: 'the audit anchors: npm run audit:verify -- --bucket <this>' });
  }

  /**
   * Write anchors: PutObject under audit-anchors/ alone, and read them back (GetObject, and
   * ListBucket for that prefix, so a missing key is a 404). No delete, no retention or legal-hold
   * change, no governance bypass: what is written stays.
   */
  grantAnchorAudit(grantee: IGrantable) {
    const prefix = ANCHOR_PREFIX;
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject'], resources: [this.bucket.arnForObjects(`${prefix}*`)] }));
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn], conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } } }),
    );
  }

  /** Keep status lists and key states: PutObject under status-lists/ and keys/ alone (write-once by If-None-Match). */
  grantKeepDocuments(grantee: IGrantable) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects('status-lists/*'), this.bucket.arnForObjects('keys/*')] }),
    );
  }

  environment(): Record<string, string> {
    return { ARCHIVE_BUCKET_NAME: this.bucket.bucketName };
  }

  grant(grantee: IGrantable, access: Accesses['archive']) {
    if (access === 'anchorAudit') this.grantAnchorAudit(grantee);
    else this.grantKeepDocuments(grantee);
  }
}
