import * as z from 'zod';
import { repositories } from '../../shared/admin-deps';
import { ADMIN_ROUTES } from '../../shared/api/routes';
import { env, loadConfig } from '../../shared/config';
import { httpHandler } from '../../shared/http/http-handler';
import { searchCredentials } from '../../shared/use-cases/credentials';

const config = loadConfig(z.object({ TABLE_NAME: env.name, PUBLIC_BASE_URL: env.baseUrl }));
const deps = { ...repositories(config.TABLE_NAME), publicBaseUrl: config.PUBLIC_BASE_URL };

export const handler = httpHandler(ADMIN_ROUTES.searchCredentials, async ({ body }) => ({ status: 200, body: await searchCredentials(deps, body) }));
