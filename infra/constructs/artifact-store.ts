import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership, type CfnBucket, type LifecycleRule } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Accesses } from '../../shared/wiring/bindings';
import { ARTIFACT_BUCKET_METADATA } from '../template-metadata';
import type { Provider } from '../wiring';

/**
 * Private, versioned, encrypted store of signed credential artifacts. Public reads go through the
 * API. Every request to it is logged (S3 server access logs) to a bucket of its own, whose logs
 * expire after the deployment's access-log retention: they hold requesters' IP addresses.
 */
export class ArtifactStore extends Construct implements Provider<Accesses['bucket']> {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(
    scope: Construct,
    id: string,
    props: { accessLogRetentionDays: number; encryptionKey: IKey; batchFileRetentionDays: number; evidenceRetentionDays?: number | undefined; browserUploadOrigins?: string[] },
  ) {
    super(scope, id);
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(props.accessLogRetentionDays) }],
    });
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      // Evidence, cohort files and reports hold personal data: the customer-managed key, with S3
      // Bucket Keys so that S3 asks KMS once per bucket key rather than once per object.
      encryption: BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'artifacts/',
      lifecycleRules: retentionRules(props),
      // Presigned PUTs from the staff console: the URL is the permission; CORS lets the page see the answer.
      ...(props.browserUploadOrigins?.length
        ? { cors: [{ allowedMethods: [HttpMethods.PUT], allowedOrigins: props.browserUploadOrigins, allowedHeaders: ['content-type', 'content-length', 'x-amz-*'], maxAge: 3600 }] }
        : {}),
    });
    (this.bucket.node.defaultChild as CfnBucket).addMetadata(ARTIFACT_BUCKET_METADATA, true);
  }

  /**
   * Read objects under one prefix: GetObject (and HEAD) there, and ListBucket for that prefix
   * alone, without which S3 answers 403 rather than 404 for a missing key, and write-once
   * storage reads 404 as "absent". No bucket-wide List* or GetBucket* (CDK's grantRead gives both).
   */
  private grantReadPrefix(grantee: IGrantable, prefix: string) {
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects(`${prefix}/*`)] }));
    this.bucket.encryptionKey?.grantDecrypt(grantee);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn], conditions: { StringLike: { 's3:prefix': [`${prefix}/*`] } } }),
    );
  }

  /** Write objects under one prefix: PutObject alone (CDK's grantPut adds tagging, legal holds and retention). */
  private grantPutPrefix(grantee: IGrantable, prefix: string, options: { multipart?: boolean } = {}) {
    const actions = ['s3:PutObject', ...(options.multipart ? ['s3:AbortMultipartUpload'] : [])];
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [this.bucket.arnForObjects(`${prefix}/*`)] }));
    // A PUT under SSE-KMS makes a data key; a multipart upload also decrypts it for each part.
    this.bucket.encryptionKey?.grant(grantee, 'kms:GenerateDataKey', ...(options.multipart ? ['kms:Decrypt'] : []));
  }

  grantWriteCredentials(grantee: IGrantable) {
    // Read too: a retried Store compares what is already there before refusing to overwrite.
    this.grantReadPrefix(grantee, 'credentials');
    this.grantPutPrefix(grantee, 'credentials');
  }

  /** Presign uploads of evidence files (the URL carries this principal's permission). */
  grantEvidenceUpload(grantee: IGrantable) {
    this.grantPutPrefix(grantee, 'evidence');
  }

  /** Read uploaded evidence files (to check and hash them). */
  grantReadEvidence(grantee: IGrantable) {
    this.grantReadPrefix(grantee, 'evidence');
  }

  /** Badge images: staff upload them by presigned URL; the public API serves them. */
  grantImageUpload(grantee: IGrantable) {
    this.grantReadPrefix(grantee, 'images'); // to check an upload arrived
    this.grantPutPrefix(grantee, 'images');
  }

  grantReadImages(grantee: IGrantable) {
    this.grantReadPrefix(grantee, 'images');
  }

  /** Cohort files: the upload, the validated rows and problems (multipart), retries' rows and reports (`batches/*`). */
  grantBatchFiles(grantee: IGrantable) {
    this.grantReadPrefix(grantee, 'batches');
    this.grantPutPrefix(grantee, 'batches', { multipart: true });
  }

  /** Read the cohort files only (the Distributed Map's ItemReader, the report). */
  grantReadBatchFiles(grantee: IGrantable) {
    this.grantReadPrefix(grantee, 'batches');
  }

  /**
   * A learner's erasure: every version of their evidence files and of the cohort files that name
   * them, listed (ListBucketVersions, for those prefixes alone), read, written again without them,
   * and destroyed for good (DeleteObjectVersion). Signed credentials and images are out of reach.
   */
  grantErasePersonalData(grantee: IGrantable) {
    const prefixes = ['evidence', 'batches'];
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:ListBucketVersions'], resources: [this.bucket.bucketArn], conditions: { StringLike: { 's3:prefix': prefixes.map((p) => `${p}/*`) } } }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:DeleteObjectVersion'], resources: prefixes.map((p) => this.bucket.arnForObjects(`${p}/*`)) }));
    this.grantReadPrefix(grantee, 'batches');
    this.grantPutPrefix(grantee, 'batches');
  }

  grantReadCredentials(grantee: IGrantable) {
    this.grantReadPrefix(grantee, 'credentials');
  }

  environment(): Record<string, string> {
    return { BUCKET_NAME: this.bucket.bucketName };
  }

  grant(grantee: IGrantable, access: Accesses['bucket']) {
    const grants: Record<Accesses['bucket'], (g: IGrantable) => unknown> = {
      writeCredentials: (g) => this.grantWriteCredentials(g),
      readCredentials: (g) => this.grantReadCredentials(g),
      evidenceUpload: (g) => this.grantEvidenceUpload(g),
      readEvidence: (g) => this.grantReadEvidence(g),
      imageUpload: (g) => this.grantImageUpload(g),
      readImages: (g) => this.grantReadImages(g),
      batchFiles: (g) => this.grantBatchFiles(g),
      readBatchFiles: (g) => this.grantReadBatchFiles(g),
      erasePersonalData: (g) => this.grantErasePersonalData(g),
    };
    grants[access](grantee);
  }
}

/**
 * Retention of the prefixes that hold personal data beyond what verification needs, from the
 * deployment's settings. The bucket is versioned, so an expiry leaves a delete marker and the
 * data in a noncurrent version: those go a day later. Signed credentials and images are kept
 * (credentials/ and images/ have no rule): verification needs them for as long as they live.
 */
function retentionRules(props: { batchFileRetentionDays: number; evidenceRetentionDays?: number | undefined }): LifecycleRule[] {
  const expire = (id: string, prefix: string, days: number): LifecycleRule => ({
    id,
    prefix,
    expiration: Duration.days(days),
    noncurrentVersionExpiration: Duration.days(1),
  });
  return [
    expire('CohortFiles', 'batches/', props.batchFileRetentionDays),
    ...(props.evidenceRetentionDays ? [expire('Evidence', 'evidence/', props.evidenceRetentionDays)] : []),
    // Uploads abandoned halfway (a cohort's multipart files) hold parts nobody can see.
    { id: 'AbandonedUploads', abortIncompleteMultipartUploadAfter: Duration.days(2) },
    // Delete markers left alone once every version under them is gone.
    { id: 'DeleteMarkers', expiredObjectDeleteMarker: true },
  ];
}
