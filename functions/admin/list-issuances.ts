import { repositories } from '../../shared/admin-deps';
import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { httpHandler } from '../../shared/http/http-handler';
import { listIssuances } from '../../shared/use-cases/issuances';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.ListIssuances);
const deps = repositories(config.TABLE_NAME);

export const handler = httpHandler(ADMIN_ROUTES.listIssuances, async ({ query, principal }) => ({
  status: 200,
  body: await listIssuances(deps, principal!, query),
}));
