import { dynamo } from '../../shared/aws/dynamo';
import { eventBridge } from '../../shared/aws/clients';
import { eventBridgeBus } from '../../shared/adapters/eventbridge-bus';
import { achievementRepository } from '../../shared/entities/achievement';
import { credentialRepository } from '../../shared/entities/credential';
import { reminderRepository } from '../../shared/entities/reminder';
import { s3Artifacts } from '../../shared/adapters/s3-artifacts';
import { s3Objects } from '../../shared/aws/s3-objects';
import { issuerRepository } from '../../shared/entities/issuer';
import { httpHandler } from '../../shared/http/http-handler';
import { requireClaimToken, requireSameOrigin } from '../../shared/http/claim-session';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { backToClaimPage, claimDeps, issuerSigner, learnerPages, refusalPage } from '../../shared/learner-deps';
import { claimedDocument, openClaim } from '../../shared/use-cases/learner-claims';
import { withdrawName } from '../../shared/use-cases/credential-reissue';
import { loadIssuerSettings } from '../../shared/wiring/variables';
import { loadSettings } from '../../shared/wiring/bindings';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';

const config = loadSettings(LEARNER_FUNCTIONS.WithdrawName);
const claims = claimDeps(config);
const pages = learnerPages(config);
const db = dynamo();
const deps = {
  ...claims,
  credentials: credentialRepository(db, config.TABLE_NAME),
  reminders: reminderRepository(db, config.TABLE_NAME),
  artifacts: s3Artifacts(s3Objects(config.BUCKET_NAME)),
  achievements: achievementRepository(db, config.TABLE_NAME),
  issuers: issuerRepository(db, config.TABLE_NAME),
  signer: issuerSigner(config),
  eventBus: eventBridgeBus(eventBridge(), config.EVENT_BUS_NAME),
  settings: { ...claims.settings, issuer: loadIssuerSettings(config) },
};

/** POST /claim/credential/name (the claim page's form): a reissue without the learner's name; the original superseded. */
export const handler = httpHandler({ origin: cloudFrontOrigin(LEARNER_FUNCTIONS.WithdrawName) }, async ({ headers, event }) => {
  try {
    requireSameOrigin(headers, config.PUBLIC_BASE_URL);
    const claim = await openClaim(deps, requireClaimToken(event));
    const { credential } = await claimedDocument(deps, claim.record);
    await withdrawName(deps, claim.record, Boolean(credential.credentialSubject?.name));
    return backToClaimPage(pages, 'name');
  } catch (e) {
    return refusalPage(pages, headers['accept-language'], e);
  }
});
