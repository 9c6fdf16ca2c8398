import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { httpHandler } from '../../shared/http/http-handler';
import { issuerDeps } from '../../shared/issuer-deps';
import { listIssuerKeys } from '../../shared/use-cases/issuers';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const deps = issuerDeps(ADMIN_FUNCTIONS.ListIssuerKeys);

export const handler = httpHandler(ADMIN_ROUTES.listIssuerKeys, async ({ params }) => ({
  status: 200,
  body: { items: await listIssuerKeys(deps, params.issuerId) },
}));
