import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { httpHandler } from '../../shared/http/http-handler';
import { issuerDeps } from '../../shared/issuer-deps';
import { rotateIssuerKey } from '../../shared/use-cases/issuers';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const deps = issuerDeps(ADMIN_FUNCTIONS.RotateIssuerKey);

export const handler = httpHandler(ADMIN_ROUTES.rotateIssuerKey, async ({ params }) => {
  const { kmsKeyArn: _arn, ...key } = await rotateIssuerKey(deps, params.issuerId);
  return { status: 201, body: key };
});
