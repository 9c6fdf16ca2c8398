import { ADMIN_ROUTES } from '../../shared/api/routes';
import * as z from 'zod';
import { dynamo } from '../../shared/aws/dynamo';
import { s3 } from '../../shared/aws/s3';
import { s3ArtifactLinks } from '../../shared/adapters/s3-artifact-links';
import { env, loadConfig } from '../../shared/config';
import { uploadRepository } from '../../shared/entities/upload';
import { httpHandler } from '../../shared/http/http-handler';
import { offerEvidenceUpload } from '../../shared/use-cases/evidence-uploads';
import { systemClock } from '../../shared/clock';

const config = loadConfig(z.object({ TABLE_NAME: env.name, BUCKET_NAME: env.name }));
const deps = { uploads: uploadRepository(dynamo(), config.TABLE_NAME), links: s3ArtifactLinks(s3(), config.BUCKET_NAME), clock: systemClock };


/** POST /evidence-uploads: a presigned URL to upload one evidence file for an issuance request. */
export const handler = httpHandler(ADMIN_ROUTES.createEvidenceUpload, async ({ body, principal }) => ({
  status: 201,
  body: await offerEvidenceUpload(deps, body, principal!),
}));
