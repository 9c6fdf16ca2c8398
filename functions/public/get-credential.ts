import { httpHandler } from '../../shared/http/http-handler';
import { publicDeps, publicIdPath } from '../../shared/public-deps';
import { getCredentialDocument } from '../../shared/use-cases/public-documents';

const deps = publicDeps();

export const handler = httpHandler({ path: publicIdPath }, async ({ path }) => ({
  status: 200,
  raw: true,
  body: await getCredentialDocument(deps, path.id),
  // The signed document never changes; its status is checked separately.
  headers: { 'content-type': 'application/ld+json', 'cache-control': 'public, max-age=3600', 'access-control-allow-origin': '*' },
}));
