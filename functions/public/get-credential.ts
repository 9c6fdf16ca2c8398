import { httpHandler } from '../../shared/http/http-handler';
import { publicDeps, publicIdPath } from '../../shared/public-deps';
import { getCredentialDocument, negotiateFormat } from '../../shared/use-cases/public-documents';

const deps = publicDeps();

export const handler = httpHandler({ params: publicIdPath }, async ({ params, headers }) => {
  const format = negotiateFormat(headers.accept);
  return {
    status: 200,
    raw: true,
    body: await getCredentialDocument(deps, params.id, format),
    // The signed document never changes; its status is checked separately. Caches key on Accept.
    headers: {
      'content-type': format === 'vc+jwt' ? 'application/vc+jwt' : 'application/ld+json',
      'cache-control': 'public, max-age=3600',
      vary: 'Accept',
      'access-control-allow-origin': '*',
    },
  };
});
