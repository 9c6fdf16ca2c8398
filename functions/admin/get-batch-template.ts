import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { achievementRepository } from '../../shared/entities/achievement';
import { httpHandler } from '../../shared/http/http-handler';
import { batchTemplate } from '../../shared/use-cases/batches';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.GetBatchTemplate);
const deps = { achievements: achievementRepository(dynamo(), config.TABLE_NAME) };

export const handler = httpHandler(ADMIN_ROUTES.getBatchTemplate, async ({ params }) => {
  const { csv } = await batchTemplate(deps, params.id);
  return { status: 200, raw: true, body: csv, headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${params.id}-cohort-template.csv"` } };
});
