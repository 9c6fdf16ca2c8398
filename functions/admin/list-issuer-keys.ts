import { issuerPath } from '../../shared/api/schemas';
import { httpHandler } from '../../shared/http/http-handler';
import { issuerDeps } from '../../shared/issuer-deps';
import { listIssuerKeys } from '../../shared/use-cases/issuers';

const deps = issuerDeps();

export const handler = httpHandler({ path: issuerPath, roles: ['designer', 'auditor'] }, async ({ path }) => ({
  status: 200,
  body: { items: await listIssuerKeys(deps, path.issuerId) },
}));
