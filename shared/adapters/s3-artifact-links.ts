import { presignedUrl } from '../aws/presign';
import type { ArtifactLinks } from '../ports';

/**
 * The ArtifactLinks port: presigned URLs to one S3 bucket, signed without the S3 client
 * (shared/aws/presign.ts; byte for byte what the SDK's presigner signs, less the empty-body
 * checksum it would put in an upload URL).
 */
export function s3ArtifactLinks(bucket: string): ArtifactLinks {
  return {
    // Type and length are signed: the holder cannot put anything else, or anything larger.
    uploadUrl: (key, file, expiresIn) =>
      presignedUrl({ method: 'PUT', bucket, key, expiresIn, headers: { 'content-type': file.contentType, 'content-length': String(file.size) } }),
    downloadUrl: (key, expiresIn) => presignedUrl({ method: 'GET', bucket, key, expiresIn }),
  };
}
