import * as z from 'zod';
import { repositories } from '../../shared/admin-deps';
import { ADMIN_ROUTES } from '../../shared/api/routes';
import { env, loadConfig } from '../../shared/config';
import { httpHandler } from '../../shared/http/http-handler';
import { changeDeliveryAddress } from '../../shared/use-cases/credentials';

const config = loadConfig(z.object({ TABLE_NAME: env.name }));
const deps = repositories(config.TABLE_NAME);

export const handler = httpHandler(ADMIN_ROUTES.changeDeliveryAddress, async ({ params, body, principal }) => ({
  status: 200,
  body: await changeDeliveryAddress(deps, params.id, body.email, principal!),
}));
