import { S3Client } from '@aws-sdk/client-s3';
import { cached, once } from './traced';

// Path-style addressing only where a stand-in needs it (s3rver); AWS accepts both.
export const s3 = /* @__PURE__ */ once(() => new S3Client({ ...cached, forcePathStyle: process.env.AWS_S3_FORCE_PATH_STYLE === 'true' }));
