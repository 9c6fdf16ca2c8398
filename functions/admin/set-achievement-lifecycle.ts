import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { achievementRepository } from '../../shared/entities/achievement';
import { httpHandler } from '../../shared/http/http-handler';
import { setAchievementLifecycle } from '../../shared/use-cases/achievements';
import { systemClock } from '../../shared/clock';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.SetAchievementLifecycle);
const deps = { achievements: achievementRepository(dynamo(), config.TABLE_NAME), clock: systemClock };

/** POST /achievements/{id}/archive | /restore: the action is the last path segment. */
export const handler = httpHandler(ADMIN_ROUTES.archiveAchievement, async ({ params, body, principal, event }) => {
  const to = event.rawPath.endsWith('/restore') ? 'active' : 'archived';
  return { status: 200, body: await setAchievementLifecycle(deps, params.id, to, principal!, body.reason) };
});
