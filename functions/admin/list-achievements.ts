import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { achievementRepository } from '../../shared/entities/achievement';
import { httpHandler } from '../../shared/http/http-handler';
import { listAchievements } from '../../shared/use-cases/achievements';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.ListAchievements);
const deps = { achievements: achievementRepository(dynamo(), config.TABLE_NAME), defaultIssuer: { issuerId: config.ISSUER_ID } };

export const handler = httpHandler(ADMIN_ROUTES.listAchievements, async ({ query }) => ({ status: 200, body: await listAchievements(deps, query) }));
