import { RemovalPolicy } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { Accesses } from '../../shared/wiring/bindings';
import type { Provider } from '../wiring';

/** Private, versioned, encrypted store of signed credential artifacts. Public reads go through the API. */
export class ArtifactStore extends Construct implements Provider<Accesses['bucket']> {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  grantWriteCredentials(grantee: IGrantable) {
    // Read too: a retried Store compares what is already there before refusing to overwrite.
    this.bucket.grantRead(grantee, 'credentials/*');
    return this.bucket.grantPut(grantee, 'credentials/*');
  }

  /** Presign uploads of evidence files (the URL carries this principal's permission). */
  grantEvidenceUpload(grantee: IGrantable) {
    return this.bucket.grantPut(grantee, 'evidence/*');
  }

  /** Read uploaded evidence files (to check and hash them). */
  grantReadEvidence(grantee: IGrantable) {
    return this.bucket.grantRead(grantee, 'evidence/*');
  }

  /** Badge images: staff upload them by presigned URL; the public API serves them. */
  grantImageUpload(grantee: IGrantable) {
    this.bucket.grantRead(grantee, 'images/*'); // to check an upload arrived
    return this.bucket.grantPut(grantee, 'images/*');
  }

  grantReadImages(grantee: IGrantable) {
    return this.bucket.grantRead(grantee, 'images/*');
  }

  /** Cohort files: the upload, the validated rows and problems, retries' rows and reports (`batches/*`). */
  grantBatchFiles(grantee: IGrantable) {
    this.bucket.grantRead(grantee, 'batches/*');
    return this.bucket.grantPut(grantee, 'batches/*');
  }

  /** Read the cohort files only (the Distributed Map's ItemReader, the report). */
  grantReadBatchFiles(grantee: IGrantable) {
    return this.bucket.grantRead(grantee, 'batches/*');
  }

  grantReadCredentials(grantee: IGrantable) {
    return this.bucket.grantRead(grantee, 'credentials/*');
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
    };
    grants[access](grantee);
  }
}
