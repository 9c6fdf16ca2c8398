import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { s3ArtifactLinks } from '../../shared/adapters/s3-artifact-links';
import { uploadRepository } from '../../shared/entities/upload';
import { httpHandler } from '../../shared/http/http-handler';
import { offerEvidenceUpload } from '../../shared/use-cases/evidence-uploads';
import { systemClock } from '../../shared/clock';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.CreateEvidenceUpload);
const deps = { uploads: uploadRepository(dynamo(), config.TABLE_NAME), links: s3ArtifactLinks(config.BUCKET_NAME), clock: systemClock };


/** POST /evidence-uploads: a presigned URL to upload one evidence file for an issuance request. */
export const handler = httpHandler(ADMIN_ROUTES.createEvidenceUpload, async ({ body, principal }) => ({
  status: 201,
  body: await offerEvidenceUpload(deps, body, principal!),
}));
