import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { badgeStore, repositories } from '../../shared/admin-deps';
import { issuerRepository } from '../../shared/entities/issuer';
import { dynamo } from '../../shared/aws/dynamo';
import { loadIssuerSettings } from '../../shared/wiring/variables';
import { httpHandler } from '../../shared/http/http-handler';
import { createAchievement } from '../../shared/use-cases/achievements';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.CreateAchievement);
const deps = { ...repositories(config.TABLE_NAME), issuers: issuerRepository(dynamo(), config.TABLE_NAME), defaultIssuer: loadIssuerSettings(config), badges: badgeStore(config) };

export const handler = httpHandler(ADMIN_ROUTES.createAchievement, async ({ body, principal }) => {
  const achievement = await createAchievement(deps, body, principal!);
  return { status: 201, body: achievement, headers: { location: `/achievements/${achievement.id}` } };
});
