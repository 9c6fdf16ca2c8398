import { ADMIN_ROUTES } from '../../shared/api/routes';
import { repositories } from '../../shared/admin-deps';
import { env, loadConfig } from '../../shared/config';
import { issuerRepository } from '../../shared/entities/issuer';
import { dynamo } from '../../shared/aws/dynamo';
import { issuerEnv, loadIssuerSettings } from '../../shared/settings';
import { httpHandler } from '../../shared/http/http-handler';
import { createAchievement } from '../../shared/use-cases/achievements';

const config = loadConfig(issuerEnv.extend({ TABLE_NAME: env.name }));
const deps = { ...repositories(config.TABLE_NAME), issuers: issuerRepository(dynamo(), config.TABLE_NAME), defaultIssuer: loadIssuerSettings(config) };

export const handler = httpHandler(ADMIN_ROUTES.createAchievement, async ({ body, principal }) => {
  const achievement = await createAchievement(deps, body, principal!);
  return { status: 201, body: achievement, headers: { location: `/achievements/${achievement.id}` } };
});
