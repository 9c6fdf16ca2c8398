import * as z from '../../shared/zod';
import { credentialStatusDeps } from '../../shared/credential-status-deps';
import { httpHandler } from '../../shared/http/http-handler';
import { requireClaimToken, requireSameOrigin } from '../../shared/http/claim-session';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { backToClaimPage, claimDeps, learnerPages, refusalPage } from '../../shared/learner-deps';
import { declineCredential, openClaim } from '../../shared/use-cases/learner-claims';
import { loadSettings } from '../../shared/wiring/bindings';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';

const config = loadSettings(LEARNER_FUNCTIONS.DeclineCredential);
const deps = claimDeps(config);
const statusDeps = credentialStatusDeps(config);
const pages = learnerPages(config);
const body = z.object({ reason: z.optional(z.string().check(z.maxLength(500))), confirm: z.literal('yes', 'tick the box to confirm that declining cannot be undone') });

/** POST /claim/credential/decline (the claim page's form): the learner declines; the credential is revoked. */
export const handler = httpHandler({ origin: cloudFrontOrigin(LEARNER_FUNCTIONS.DeclineCredential), body, form: true, maxBodyBytes: 4096 }, async ({ body, headers, event }) => {
  try {
    requireSameOrigin(headers, config.PUBLIC_BASE_URL);
    await declineCredential(statusDeps, await openClaim(deps, requireClaimToken(event)), body.reason);
    return backToClaimPage(pages, 'declined');
  } catch (e) {
    return refusalPage(pages, headers['accept-language'], e);
  }
});
