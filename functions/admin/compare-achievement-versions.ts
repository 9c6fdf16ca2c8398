import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { achievementRepository } from '../../shared/entities/achievement';
import { httpHandler } from '../../shared/http/http-handler';
import { compareAchievementVersions } from '../../shared/use-cases/achievement-versions';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.CompareAchievementVersions);
const deps = { achievements: achievementRepository(dynamo(), config.TABLE_NAME) };

/** GET /achievements/{id}/changes?from=&to= — what differs between two versions. */
export const handler = httpHandler(ADMIN_ROUTES.compareAchievementVersions, async ({ params, query }) => ({
  status: 200,
  // Versions never change once written: a comparison can be cached by the browser.
  body: await compareAchievementVersions(deps, params.id, query.from, query.to),
  headers: { 'cache-control': 'private, max-age=3600' },
}));
