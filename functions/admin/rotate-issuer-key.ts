import { issuerPath } from '../../shared/api/schemas';
import { httpHandler } from '../../shared/http/http-handler';
import { issuerDeps } from '../../shared/issuer-deps';
import { rotateIssuerKey } from '../../shared/use-cases/issuers';

const deps = issuerDeps();

export const handler = httpHandler({ path: issuerPath, roles: ['designer'] }, async ({ path }) => {
  const { kmsKeyArn: _arn, ...key } = await rotateIssuerKey(deps, path.issuerId);
  return { status: 201, body: key };
});
