import { z } from 'zod';
import { dynamo, s3 } from '../../shared/aws/clients';
import { env, loadConfig } from '../../shared/config';
import { MAX_EVIDENCE_BYTES, uploadRepository } from '../../shared/entities/upload';
import { httpHandler } from '../../shared/http/http-handler';
import { offerEvidenceUpload } from '../../shared/use-cases/evidence-uploads';

const config = loadConfig(z.object({ TABLE_NAME: env.name, BUCKET_NAME: env.name }));
const deps = { uploads: uploadRepository(dynamo(), config.TABLE_NAME), s3: s3(), bucketName: config.BUCKET_NAME };

const body = z.strictObject({
  fileName: z.string().min(1).max(200).regex(/^[^/\\\x00-\x1f]+$/, 'a file name without slashes or control characters'),
  contentType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/i, 'a media type such as application/pdf').max(100),
  size: z.number().int().min(1).max(MAX_EVIDENCE_BYTES, `at most ${MAX_EVIDENCE_BYTES} bytes`),
});

/** POST /evidence-uploads: a presigned URL to upload one evidence file for an issuance request. */
export const handler = httpHandler({ body, roles: ['issuer'] }, async ({ body, principal }) => ({
  status: 201,
  body: await offerEvidenceUpload(deps, body, principal!),
}));
