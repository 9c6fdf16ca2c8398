import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { achievementRepository } from '../../shared/entities/achievement';
import { httpHandler } from '../../shared/http/http-handler';
import { achievementVersions } from '../../shared/use-cases/achievement-versions';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.ListAchievementVersions);
const deps = { achievements: achievementRepository(dynamo(), config.TABLE_NAME) };

/** GET /achievements/{id}/versions — the history, each version with what it changed. */
export const handler = httpHandler(ADMIN_ROUTES.listAchievementVersions, async ({ params, query }) => ({ status: 200, body: await achievementVersions(deps, params.id, query) }));
