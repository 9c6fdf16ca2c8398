import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { achievementRepository } from '../../shared/entities/achievement';
import { httpHandler } from '../../shared/http/http-handler';
import { achievementEtag, getAchievement } from '../../shared/use-cases/achievements';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.GetAchievement);
const deps = { achievements: achievementRepository(dynamo(), config.TABLE_NAME) };

export const handler = httpHandler(ADMIN_ROUTES.getAchievement, async ({ params, query }) => {
  const achievement = await getAchievement(deps, params.id, query.version);
  return { status: 200, body: achievement, headers: { etag: achievementEtag(achievement) } };
});
