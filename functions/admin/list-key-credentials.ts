import { issuerKeyPath, pageQuery } from '../../shared/api/schemas';
import { httpHandler } from '../../shared/http/http-handler';
import { issuerDeps } from '../../shared/issuer-deps';
import { credentialsSignedBy } from '../../shared/use-cases/issuers';

const deps = issuerDeps();

/** The credentials a key signed: after a compromise, the list to reissue. */
export const handler = httpHandler({ path: issuerKeyPath, query: pageQuery, roles: ['designer', 'registrar', 'auditor'] }, async ({ path, query }) => ({
  status: 200,
  body: await credentialsSignedBy(deps, path.issuerId, path.keyId, query),
}));
