import * as z from '../../shared/zod';
import { httpHandler } from '../../shared/http/http-handler';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { publicDeps } from '../../shared/public-deps';
import { getIssuerProfile } from '../../shared/use-cases/public-documents';
import * as PUBLIC_FUNCTIONS from '../../shared/wiring/public';

const deps = publicDeps(PUBLIC_FUNCTIONS.GetIssuer);
const path = z.strictObject({ issuerId: z.string().check(z.regex(/^[a-z0-9-]{1,64}$/, 'not a valid issuer id')) });

export const handler = httpHandler({ origin: cloudFrontOrigin(PUBLIC_FUNCTIONS.GetIssuer), params: path }, async ({ params }) => ({
  status: 200,
  body: await getIssuerProfile(deps, params.issuerId),
  // Short: a newly rotated or compromised key must show up within minutes.
  headers: { 'content-type': 'application/ld+json', 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' },
}));
