import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { httpHandler } from '../../shared/http/http-handler';
import { issuerDeps } from '../../shared/issuer-deps';
import { createIssuer } from '../../shared/use-cases/issuers';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const deps = issuerDeps(ADMIN_FUNCTIONS.CreateIssuer);

export const handler = httpHandler(ADMIN_ROUTES.createIssuer, async ({ body, principal }) => {
  const { issuer, key } = await createIssuer(deps, body, principal!);
  const { kmsKeyArn: _arn, ...publicKey } = key;
  return { status: 201, body: { ...issuer, keys: [publicKey] }, headers: { location: `/issuers/${issuer.issuerId}` } };
});
