import { kmsLearnerKeyer } from '../../shared/adapters/kms-learner-keyer';
import { lambdaAuditLog } from '../../shared/adapters/lambda-audit-log';
import { dynamo } from '../../shared/aws/dynamo';
import { kms } from '../../shared/aws/kms';
import { auditRepository } from '../../shared/entities/audit';
import { learnerOf } from '../../shared/entities/issuance';
import { issuerRepository } from '../../shared/entities/issuer';
import { learnerRepository } from '../../shared/entities/learner';
import { pathwayRepository } from '../../shared/entities/pathway';
import { httpHandler } from '../../shared/http/http-handler';
import { requireClaimToken, requireSameOrigin } from '../../shared/http/claim-session';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { issuerSigner } from '../../shared/issuer-deps';
import { claimReads, learnerPages, refusalPage } from '../../shared/learner-deps';
import { issueTranscript, type TranscriptDeps } from '../../shared/use-cases/clr-transcripts';
import { LEARNER_ACTOR, openClaim } from '../../shared/use-cases/learner-claims';
import { loadIssuerSettings } from '../../shared/wiring/variables';
import { loadSettings } from '../../shared/wiring/bindings';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';

const config = loadSettings(LEARNER_FUNCTIONS.DownloadTranscript);
const pages = learnerPages(config);
const reads = claimReads(config);
const learnerKeys = kmsLearnerKeyer(kms(), config.LEARNER_KEY_ARN);
/** The transcript's ports: the learner index (keyed), pathway awards, the institution's signer, the audit writer. */
const deps: TranscriptDeps = {
  learners: learnerRepository(dynamo(), config.TABLE_NAME, learnerKeys),
  learnerKeys,
  credentials: reads.credentials,
  pathways: pathwayRepository(dynamo(), config.TABLE_NAME),
  issuers: issuerRepository(dynamo(), config.TABLE_NAME),
  artifacts: reads.artifacts,
  signer: issuerSigner(config),
  audit: lambdaAuditLog(config.AUDIT_WRITER_FUNCTION, auditRepository(dynamo(), config.TABLE_NAME), reads.clock),
  clock: reads.clock,
  settings: { publicBaseUrl: config.PUBLIC_BASE_URL, issuer: loadIssuerSettings(config) },
};

/**
 * POST /claim/credential/transcript (the claim page's form): the learner's CLR 2.0 transcript of
 * all their current credentials, signed now and recorded on each credential's trail. The learner
 * is who the session's credential was issued to: the address its identity hashes.
 */
export const handler = httpHandler({ origin: cloudFrontOrigin(LEARNER_FUNCTIONS.DownloadTranscript) }, async ({ headers, event }) => {
  try {
    requireSameOrigin(headers, config.PUBLIC_BASE_URL);
    const claim = await openClaim(reads, requireClaimToken(event));
    const { body } = await issueTranscript(deps, { email: learnerOf(claim.issuance).email }, LEARNER_ACTOR);
    return {
      status: 200,
      raw: true,
      body,
      headers: { 'content-type': 'application/ld+json', 'content-disposition': 'attachment; filename="transcript-clr.json"', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
    };
  } catch (e) {
    return refusalPage(pages, headers['accept-language'], e);
  }
});
