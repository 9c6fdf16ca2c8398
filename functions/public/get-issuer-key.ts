import * as z from '../../shared/zod';
import { httpHandler } from '../../shared/http/http-handler';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { publicDeps } from '../../shared/public-deps';
import { getIssuerKey } from '../../shared/use-cases/public-documents';
import * as PUBLIC_FUNCTIONS from '../../shared/wiring/public';

const deps = publicDeps(PUBLIC_FUNCTIONS.GetIssuerKey);
const path = z.strictObject({
  issuerId: z.string().check(z.regex(/^[a-z0-9-]{1,64}$/, 'not a valid issuer id')),
  keyId: z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid key id')),
});

export const handler = httpHandler({ origin: cloudFrontOrigin(PUBLIC_FUNCTIONS.GetIssuerKey), params: path }, async ({ params }) => {
  const { document, contentType } = await getIssuerKey(deps, params.issuerId, params.keyId);
  return {
    status: 200,
    body: document,
    headers: { 'content-type': contentType, 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' },
  };
});
