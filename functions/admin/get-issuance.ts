import { ADMIN_ROUTES } from '../../shared/api/routes';
import * as z from 'zod';
import { repositories } from '../../shared/admin-deps';
import { issuanceView } from '../../shared/api/views';
import { env, loadConfig } from '../../shared/config';
import { httpHandler } from '../../shared/http/http-handler';
import { getIssuance } from '../../shared/use-cases/issuances';

const config = loadConfig(z.object({ TABLE_NAME: env.name }));
const deps = repositories(config.TABLE_NAME);

export const handler = httpHandler(ADMIN_ROUTES.getIssuance, async ({ params, principal }) => ({
  status: 200,
  body: issuanceView(await getIssuance(deps, params.id), principal!),
}));
