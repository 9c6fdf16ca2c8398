import { dynamo } from '../../shared/aws/dynamo';
import { kms } from '../../shared/aws/kms';
import { kmsKeyVault } from '../../shared/adapters/kms-key-vault';
import { achievementRepository } from '../../shared/entities/achievement';
import { credentialRepository } from '../../shared/entities/credential';
import { s3Artifacts } from '../../shared/adapters/s3-artifacts';
import { s3Objects } from '../../shared/aws/s3-objects';
import { issuerKeyRepository } from '../../shared/entities/issuer-key';
import { issuerRepository } from '../../shared/entities/issuer';
import { httpHandler } from '../../shared/http/http-handler';
import { requireClaimToken, requireSameOrigin } from '../../shared/http/claim-session';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { backToClaimPage, claimDeps, learnerPages, refusalPage } from '../../shared/learner-deps';
import { claimedDocument, openClaim } from '../../shared/use-cases/learner-claims';
import { withdrawName } from '../../shared/use-cases/credential-reissue';
import { currentSigner } from '../../shared/use-cases/signing-key';
import { loadIssuerSettings } from '../../shared/wiring/variables';
import { loadSettings } from '../../shared/wiring/bindings';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';

const config = loadSettings(LEARNER_FUNCTIONS.WithdrawName);
const claims = claimDeps(config);
const pages = learnerPages(config);
const db = dynamo();
const keyDeps = { keys: issuerKeyRepository(db, config.TABLE_NAME), keyVault: kmsKeyVault(kms()), publicBaseUrl: config.PUBLIC_BASE_URL, clock: claims.clock };
const deps = {
  ...claims,
  credentials: credentialRepository(db, config.TABLE_NAME),
  artifacts: s3Artifacts(s3Objects(config.BUCKET_NAME)),
  achievements: achievementRepository(db, config.TABLE_NAME),
  issuers: issuerRepository(db, config.TABLE_NAME),
  signer: async (issuerId: string) => (await currentSigner(keyDeps, issuerId)).signer,
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
