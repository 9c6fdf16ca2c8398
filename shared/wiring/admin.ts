import * as z from '../zod';
import { archive, batchWorkflow, bucket, env, eventBus, grant, integrationKey, issuanceWorkflow, mail, setting, signingKeys, table, webhookQueue, wiring } from './bindings';
import { audited, batchAdmin, issuer, issuerKeys, learnerIndex, publicBaseUrl, workflowStep } from './variables';

/**
 * The admin API's functions (infra/constructs/admin-api.ts), one export each, named as the
 * construct: what each handler reads from its environment, and what it may do with each.
 * A handler imports this module as a namespace and parses its own (`loadSettings(ADMIN_FUNCTIONS.CreateIssuance)`).
 */

const read = () => ({ TABLE_NAME: table('read') });
/** What draws a designed badge into images/ (shared/domain/badge-design.ts): the bucket, the public URL it is served at, the brand colour. */
const brandColor = () => setting(z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/)));
const badgeDrawing = () => ({ BUCKET_NAME: bucket('imageUpload'), PUBLIC_BASE_URL: publicBaseUrl(), BRAND_COLOR: brandColor() });
const readWrite = () => ({ TABLE_NAME: table('readWrite') });
/** Writes, and records them in the audit trail. */
const recorded = () => ({ ...readWrite(), ...audited() });

// Achievements
/** Draws the badge of an achievement without an image (images/ in the bucket, the brand colour). */
export const CreateAchievement = /* @__PURE__ */ wiring('functions/admin/create-achievement.ts', () => ({ ...readWrite(), ...issuer(), ...badgeDrawing() }));
export const ListAchievements = /* @__PURE__ */ wiring('functions/admin/list-achievements.ts', () => ({ ...read(), ISSUER_ID: setting(env.name) }));
export const GetAchievement = /* @__PURE__ */ wiring('functions/admin/get-achievement.ts', read);
/** Builds the credential a definition would issue (nothing stored): reads the issuer's profile. */
/** The credential and its public page, branded as the verification function brands it. */
export const PreviewAchievement = /* @__PURE__ */ wiring('functions/admin/preview-achievement.ts', () => ({
  ...read(),
  ...issuer(),
  PUBLIC_BASE_URL: publicBaseUrl(),
  BRAND_COLOR: brandColor(),
  BRAND_LOGO_URL: setting(z.optional(env.url)),
  LINKEDIN_ORGANIZATION_ID: setting(z.optional(z.string())),
  PAGE_LANGUAGE: setting(env.name),
}));
export const ListAchievementVersions = /* @__PURE__ */ wiring('functions/admin/list-achievement-versions.ts', read);
export const CompareAchievementVersions = /* @__PURE__ */ wiring('functions/admin/compare-achievement-versions.ts', read);
/** An uploaded image must have arrived; a changed design is drawn. */
export const UpdateAchievement = /* @__PURE__ */ wiring('functions/admin/update-achievement.ts', () => ({ ...readWrite(), ...badgeDrawing() }));
export const SetAchievementLifecycle = /* @__PURE__ */ wiring('functions/admin/set-achievement-lifecycle.ts', readWrite);
export const UploadAchievementImage = /* @__PURE__ */ wiring('functions/admin/upload-achievement-image.ts', () => ({ ...read(), BUCKET_NAME: bucket('imageUpload'), PUBLIC_BASE_URL: publicBaseUrl() }));

// Pathways (shared/use-cases/pathways.ts): definitions check the achievements they name.
export const CreatePathway = /* @__PURE__ */ wiring('functions/admin/create-pathway.ts', readWrite);
export const UpdatePathway = /* @__PURE__ */ wiring('functions/admin/update-pathway.ts', readWrite);
export const ListPathways = /* @__PURE__ */ wiring('functions/admin/list-pathways.ts', read);
export const GetPathway = /* @__PURE__ */ wiring('functions/admin/get-pathway.ts', read);
/** Keys the learner's email to find their credentials in the learner index. */
export const GetPathwayProgress = /* @__PURE__ */ wiring('functions/admin/get-pathway-progress.ts', () => ({ ...read(), ...learnerIndex() }));
export const ListPathwayAwards = /* @__PURE__ */ wiring('functions/admin/list-pathway-awards.ts', read);

// Issuers and their keys
export const CreateIssuer = /* @__PURE__ */ wiring('functions/admin/create-issuer.ts', () => ({ ...issuerKeys(), KEY_TAG: signingKeys('create'), ARCHIVE_BUCKET_NAME: archive('keepDocuments') }));
export const RotateIssuerKey = /* @__PURE__ */ wiring('functions/admin/rotate-issuer-key.ts', () => ({ ...issuerKeys(), KEY_TAG: signingKeys('create'), ARCHIVE_BUCKET_NAME: archive('keepDocuments') }));
export const ListIssuers = /* @__PURE__ */ wiring('functions/admin/list-issuers.ts', () => ({ ...read(), ...issuer() }));
export const GetIssuer = /* @__PURE__ */ wiring('functions/admin/get-issuer.ts', () => ({ ...read(), ...issuer() }));
export const UpdateIssuer = /* @__PURE__ */ wiring('functions/admin/update-issuer.ts', () => ({ ...readWrite(), ...issuer() }));
/** A compromised current key is rotated out first. */
export const CompromiseIssuerKey = /* @__PURE__ */ wiring('functions/admin/compromise-issuer-key.ts', () => ({ ...issuerKeys(), KEY_TAG: signingKeys('create'), ARCHIVE_BUCKET_NAME: archive('keepDocuments') }));
/** Registers the default issuer's first key if needed (reads its public half). */
/** Reads only: the deployment registers the default issuer's keys (functions/deploy/), not this route. */
export const ListIssuerKeys = /* @__PURE__ */ wiring('functions/admin/list-issuer-keys.ts', () => ({ ...issuerKeys(), ...read() }));
export const ListKeyCredentials = /* @__PURE__ */ wiring('functions/admin/list-key-credentials.ts', () => ({ ...issuerKeys(), ...read() }));

// Issuances and approvals
export const CreateIssuance = /* @__PURE__ */ wiring('functions/admin/create-issuance.ts', () => ({ ...recorded(), ...learnerIndex(), STATE_MACHINE_ARN: issuanceWorkflow('start') }));
/** POST /credentials/{id}/renewals: an issuance that renews a credential (use-cases/renewals.ts). */
export const RenewCredential = /* @__PURE__ */ wiring('functions/admin/renew-credential.ts', () => ({ ...recorded(), ...learnerIndex(), STATE_MACHINE_ARN: issuanceWorkflow('start') }));
export const RetryIssuance = /* @__PURE__ */ wiring('functions/admin/retry-issuance.ts', () => ({ ...recorded(), STATE_MACHINE_ARN: issuanceWorkflow('start') }));
export const RequestException = /* @__PURE__ */ wiring('functions/admin/request-exception.ts', () => ({ ...recorded(), ...learnerIndex(), STATE_MACHINE_ARN: issuanceWorkflow('start') }));
/** Stops the request's execution (its ARN is on the record); IssuanceCancelled goes to the bus. */
export const CancelIssuance = /* @__PURE__ */ wiring(
  'functions/admin/cancel-issuance.ts',
  () => ({ ...recorded(), ...learnerIndex(), EVENT_BUS_NAME: eventBus('put') }),
  () => [grant('issuanceWorkflow', 'stop')],
);
export const ListIssuances = /* @__PURE__ */ wiring('functions/admin/list-issuances.ts', read);
export const GetIssuance = /* @__PURE__ */ wiring('functions/admin/get-issuance.ts', read);
export const ListPendingApprovals = /* @__PURE__ */ wiring('functions/admin/list-pending-approvals.ts', read);
/** Answers the approval step's task token (on the record). */
export const ApproveIssuance = /* @__PURE__ */ wiring('functions/admin/approve-issuance.ts', recorded, () => [grant('issuanceWorkflow', 'answer')]);
export const RejectIssuance = /* @__PURE__ */ wiring('functions/admin/reject-issuance.ts', () => ({ ...recorded(), ...learnerIndex() }), () => [grant('issuanceWorkflow', 'answer')]);
/** Presigns the evidence file's PUT. */
export const CreateEvidenceUpload = /* @__PURE__ */ wiring('functions/admin/create-evidence-upload.ts', () => ({ ...readWrite(), BUCKET_NAME: bucket('evidenceUpload') }));

// Cohort batches: the parent execution is started, answered and stopped from here.
/** Presigns the file's PUT. */
export const CreateBatch = /* @__PURE__ */ wiring('functions/admin/create-batch.ts', () => ({ ...batchAdmin(), BUCKET_NAME: bucket('batchFiles') }));
/** The file must have arrived. */
export const SubmitBatch = /* @__PURE__ */ wiring('functions/admin/submit-batch.ts', () => ({ ...batchAdmin(), BUCKET_NAME: bucket('readBatchFiles'), BATCH_STATE_MACHINE_ARN: batchWorkflow('start') }));
export const GetBatch = /* @__PURE__ */ wiring('functions/admin/get-batch.ts', () => ({ ...batchAdmin(), ...read() }));
export const ListBatches = /* @__PURE__ */ wiring('functions/admin/list-batches.ts', () => ({ ...batchAdmin(), ...read() }));
/** Reads the rows and problems; a large report is written there. */
export const GetBatchReport = /* @__PURE__ */ wiring('functions/admin/get-batch-report.ts', () => ({ ...batchAdmin(), ...read(), BUCKET_NAME: bucket('batchFiles') }));
export const StartBatch = /* @__PURE__ */ wiring('functions/admin/start-batch.ts', () => ({ ...batchAdmin(), BATCH_STATE_MACHINE_ARN: batchWorkflow('answer') }));
export const DecideBatch = /* @__PURE__ */ wiring('functions/admin/decide-batch.ts', () => ({ ...batchAdmin(), BATCH_STATE_MACHINE_ARN: batchWorkflow('answer') }));
export const CancelBatch = /* @__PURE__ */ wiring('functions/admin/cancel-batch.ts', () => ({ ...batchAdmin(), BATCH_STATE_MACHINE_ARN: batchWorkflow('stop') }));
export const RetryBatch = /* @__PURE__ */ wiring('functions/admin/retry-batch-failures.ts', () => ({ ...batchAdmin(), BUCKET_NAME: bucket('batchFiles'), BATCH_STATE_MACHINE_ARN: batchWorkflow('start') }));
export const GetBatchTemplate = /* @__PURE__ */ wiring('functions/admin/get-batch-template.ts', read);

// Audit
export const GetIssuanceAudit = /* @__PURE__ */ wiring('functions/admin/get-issuance-audit.ts', read);
export const GetCredentialAudit = /* @__PURE__ */ wiring('functions/admin/get-credential-audit.ts', read);
export const GetEvidencePack = /* @__PURE__ */ wiring('functions/admin/get-evidence-pack.ts', () => ({ ...read(), BUCKET_NAME: bucket('readCredentials') }));

// Credentials
export const GetCredentialRecord = /* @__PURE__ */ wiring('functions/admin/get-credential.ts', () => ({ ...read(), PUBLIC_BASE_URL: publicBaseUrl() }));
export const ListCredentials = /* @__PURE__ */ wiring('functions/admin/list-credentials.ts', () => ({ ...read(), PUBLIC_BASE_URL: publicBaseUrl() }));
export const SearchCredentials = /* @__PURE__ */ wiring('functions/admin/search-credentials.ts', () => ({ ...read(), ...learnerIndex(), PUBLIC_BASE_URL: publicBaseUrl() }));
export const ChangeDeliveryAddress = /* @__PURE__ */ wiring('functions/admin/change-delivery-address.ts', recorded);
/** Revoke, suspend, reinstate: one function, since all three re-sign a status list. */
export const ChangeCredentialStatus = /* @__PURE__ */ wiring('functions/admin/change-credential-status.ts', () => ({ ...recorded(), ...learnerIndex(), SIGNING_KEY_ARN: signingKeys('sign'), ARCHIVE_BUCKET_NAME: archive('keepDocuments'), ...issuer() }));
/** Many at once (shared/use-cases/bulk-credential-status.ts): the same grants, and a batch's chunks to find its credentials. */
export const ChangeCredentialStatuses = /* @__PURE__ */ wiring('functions/admin/change-credential-statuses.ts', () => ({ ...recorded(), ...learnerIndex(), SIGNING_KEY_ARN: signingKeys('sign'), ARCHIVE_BUCKET_NAME: archive('keepDocuments'), ...issuer() }));
/**
 * Erases a learner (shared/use-cases/learner-erasure.ts): their records (and the learner index,
 * keyed), the evidence and cohort files in every version, the trails' sealed details through the
 * writer; stops the executions of the requests it cancels, which announce IssuanceCancelled.
 */
export const EraseLearner = /* @__PURE__ */ wiring(
  'functions/admin/erase-learner.ts',
  () => ({
    ...recorded(),
    ...learnerIndex(),
    BUCKET_NAME: bucket('erasePersonalData'),
    EVENT_BUS_NAME: eventBus('put'),
    BATCH_FILE_RETENTION_DAYS: setting(z.coerce.number().check(z.int(), z.positive())),
  }),
  () => [grant('issuanceWorkflow', 'stop')],
);
export const GetErasure = /* @__PURE__ */ wiring('functions/admin/get-erasure.ts', read);
/** Resends the learner's email (to a corrected address after a bounce): a workflow step, run by staff. */
/** POST /credentials/{id}/corrections: signs the corrected credential (use-cases/credential-reissue.ts) and announces CredentialSuperseded. */
export const CorrectCredential = /* @__PURE__ */ wiring('functions/admin/correct-credential.ts', () => ({
  ...recorded(),
  ...issuer(),
  BUCKET_NAME: bucket('writeCredentials'),
  SIGNING_KEY_ARN: signingKeys('sign'),
  EVENT_BUS_NAME: eventBus('put'),
}));
export const ResendCredential = /* @__PURE__ */ wiring('functions/admin/resend-credential.ts', () => ({ ...workflowStep(), SENDER_EMAIL: mail('send').as(env.email) }));
/**
 * POST /transcripts (shared/use-cases/clr-transcripts.ts): keys the learner's email into the learner
 * index, reads their credentials' records and signed documents, signs the ClrCredential with the
 * institution's current key, and records it on each embedded credential's trail.
 */
export const CreateTranscript = /* @__PURE__ */ wiring('functions/admin/create-transcript.ts', () => ({
  ...read(),
  ...audited(),
  ...learnerIndex(),
  ...issuer(),
  BUCKET_NAME: bucket('readCredentials'),
  SIGNING_KEY_ARN: signingKeys('sign'),
}));

// Webhook subscriptions (shared/use-cases/webhook-subscriptions.ts), in the Integrations area.
/** Derives the signing secret it answers once (the integration key). */
export const CreateWebhookSubscription = /* @__PURE__ */ wiring('functions/admin/create-webhook-subscription.ts', () => ({ ...recorded(), INTEGRATION_KEY_ARN: integrationKey('generateMac') }));
export const ListWebhookSubscriptions = /* @__PURE__ */ wiring('functions/admin/list-webhook-subscriptions.ts', read);
export const GetWebhookSubscription = /* @__PURE__ */ wiring('functions/admin/get-webhook-subscription.ts', read);
/** Enabling a subscription puts the deliveries its disabling paused back on the delivery queue. */
export const UpdateWebhookSubscription = /* @__PURE__ */ wiring('functions/admin/update-webhook-subscription.ts', () => ({ ...recorded(), WEBHOOK_QUEUE_URL: webhookQueue('send').as(env.url) }));
export const RotateWebhookSecret = /* @__PURE__ */ wiring('functions/admin/rotate-webhook-secret.ts', () => ({ ...recorded(), INTEGRATION_KEY_ARN: integrationKey('generateMac') }));
export const ListWebhookDeliveries = /* @__PURE__ */ wiring('functions/admin/list-webhook-deliveries.ts', read);
/** Puts the replayed delivery on the delivery queue. */
export const ReplayWebhookDelivery = /* @__PURE__ */ wiring('functions/admin/replay-webhook-delivery.ts', () => ({ ...recorded(), WEBHOOK_QUEUE_URL: webhookQueue('send').as(env.url) }));

// Reports, and the API describing itself
export const GetReport = /* @__PURE__ */ wiring('functions/admin/get-report.ts', read);
/** The OAuth token URL, when the user pool has a domain. */
export const GetOpenApi = /* @__PURE__ */ wiring('functions/admin/get-openapi.ts', () => ({ TOKEN_URL: setting(z.optional(env.url)) }));
