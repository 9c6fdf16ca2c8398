import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { httpHandler } from '../../shared/http/http-handler';
import { issuerDeps } from '../../shared/issuer-deps';
import { credentialsSignedBy } from '../../shared/use-cases/issuers';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const deps = issuerDeps(ADMIN_FUNCTIONS.ListKeyCredentials);

/** The credentials a key signed: after a compromise, the list to reissue. */
export const handler = httpHandler(ADMIN_ROUTES.listKeyCredentials, async ({ params, query }) => ({
  status: 200,
  body: await credentialsSignedBy(deps, params.issuerId, params.keyId, query),
}));
