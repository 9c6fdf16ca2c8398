import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { s3ArtifactLinks } from '../../shared/adapters/s3-artifact-links';
import { achievementRepository } from '../../shared/entities/achievement';
import { httpHandler } from '../../shared/http/http-handler';
import { offerImageUpload } from '../../shared/use-cases/achievements';
import { systemClock } from '../../shared/clock';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.UploadAchievementImage);
const deps = { achievements: achievementRepository(dynamo(), config.TABLE_NAME), links: s3ArtifactLinks(config.BUCKET_NAME), publicBaseUrl: config.PUBLIC_BASE_URL, clock: systemClock };

export const handler = httpHandler(ADMIN_ROUTES.uploadAchievementImage, async ({ params, body }) => ({
  status: 201,
  body: await offerImageUpload(deps, params.id, body),
}));
