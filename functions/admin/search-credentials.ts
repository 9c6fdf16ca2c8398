import { learnerRecords, repositories } from '../../shared/admin-deps';
import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { httpHandler } from '../../shared/http/http-handler';
import { searchCredentials } from '../../shared/use-cases/credentials';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.SearchCredentials);
const deps = { ...repositories(config.TABLE_NAME), ...learnerRecords(config), publicBaseUrl: config.PUBLIC_BASE_URL };

export const handler = httpHandler(ADMIN_ROUTES.searchCredentials, async ({ body }) => ({ status: 200, body: await searchCredentials(deps, body) }));
