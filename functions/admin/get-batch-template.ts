import * as z from 'zod';
import { ADMIN_ROUTES } from '../../shared/api/routes';
import { dynamo } from '../../shared/aws/dynamo';
import { env, loadConfig } from '../../shared/config';
import { achievementRepository } from '../../shared/entities/achievement';
import { httpHandler } from '../../shared/http/http-handler';
import { batchTemplate } from '../../shared/use-cases/batches';

const config = loadConfig(z.object({ TABLE_NAME: env.name }));
const deps = { achievements: achievementRepository(dynamo(), config.TABLE_NAME) };

export const handler = httpHandler(ADMIN_ROUTES.getBatchTemplate, async ({ params }) => {
  const { csv } = await batchTemplate(deps, params.id);
  return { status: 200, raw: true, body: csv, headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${params.id}-cohort-template.csv"` } };
});
