import * as z from '../../shared/zod';
import { TOKEN_PATTERN } from '../../shared/entities/claim-link';
import { httpHandler } from '../../shared/http/http-handler';
import { requireSameOrigin } from '../../shared/http/claim-session';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { claimDeps } from '../../shared/learner-deps';
import { sendNewClaimLink } from '../../shared/use-cases/learner-claims';
import { loadSettings } from '../../shared/wiring/bindings';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';

const config = loadSettings(LEARNER_FUNCTIONS.SendClaimLink);
const deps = claimDeps(config);
const body = z.object({ token: z.string().check(z.regex(TOKEN_PATTERN, 'must be the token from the link (43 characters)')) });

/**
 * POST /claim/new-link: a fresh claim link, to the address on file (never one the caller names),
 * for the holder of an old link, expired or not; 429 within ten minutes of the last.
 */
export const handler = httpHandler({ origin: cloudFrontOrigin(LEARNER_FUNCTIONS.SendClaimLink), body }, async ({ body, headers }) => {
  requireSameOrigin(headers, config.PUBLIC_BASE_URL);
  return { status: 202, body: await sendNewClaimLink(deps, body.token), headers: { 'cache-control': 'no-store' } };
});
