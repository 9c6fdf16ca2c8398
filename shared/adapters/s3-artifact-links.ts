import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ArtifactLinks } from '../ports';

/** The ArtifactLinks port: presigned URLs to one S3 bucket. */
export function s3ArtifactLinks(s3: S3Client, bucket: string): ArtifactLinks {
  return {
    // Type and length are signed: the holder cannot put anything else, or anything larger.
    uploadUrl: (key, file, expiresIn) =>
      getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: file.contentType, ContentLength: file.size }), {
        expiresIn,
        signableHeaders: new Set(['content-type', 'content-length']),
      }),
    downloadUrl: (key, expiresIn) => getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn }),
  };
}
