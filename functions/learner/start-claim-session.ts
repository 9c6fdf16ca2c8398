import * as z from '../../shared/zod';
import { TOKEN_PATTERN } from '../../shared/entities/claim-link';
import { httpHandler } from '../../shared/http/http-handler';
import { claimCookie, requireSameOrigin } from '../../shared/http/claim-session';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { claimReads, learnerPages } from '../../shared/learner-deps';
import { openClaim } from '../../shared/use-cases/learner-claims';
import { loadSettings } from '../../shared/wiring/bindings';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';

const config = loadSettings(LEARNER_FUNCTIONS.StartClaimSession);
const deps = claimReads(config);
const pages = learnerPages(config);
const body = z.object({ token: z.string().check(z.regex(TOKEN_PATTERN, 'must be the token from the link (43 characters)')) });

/**
 * POST /claim/session: the token from the link's fragment, checked (404 unknown, 410 expired),
 * becomes the claim page's session cookie. The token arrives in a body, never a URL, so no log
 * or referrer carries it.
 */
export const handler = httpHandler({ origin: cloudFrontOrigin(LEARNER_FUNCTIONS.StartClaimSession), body }, async ({ body, headers }) => {
  requireSameOrigin(headers, config.PUBLIC_BASE_URL);
  await openClaim(deps, body.token);
  return { status: 204, headers: { 'cache-control': 'no-store' }, cookies: [claimCookie(body.token, pages.urls.path)] };
});
