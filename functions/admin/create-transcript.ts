import { learnerRecords, repositories } from '../../shared/admin-deps';
import { s3Artifacts } from '../../shared/adapters/s3-artifacts';
import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { s3Objects } from '../../shared/aws/s3-objects';
import { issuerRepository } from '../../shared/entities/issuer';
import { pathwayRepository } from '../../shared/entities/pathway';
import { httpHandler } from '../../shared/http/http-handler';
import { issuerSigner } from '../../shared/issuer-deps';
import { issueTranscript, type TranscriptDeps } from '../../shared/use-cases/clr-transcripts';
import { loadSettings } from '../../shared/wiring/bindings';
import { loadIssuerSettings } from '../../shared/wiring/variables';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.CreateTranscript);
const records = repositories(config.TABLE_NAME, config.AUDIT_WRITER_FUNCTION);
const { learners, learnerKeys } = learnerRecords(config);
const deps: TranscriptDeps = {
  learners,
  learnerKeys,
  credentials: records.credentials,
  pathways: pathwayRepository(dynamo(), config.TABLE_NAME),
  issuers: issuerRepository(dynamo(), config.TABLE_NAME),
  artifacts: s3Artifacts(s3Objects(config.BUCKET_NAME)),
  signer: issuerSigner(config),
  audit: records.audit,
  clock: records.clock,
  settings: { publicBaseUrl: config.PUBLIC_BASE_URL, issuer: loadIssuerSettings(config) },
};

/** POST /transcripts: the learner's transcript (CLR 2.0), signed now; the email comes in the body and goes nowhere else. */
export const handler = httpHandler(ADMIN_ROUTES.createTranscript, async ({ body, principal }) => {
  const transcript = await issueTranscript(deps, body, { kind: 'staff', id: principal!.id, name: principal!.name });
  return {
    status: 200,
    raw: true,
    body: transcript.body,
    headers: { 'content-type': 'application/ld+json', 'cache-control': 'no-store', 'content-disposition': 'attachment; filename="transcript-clr.json"' },
  };
});
