import * as z from '../../shared/zod';
import { httpHandler } from '../../shared/http/http-handler';
import { requireClaimToken } from '../../shared/http/claim-session';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { claimReads, renewalReads, learnerPages, refusalPage } from '../../shared/learner-deps';
import { claimPageInput } from '../../shared/use-cases/claim-page-view';
import { learnerPathways } from '../../shared/use-cases/pathways';
import { learnerRepository } from '../../shared/entities/learner';
import { pathwayRepository } from '../../shared/entities/pathway';
import { kmsLearnerKeyer } from '../../shared/adapters/kms-learner-keyer';
import { dynamo } from '../../shared/aws/dynamo';
import { kms } from '../../shared/aws/kms';
import { renderClaimPage } from '../../shared/page/claim-page';
import { loadSettings } from '../../shared/wiring/bindings';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';

const config = loadSettings(LEARNER_FUNCTIONS.GetClaimPage);
const keys = kmsLearnerKeyer(kms(), config.LEARNER_KEY_ARN);
const deps = {
  ...claimReads(config),
  ...renewalReads(config),
  // The learner's pathways: their credentials by the learner index (keyed), the pathways counting them.
  learners: learnerRepository(dynamo(), config.TABLE_NAME, keys),
  learnerKeys: keys,
  pathways: pathwayRepository(dynamo(), config.TABLE_NAME),
};
const pages = learnerPages(config);
const query = z.object({ done: z.optional(z.enum(['privacy', 'contact', 'declined', 'name', 'reminders', 'renewal'])) });

/** GET /claim/credential: the claim page, for the session's credential; never cached. */
export const handler = httpHandler({ origin: cloudFrontOrigin(LEARNER_FUNCTIONS.GetClaimPage), query }, async ({ query, headers, event }) => {
  const texts = pages.textsFor(headers['accept-language']);
  try {
    const input = await claimPageInput(deps, pages, texts, requireClaimToken(event), undefined, (email) => learnerPathways(deps, { email }));
    const notice = query.done ? { kind: 'done' as const, text: texts.done[query.done] } : undefined;
    const page = renderClaimPage({ ...input, notice });
    return { status: 200, raw: true, body: page.html, headers: page.headers };
  } catch (e) {
    return refusalPage(pages, headers['accept-language'], e);
  }
});
