import { z } from 'zod';
import { repositories } from '../../shared/admin-deps';
import { createAchievementBody } from '../../shared/api/schemas';
import { env, loadConfig } from '../../shared/config';
import { httpHandler } from '../../shared/http/http-handler';
import { createAchievement } from '../../shared/use-cases/achievements';

const config = loadConfig(z.object({ TABLE_NAME: env.name, ISSUER_ID: env.name }));
const deps = { ...repositories(config.TABLE_NAME), issuerId: config.ISSUER_ID };

export const handler = httpHandler({ body: createAchievementBody, roles: ['designer'] }, async ({ body, principal }) => {
  const achievement = await createAchievement(deps, body, principal!);
  return { status: 201, body: achievement, headers: { location: `/achievements/${achievement.id}` } };
});
