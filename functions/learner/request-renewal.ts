import * as z from '../../shared/zod';
import { issuanceWorkflow, learnerRecords, repositories } from '../../shared/admin-deps';
import { httpHandler } from '../../shared/http/http-handler';
import { requireClaimToken, requireSameOrigin } from '../../shared/http/claim-session';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { backToClaimPage, claimDeps, learnerPages, refusalPage } from '../../shared/learner-deps';
import { LEARNER_ACTOR, openClaim } from '../../shared/use-cases/learner-claims';
import { requestRenewal } from '../../shared/use-cases/renewals';
import { loadSettings } from '../../shared/wiring/bindings';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';

const config = loadSettings(LEARNER_FUNCTIONS.RequestRenewal);
const claims = claimDeps(config);
const deps = { ...repositories(config.TABLE_NAME, config.AUDIT_WRITER_FUNCTION), ...learnerRecords(config), workflow: issuanceWorkflow(config.STATE_MACHINE_ARN), claimLinks: claims.claimLinks };
const pages = learnerPages(config);

/** What the form sends: the renewal policy's fields, each optional here (the policy's rules say what is needed, in words). */
const body = z.object({
  credits: z.optional(z.union([z.literal(''), z.coerce.number().check(z.gte(0), z.lte(1000))])),
  evidence: z.optional(z.union([z.literal(''), z.url({ protocol: /^https$/, error: 'must be an https:// address' }).check(z.maxLength(2000))])),
  narrative: z.optional(z.string().check(z.maxLength(2000))),
});

/** The learner as a requester: no staff roles, named by role in the trail (never by address). */
const LEARNER = { id: 'learner', name: LEARNER_ACTOR.name, roles: [], groups: [] };

/** POST /claim/credential/renewal (the claim page's form): the learner asks to renew, with what they did. */
export const handler = httpHandler({ origin: cloudFrontOrigin(LEARNER_FUNCTIONS.RequestRenewal), body, form: true, maxBodyBytes: 8 * 1024 }, async ({ body, headers, event }) => {
  try {
    requireSameOrigin(headers, config.PUBLIC_BASE_URL);
    const claim = await openClaim({ ...claims, ...deps }, requireClaimToken(event));
    const narrative = body.narrative?.trim();
    await requestRenewal(
      deps,
      claim.record.id,
      {
        ...(typeof body.credits === 'number' ? { creditsEarned: body.credits } : {}),
        evidence: [...(body.evidence ? [{ id: body.evidence, name: 'Evidence the learner gave for renewal' }] : []), ...(narrative ? [{ narrative, name: 'What the learner did', genre: 'Narrative' }] : [])],
        results: [],
        evidenceFiles: [],
      },
      LEARNER,
      { by: 'learner' },
    );
    return backToClaimPage(pages, 'renewal');
  } catch (e) {
    return refusalPage(pages, headers['accept-language'], e);
  }
});
