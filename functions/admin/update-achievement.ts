import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { badgeStore } from '../../shared/admin-deps';
import { dynamo } from '../../shared/aws/dynamo';
import { s3Objects } from '../../shared/aws/s3-objects';
import { s3Artifacts } from '../../shared/adapters/s3-artifacts';
import { achievementRepository } from '../../shared/entities/achievement';
import { httpHandler } from '../../shared/http/http-handler';
import { achievementEtag, imageChecker, updateAchievement } from '../../shared/use-cases/achievements';
import { systemClock } from '../../shared/clock';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.UpdateAchievement);
const deps = {
  achievements: achievementRepository(dynamo(), config.TABLE_NAME),
  imageExists: imageChecker({ artifacts: s3Artifacts(s3Objects(config.BUCKET_NAME)), publicBaseUrl: config.PUBLIC_BASE_URL }),
  badges: badgeStore(config),
  clock: systemClock,
};

export const handler = httpHandler(ADMIN_ROUTES.updateAchievement, async ({ params, body, principal, headers }) => {
  const achievement = await updateAchievement(deps, params.id, body, principal!, headers['if-match']);
  return { status: 200, body: achievement, headers: { etag: achievementEtag(achievement) } };
});
