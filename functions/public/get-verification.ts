import { httpHandler } from '../../shared/http/http-handler';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { publicIdPath, verificationDeps } from '../../shared/public-deps';
import { verificationCache, verifyIssuedCredential } from '../../shared/use-cases/verification';
import * as PUBLIC_FUNCTIONS from '../../shared/wiring/public';

const deps = verificationDeps(PUBLIC_FUNCTIONS.GetVerification);
const cache = verificationCache(deps);

/**
 * GET /credentials/{id}/verification: the verification result as JSON — each named check, the
 * overall status (valid, revoked, suspended, expired, invalid) and when it was checked. Cached
 * for one minute, so a revocation shows at any cache within a minute (plus the status list's own
 * five minutes for verifiers that fetch it themselves).
 */
export const handler = httpHandler({ origin: cloudFrontOrigin(PUBLIC_FUNCTIONS.GetVerification), params: publicIdPath }, async ({ params }) => ({
  status: 200,
  body: (await verifyIssuedCredential(deps, params.id, cache)).verification,
  headers: { 'cache-control': 'public, max-age=60', 'access-control-allow-origin': '*' },
}));
