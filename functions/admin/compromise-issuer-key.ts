import { compromiseBody, issuerKeyPath } from '../../shared/api/schemas';
import { httpHandler } from '../../shared/http/http-handler';
import { issuerDeps } from '../../shared/issuer-deps';
import { compromiseIssuerKey } from '../../shared/use-cases/issuers';

const deps = issuerDeps();

// Admin only: it makes every credential the key signed fail verification.
export const handler = httpHandler({ path: issuerKeyPath, body: compromiseBody, roles: ['admin'] }, async ({ path, body, principal }) => {
  const { kmsKeyArn: _arn, ...key } = await compromiseIssuerKey(deps, path.issuerId, path.keyId, body, principal!);
  return { status: 200, body: key };
});
