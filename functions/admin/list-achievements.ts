import * as z from 'zod';
import { ADMIN_ROUTES } from '../../shared/api/routes';
import { dynamo } from '../../shared/aws/dynamo';
import { env, loadConfig } from '../../shared/config';
import { achievementRepository } from '../../shared/entities/achievement';
import { httpHandler } from '../../shared/http/http-handler';
import { listAchievements } from '../../shared/use-cases/achievements';

const config = loadConfig(z.object({ TABLE_NAME: env.name, ISSUER_ID: env.name }));
const deps = { achievements: achievementRepository(dynamo(), config.TABLE_NAME), defaultIssuer: { issuerId: config.ISSUER_ID } };

export const handler = httpHandler(ADMIN_ROUTES.listAchievements, async ({ query }) => ({ status: 200, body: await listAchievements(deps, query) }));
