import * as z from '../../shared/zod';
import { dynamo } from '../../shared/aws/dynamo';
import { reminderRepository } from '../../shared/entities/reminder';
import { ConflictError } from '../../shared/errors';
import { httpHandler } from '../../shared/http/http-handler';
import { requireClaimToken, requireSameOrigin } from '../../shared/http/claim-session';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { backToClaimPage, claimDeps, learnerPages, refusalPage } from '../../shared/learner-deps';
import { openClaim } from '../../shared/use-cases/learner-claims';
import { setRemindersOff } from '../../shared/use-cases/reminders';
import { loadSettings } from '../../shared/wiring/bindings';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';

const config = loadSettings(LEARNER_FUNCTIONS.SetCredentialReminders);
const deps = { ...claimDeps(config), reminders: reminderRepository(dynamo(), config.TABLE_NAME) };
const pages = learnerPages(config);
const body = z.object({ reminders: z.enum(['on', 'off']) });

/** POST /claim/credential/reminders (the claim page's form): expiry reminders off for this credential, or on again. */
export const handler = httpHandler({ origin: cloudFrontOrigin(LEARNER_FUNCTIONS.SetCredentialReminders), body, form: true, maxBodyBytes: 256 }, async ({ body, headers, event }) => {
  try {
    requireSameOrigin(headers, config.PUBLIC_BASE_URL);
    const claim = await openClaim(deps, requireClaimToken(event));
    if (!(await setRemindersOff(deps, claim.record.id, body.reminders === 'off'))) throw new ConflictError('This credential has no reminders to change: it does not expire.');
    return backToClaimPage(pages, 'reminders');
  } catch (e) {
    return refusalPage(pages, headers['accept-language'], e);
  }
});
