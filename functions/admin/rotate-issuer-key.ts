import { ADMIN_ROUTES } from '../../shared/api/routes';
import { httpHandler } from '../../shared/http/http-handler';
import { issuerDeps } from '../../shared/issuer-deps';
import { rotateIssuerKey } from '../../shared/use-cases/issuers';

const deps = issuerDeps();

export const handler = httpHandler(ADMIN_ROUTES.rotateIssuerKey, async ({ params }) => {
  const { kmsKeyArn: _arn, ...key } = await rotateIssuerKey(deps, params.issuerId);
  return { status: 201, body: key };
});
