import * as z from 'zod';
import { repositories } from '../../shared/admin-deps';
import { ADMIN_ROUTES } from '../../shared/api/routes';
import { env, loadConfig } from '../../shared/config';
import { httpHandler } from '../../shared/http/http-handler';
import { listIssuances } from '../../shared/use-cases/issuances';

const config = loadConfig(z.object({ TABLE_NAME: env.name }));
const deps = repositories(config.TABLE_NAME);

export const handler = httpHandler(ADMIN_ROUTES.listIssuances, async ({ query, principal }) => ({
  status: 200,
  body: await listIssuances(deps, principal!, query),
}));
