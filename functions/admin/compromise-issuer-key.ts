import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { httpHandler } from '../../shared/http/http-handler';
import { issuerDeps } from '../../shared/issuer-deps';
import { compromiseIssuerKey } from '../../shared/use-cases/issuers';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const deps = issuerDeps(ADMIN_FUNCTIONS.CompromiseIssuerKey);

// Admin only: it makes every credential the key signed fail verification.
export const handler = httpHandler(ADMIN_ROUTES.compromiseIssuerKey, async ({ params, body, principal }) => {
  const { kmsKeyArn: _arn, ...key } = await compromiseIssuerKey(deps, params.issuerId, params.keyId, body, principal!);
  return { status: 200, body: key };
});
