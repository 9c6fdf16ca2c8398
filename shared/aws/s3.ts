import { S3Client } from '@aws-sdk/client-s3';
import { cached, once } from './traced';

/**
 * The SDK's S3 client, for the one thing the signed requests of s3-objects.ts do not do: the
 * multipart upload of a cohort's rows files (@aws-sdk/lib-storage, in the validation step).
 * Path-style addressing only where a stand-in needs it (s3rver); AWS accepts both.
 */
export const s3 = /* @__PURE__ */ once(() => new S3Client({ ...cached, forcePathStyle: process.env.AWS_S3_FORCE_PATH_STYLE === 'true' }));
