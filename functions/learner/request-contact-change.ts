import * as z from '../../shared/zod';
import { httpHandler } from '../../shared/http/http-handler';
import { requireClaimToken, requireSameOrigin } from '../../shared/http/claim-session';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { backToClaimPage, claimDeps, learnerPages, refusalPage } from '../../shared/learner-deps';
import { openClaim, requestContactChange } from '../../shared/use-cases/learner-claims';
import { loadSettings } from '../../shared/wiring/bindings';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';

const config = loadSettings(LEARNER_FUNCTIONS.RequestContactChange);
const deps = claimDeps(config);
const pages = learnerPages(config);
const body = z.object({ email: z.email('must be an email address').check(z.maxLength(254)) });

/** POST /claim/credential/contact (the claim page's form): a confirmation link to the new address. */
export const handler = httpHandler({ origin: cloudFrontOrigin(LEARNER_FUNCTIONS.RequestContactChange), body, form: true, maxBodyBytes: 1024 }, async ({ body, headers, event }) => {
  try {
    requireSameOrigin(headers, config.PUBLIC_BASE_URL);
    await requestContactChange(deps, await openClaim(deps, requireClaimToken(event)), body.email);
    return backToClaimPage(pages, 'contact');
  } catch (e) {
    return refusalPage(pages, headers['accept-language'], e);
  }
});
