import * as z from '../../shared/zod';
import { TOKEN_PATTERN } from '../../shared/entities/claim-link';
import { httpHandler } from '../../shared/http/http-handler';
import { requireSameOrigin } from '../../shared/http/claim-session';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { claimDeps } from '../../shared/learner-deps';
import { confirmContactChange } from '../../shared/use-cases/learner-claims';
import { loadSettings } from '../../shared/wiring/bindings';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';

const config = loadSettings(LEARNER_FUNCTIONS.ConfirmContactChange);
const deps = claimDeps(config);
const body = z.object({ token: z.string().check(z.regex(TOKEN_PATTERN, 'must be the token from the link (43 characters)')) });

/** POST /claim/contact/confirm (the confirmation page's button): the new address takes effect, once. */
export const handler = httpHandler({ origin: cloudFrontOrigin(LEARNER_FUNCTIONS.ConfirmContactChange), body }, async ({ body, headers }) => {
  requireSameOrigin(headers, config.PUBLIC_BASE_URL);
  return { status: 200, body: await confirmContactChange(deps, body.token), headers: { 'cache-control': 'no-store' } };
});
