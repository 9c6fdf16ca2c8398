import * as z from '../../shared/zod';
import { cloudFrontEdgeCache } from '../../shared/adapters/cloudfront-edge-cache';
import { kmsLearnerKeyer } from '../../shared/adapters/kms-learner-keyer';
import { kms } from '../../shared/aws/kms';
import { httpHandler } from '../../shared/http/http-handler';
import { requireClaimToken, requireSameOrigin } from '../../shared/http/claim-session';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { backToClaimPage, claimDeps, learnerPages, refusalPage } from '../../shared/learner-deps';
import { openClaim, setVisibility } from '../../shared/use-cases/learner-claims';
import { loadSettings } from '../../shared/wiring/bindings';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';

const config = loadSettings(LEARNER_FUNCTIONS.SetCredentialVisibility);
// The learner index key: the directory tells a learner's credentials from a namesake's by a pseudonym derived from it.
const deps = { ...claimDeps(config), edge: cloudFrontEdgeCache(config.DISTRIBUTION_ID), learnerKeys: kmsLearnerKeyer(kms(), config.LEARNER_KEY_ARN) };
const pages = learnerPages(config);
const body = z.object({ visibility: z.enum(['public', 'private']), directory: z.optional(z.literal('yes')) });

/** POST /claim/credential/privacy (the claim page's form): who may see the credential, and the directory. */
export const handler = httpHandler({ origin: cloudFrontOrigin(LEARNER_FUNCTIONS.SetCredentialVisibility), body, form: true, maxBodyBytes: 1024 }, async ({ body, headers, event }) => {
  try {
    requireSameOrigin(headers, config.PUBLIC_BASE_URL);
    const claim = await openClaim(deps, requireClaimToken(event));
    await setVisibility(deps, claim, { private: body.visibility === 'private', directory: body.directory === 'yes' });
    return backToClaimPage(pages, 'privacy');
  } catch (e) {
    return refusalPage(pages, headers['accept-language'], e);
  }
});
